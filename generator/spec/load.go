// Package spec reads an OpenAPI 3.0 or 3.1 document with kin-openapi, reports the
// defects that strict validation finds without stopping on them, and builds
// the generator's intermediate model from it.
package spec

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dubgen/dubgen/generator/diag"
	"github.com/dubgen/dubgen/generator/model"
)

// Load reads the spec at path, reports its defects and builds the model.
// It returns an error only for what cannot be generated: an unreadable or
// unparsable file, unresolvable references, duplicate operationIds and the
// like. Everything else comes back as warnings in the list.
func Load(path string) (*model.API, diag.List, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read spec: %w", err)
	}
	return LoadData(path, data)
}

// LoadData is Load for a spec already in memory; name is used in messages
// and to resolve relative references (none are followed outside the file).
//
// Loading is a pure function of name and data, and the model is not
// changed after it is built, so the last few results are kept (see
// memo.go): a process that generates the same spec again (the CLI's
// tests, spec-update's before/after) parses it once.
func LoadData(name string, data []byte) (*model.API, diag.List, error) {
	return memoized(name, data, loadData)
}

func loadData(name string, data []byte) (*model.API, diag.List, error) {
	doc, err := Parse(name, data)
	if err != nil {
		return nil, nil, err
	}
	// Defects are found in the document as written; the builder reads 3.1
	// schemas in their 3.0 form (see normalise31).
	ds := Check(context.Background(), doc)
	if doc.IsOpenAPI31OrLater() {
		normalise31(doc)
	}
	api, bds := Build(doc)
	ds = append(ds, bds...)
	if err := ds.Err(); err != nil {
		return nil, ds, fmt.Errorf("spec %s cannot be generated:\n%w", name, err)
	}
	return api, ds, nil
}

// Parse parses a JSON or YAML OpenAPI document and resolves its internal
// references. External references are refused.
func Parse(name string, data []byte) (*openapi3.T, error) {
	// JSON takes the fast path (see decode.go); YAML, and any document the
	// fast path refuses, the loader. When both refuse a document, the fast
	// path's error is reported for a JSON document, else the loader's.
	doc, ok, fastErr := parseJSON(name, data)
	if ok && fastErr == nil && doc.OpenAPI != "" {
		return doc, nil
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	u := &url.URL{Path: name}
	doc, err := loader.LoadFromDataWithPath(data, u)
	if err != nil {
		// A document that begins as JSON is most likely meant as JSON: the
		// fast path's located problems (or the line and column where it
		// stops being JSON) say more than the loader's JSON-then-YAML
		// message.
		var located *decodeError
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		if errors.As(fastErr, &located) || errors.As(fastErr, &syntax) || errors.As(fastErr, &typ) {
			return nil, fastErr
		}
		if refs := danglingRefs(data); len(refs) > 0 {
			return nil, fmt.Errorf("spec %s: %s: %w", name, strings.Join(refs, "; "), err)
		}
		return nil, fmt.Errorf("spec %s: parse: %w", name, err)
	}
	if doc.OpenAPI == "" {
		return nil, fmt.Errorf("spec %s: %w", name, errors.New(`not an OpenAPI document: the "openapi" version field is missing`))
	}
	return doc, nil
}

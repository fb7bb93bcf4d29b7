package spec

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dubgen/dubgen/generator/diag"
)

// Check runs kin-openapi's validation piece by piece (each component schema,
// each parameter, body and response of each operation) so that every defect
// is reported with its location instead of validation stopping at the first.
// All findings are warnings: the builder copes with them.
func Check(ctx context.Context, doc *openapi3.T) diag.List {
	var ds diag.List
	// The pieces are validated by the rules of the document's version, as
	// doc.Validate does for the whole.
	switch {
	case doc.IsOpenAPI32OrLater():
		ctx = openapi3.WithValidationOptions(ctx, openapi3.IsOpenAPI32OrLater())
	case doc.IsOpenAPI31OrLater():
		ctx = openapi3.WithValidationOptions(ctx, openapi3.IsOpenAPI31OrLater())
	}
	report := func(where string, err error) {
		// Bad patterns are reported by the builder, property by property.
		if err != nil && !strings.Contains(err.Error(), "error parsing regexp") {
			ds.Warnf(where, "spec defect: %s", oneLine(err))
		}
	}
	if doc.Components != nil {
		for _, name := range slices.Sorted(maps.Keys(doc.Components.Schemas)) {
			report("components.schemas."+name, doc.Components.Schemas[name].Validate(ctx))
		}
	}
	if doc.Paths != nil {
		paths := doc.Paths.Map()
		for _, path := range slices.Sorted(maps.Keys(paths)) {
			item := paths[path]
			for _, pr := range item.Parameters {
				if pr.Value != nil {
					report(fmt.Sprintf("%s parameter %s", path, pr.Value.Name), pr.Validate(ctx))
				}
			}
			for _, method := range methodOrder {
				op := item.GetOperation(method)
				if op == nil {
					continue
				}
				at := opWhere(method, path, op)
				for _, pr := range op.Parameters {
					name := pr.Ref
					if pr.Value != nil {
						name = pr.Value.Name
					}
					report(at+" parameter "+name, pr.Validate(ctx))
				}
				if op.RequestBody != nil {
					report(at+" request body", op.RequestBody.Validate(ctx))
				}
				if op.Responses != nil {
					resps := op.Responses.Map()
					for _, code := range slices.Sorted(maps.Keys(resps)) {
						report(at+" response "+code, resps[code].Validate(ctx))
					}
				}
			}
		}
	}
	if len(ds) == 0 {
		// Nothing found piecewise; catch document-level problems.
		report("document", doc.Validate(ctx))
	}
	return ds
}

// methodOrder is the order operations of one path are visited in.
var methodOrder = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"}

func opWhere(method, path string, op *openapi3.Operation) string {
	if op.OperationID == "" {
		return method + " " + path
	}
	return fmt.Sprintf("%s %s (%s)", method, path, op.OperationID)
}

// oneLine squeezes kin-openapi's multi-line messages (which embed whole
// schemas) into their first line.
func oneLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}

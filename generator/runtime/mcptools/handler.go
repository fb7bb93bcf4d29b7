package mcptools

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generator/runtime/apiclient"
)

// handler builds a tool's handler from its spec: check the arguments,
// build the request (path, query and JSON body as the spec's arguments
// say), send it with c.Raw and return the answer as the spec's result
// kind says. A nil c fails every call with an error result.
func handler(c *apiclient.Client, s *Spec, a *argSpec) server.ToolHandlerFunc {
	name := s.Tool.Name
	want := wrappedShape(s.Tool.RawOutputSchema, s.Wrap)
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		args, err := a.prepare(req)
		if err != nil {
			return errorResult(name, err), nil
		}
		r, err := buildRequest(s, args)
		if err != nil {
			return errorResult(name, err), nil
		}
		if c == nil {
			return errorResult(name, errors.New("no API client")), nil
		}
		res, err := c.Raw(ctx, r)
		if err != nil {
			return errorResult(name, err), nil
		}
		return answer(s, want, res), nil
	}
}

// buildRequest places the checked arguments: path variables (escaped),
// query values (arrays repeated or comma-joined per Explode) and the JSON
// body under the arguments' wire names.
func buildRequest(s *Spec, args map[string]any) (apiclient.Request, error) {
	r := apiclient.Request{Op: s.OperationID, Method: s.Method, Path: s.Route}
	q := url.Values{}
	var body map[string]any
	if s.Body == BodyObject {
		body = map[string]any{}
	}
	for _, a := range s.Args {
		v, ok := args[a.Name]
		if !ok || (v == nil && !(a.In == InBody && a.Nullable)) {
			continue
		}
		switch a.In {
		case InPath:
			r.Path = strings.ReplaceAll(r.Path, "{"+a.Wire+"}", url.PathEscape(apiclient.QueryValue(v)))
		case InQuery:
			addQuery(q, a.Wire, v, a.Explode)
			if _, isList := v.([]any); isList && !a.Explode {
				if err := sentItems(a.Name, q.Get(a.Wire), s.Rules.Limits[a.Name]); err != nil {
					return r, err
				}
			}
		case InBody:
			if s.Body == BodyArray || a.Wire == "" {
				b, err := json.Marshal(v)
				if err != nil {
					return r, &argError{fmt.Sprintf("argument %q: %v", a.Name, err)}
				}
				r.Body = json.RawMessage(b)
				continue
			}
			if body != nil {
				body[a.Wire] = v
			}
		}
	}
	if len(q) > 0 {
		r.Query = q
	}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return r, &argError{fmt.Sprintf("arguments for %s: %v", s.Tool.Name, err)}
		}
		r.Body = json.RawMessage(b)
	}
	return r, nil
}

// addQuery adds v under key: each element of an array under its own key
// (explode) or all joined with commas, formatted as the typed client does.
func addQuery(q url.Values, key string, v any, explode bool) {
	if list, ok := v.([]any); ok {
		apiclient.AddQueryList(q, key, list, explode)
		return
	}
	apiclient.AddQuery(q, key, v)
}

// answer turns a 2xx answer into the tool result the spec's Result says:
// {"ok": true} for none, image content for images, and otherwise Dub's
// JSON as Dub sent it (wrapped in {Wrap: ...} when it is not an object,
// since structured content must be one). want is the JSON type the
// output schema gives the wrapped value (and its elements): an answer of
// another type cannot be valid structured content, so it becomes an error
// result quoting the start of it. Bulk answers get a summary of what
// succeeded and what failed.
func answer(s *Spec, want shapeWant, res *apiclient.Response) *mcp.CallToolResult {
	switch s.Result {
	case ResultNone:
		return rawResult([]byte(`{"ok":true}`), "")
	case ResultImage:
		return imageResult(s.Tool.Name, &apiclient.Binary{ContentType: res.Header.Get("Content-Type"), Data: res.Body})
	}
	body := res.Body
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("null")
		if s.Wrap == "" {
			body = []byte("{}")
		}
	}
	if !json.Valid(body) {
		return errorResult(s.Tool.Name, fmt.Errorf("the Dub API answered HTTP %d with a body that is not valid JSON (%d bytes): %q", res.Status, len(body), snippet(body)))
	}
	got := jsonType(body)
	wrap := s.Wrap
	if wrap == "" && got != "object" {
		wrap = "result"
	}
	if wrap != "" {
		if bad := want.mismatch(body, got); bad != "" {
			return errorResult(s.Tool.Name, fmt.Errorf("the Dub API answered HTTP %d with %s where its spec promises otherwise (this tool's output schema): %s", res.Status, bad, snippet(body)))
		}
	}
	r := rawResult(body, wrap)
	if s.Bulk && got == "array" {
		return bulkResult(s, r, body)
	}
	return r
}

// jsonType is the JSON Schema type of the valid JSON value b ("integer"
// for numbers without fraction or exponent).
func jsonType(b []byte) string {
	b = bytes.TrimSpace(b)
	switch b[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	if bytes.ContainsAny(b, ".eE") {
		return "number"
	}
	return "integer"
}

// shapeWant is what a tool's output schema says of the wrapped value:
// its JSON type and, for arrays, its elements' ("" for any).
type shapeWant struct {
	typ, items string
}

// wrappedShape reads shapeWant from the output schema raw for its
// property wrap (zero when there is none).
func wrappedShape(raw json.RawMessage, wrap string) shapeWant {
	if wrap == "" || raw == nil {
		return shapeWant{}
	}
	var schema struct {
		Properties map[string]struct {
			Type  string `json:"type"`
			Items struct {
				Type string `json:"type"`
			} `json:"items"`
		} `json:"properties"`
	}
	if json.Unmarshal(raw, &schema) != nil {
		return shapeWant{}
	}
	p := schema.Properties[wrap]
	return shapeWant{typ: p.Type, items: p.Items.Type}
}

// typeFits reports whether a value of JSON type got is valid where want
// is asked ("" for any; integers are numbers).
func typeFits(want, got string) bool {
	return want == "" || got == want || want == "number" && got == "integer"
}

// mismatch says how body (of JSON type got) breaks w ("" if it does not):
// "a JSON string", "an array with a string element".
func (w shapeWant) mismatch(body []byte, got string) string {
	if !typeFits(w.typ, got) {
		return "a JSON " + got
	}
	if got != "array" || w.items == "" {
		return ""
	}
	elems, _ := topElements(body)
	for _, e := range elems {
		if et := jsonType(e); !typeFits(w.items, et) {
			return "an array with " + article(et) + " element"
		}
	}
	return ""
}

// snippet is the start of a body, for messages.
func snippet(b []byte) string {
	const max = 200
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

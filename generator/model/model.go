// Package model is the intermediate representation between an OpenAPI
// document and dubgen's emitters. The spec loader fills it; the client and
// MCP emitters read it. Nothing in here depends on kin-openapi, and every
// slice is in a deterministic order, so that the same spec always produces
// the same output.
package model

// API is one loaded spec: its operations and the named types they use.
type API struct {
	// Title and Version come from the spec's info object.
	Title, Version string
	// ServerURL is the first server URL of the spec ("" if none).
	ServerURL string
	// Operations are sorted by route, then by method (GET, POST, PUT, PATCH, DELETE).
	Operations []*Operation
	// Types are the named types (component schemas and hoisted inline
	// objects, enums and unions), sorted by Go name.
	Types []*Schema
}

// Operation is one HTTP operation of the spec.
type Operation struct {
	// ID is the spec's operationId.
	ID string
	// GoName is the exported Go identifier for the operation (e.g. GetLinks).
	GoName string
	// Method is the upper-case HTTP method.
	Method string
	// Path is the route template, e.g. /links/{linkId}.
	Path       string
	Summary    string
	Desc       string
	Tags       []string
	Deprecated bool
	// Params holds path parameters first, then query parameters, each group
	// sorted by name.
	Params []*Param
	// Body is the request body, nil when the operation takes none.
	Body *Body
	// Response is the success response.
	Response *Response
}

// HasPathParams reports whether any parameter is in the path.
func (o *Operation) HasPathParams() bool {
	for _, p := range o.Params {
		if p.In == InPath {
			return true
		}
	}
	return false
}

// Location says where a parameter travels.
type Location string

// Parameter locations dubgen supports.
const (
	InPath  Location = "path"
	InQuery Location = "query"
)

// Param is a path or query parameter.
type Param struct {
	// Name is the wire name.
	Name string
	// GoName is the exported Go field name.
	GoName string
	// Key is the parameter's name among the operation's parameters: Name,
	// or "query_id" when a path parameter is also called id. It names the
	// tool argument and the parameter struct's JSON tag.
	Key        string
	In         Location
	Desc       string
	Required   bool
	Deprecated bool
	// Explode is the OpenAPI explode flag for form-style arrays (true: repeated
	// keys; false: one comma-separated value).
	Explode bool
	Schema  *Schema
}

// ArgName is the parameter's name among the operation's parameters: Key,
// or Name when Key is unset.
func (p *Param) ArgName() string {
	if p.Key != "" {
		return p.Key
	}
	return p.Name
}

// Body is a request body.
type Body struct {
	ContentType string
	Required    bool
	Desc        string
	Schema      *Schema
}

// Response is the success response of an operation.
type Response struct {
	// Status is the documented success status (200, 201, 202, ...).
	Status int
	// ContentType is the media type; "" for an empty response.
	ContentType string
	Desc        string
	// Schema is the JSON schema; nil for binary or empty responses.
	Schema *Schema
}

// Binary reports whether the response is non-JSON bytes (e.g. image/png).
func (r *Response) Binary() bool {
	return r != nil && r.ContentType != "" && r.Schema == nil
}

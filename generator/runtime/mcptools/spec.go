package mcptools

import (
	"encoding/json"

	"github.com/mark3labs/mcp-go/mcp"
)

// Catalog is a generated package's tools as data, with the facts that
// hold across them. The generator computes every fact once, from the spec
// and the overlay; the runtime reads them and rediscovers nothing.
type Catalog struct {
	// Specs holds one entry per tool.
	Specs []Spec
	// DefaultToolsets are the toolsets "default" stands for in a toolset
	// list (from the overlay).
	DefaultToolsets []string
}

// Spec is one tool as data: its definition and everything the runtime
// needs to list it, filter it, check its arguments, send its request and
// shape its result.
type Spec struct {
	// Tool is the definition as listed: name, title, description,
	// annotations, the self-contained input schema and the output schema.
	// The annotations follow the HTTP method (the generator refuses an
	// overlay that says otherwise).
	Tool mcp.Tool
	// OperationID, Method and Route name the API operation the tool calls.
	OperationID, Method, Route string
	// Tags are the operation's tags from the spec.
	Tags []string
	// Toolset is the group the tool belongs to.
	Toolset string
	// Aliases are old names the tool still answers to; they are not listed.
	Aliases []string
	// Compact is the shorter input schema listed while every tool in Needs
	// is served too (nil: none).
	Compact json.RawMessage
	// Needs are the tools Compact refers agents to.
	Needs []string
	// Bulk marks tools that act on many items at once (they skip Dub's
	// webhooks; see WithoutBulk).
	Bulk bool
	// Args says where each argument goes in the request.
	Args []Arg
	// Body says how the arguments make the request body.
	Body BodyKind
	// Rules are checked before any request leaves.
	Rules Rules
	// Paging is what the tool's arguments say about pagination.
	Paging Paging
	// Result says what the answer holds.
	Result ResultKind
	// Wrap is the property a JSON answer that is not an object is wrapped
	// in, for structured content ("" for object answers).
	Wrap string
}

// In says where an argument goes.
type In uint8

// Where arguments go.
const (
	InPath In = iota + 1
	InQuery
	InBody
)

// Arg is one tool argument.
type Arg struct {
	// Name is the argument name agents see.
	Name string
	// Wire is its name in the request: the path variable, query key or
	// body property ("" for the argument that carries a whole array body).
	Wire string
	// In says where it goes.
	In In
	// Required arguments must be given (or have a default).
	Required bool
	// Explode, for array query parameters, repeats the key per value
	// (a=1&a=2) instead of joining the values with commas (a=1,2).
	Explode bool
	// Nullable body properties are sent as null when the agent passes
	// null; other arguments passed as null are left out.
	Nullable bool
}

// BodyKind says how the arguments make the request body.
type BodyKind uint8

// Request body kinds.
const (
	// BodyNone: no request body.
	BodyNone BodyKind = iota
	// BodyObject: the body arguments are the properties of one object
	// (also for a body that is one of several objects).
	BodyObject
	// BodyArray: one argument (the body argument with no Wire name)
	// carries the whole body, an array.
	BodyArray
)

// ResultKind says what a tool's answer holds.
type ResultKind uint8

// Result kinds.
const (
	// ResultJSON: Dub's JSON, returned as Dub sent it.
	ResultJSON ResultKind = iota
	// ResultNone: no content; the tool returns {"ok": true}.
	ResultNone
	// ResultImage: image bytes, returned as image content.
	ResultImage
)

// Rules are a tool's argument rules, checked before any request leaves,
// so a bad call costs no API quota and gets a message saying how to fix it.
type Rules struct {
	// Enums lists the allowed values of string arguments (or of the
	// elements of string-array arguments).
	Enums map[string][]string
	// MaxItems caps array arguments.
	MaxItems map[string]int
	// Limits are the spec's constraints on every input value, by schema
	// path: an argument ("url"), its items ("linkIds[]") or fields below
	// it ("links[].testVariants[].percentage").
	Limits map[string]Limit
	// Together: groups of arguments that must all be given if any is.
	Together [][]string
	// Identity: alternative groups; exactly one must be given whole.
	Identity [][]string
	// Requires: an argument and the arguments it cannot go without.
	Requires map[string][]string
	// DefaultsJSON holds the defaults of absent arguments as a JSON object
	// (written by json.Marshal at generation).
	DefaultsJSON string
	// Examples are sample values used in messages.
	Examples map[string]string
	// VariantArg discriminates a body that is one of several objects;
	// Variants lists, per value, the arguments that value requires.
	VariantArg string
	Variants   map[string][]string
	// HiddenFields are the schema paths of accepted but unlisted fields
	// ("links[].tagId", "data.tagId").
	HiddenFields []string
	// FieldsOf names, per object argument, the tool whose arguments its
	// fields are, for messages.
	FieldsOf map[string]string
}

// Paging is what a tool's arguments say about pagination.
type Paging struct {
	// SizeArg is the page-size argument ("pageSize", "limit"; "" if none).
	SizeArg string
	// Cursor is true when the tool takes startingAfter.
	Cursor bool
	// Page is true when the tool takes page.
	Page bool
	// DefaultSize is the page size Dub uses when none is sent (the size
	// argument's documented default; 0 if unknown).
	DefaultSize int
}

// Limit is every constraint the spec puts on one value. Each facet
// applies to values of its JSON type only: lengths, pattern and format to
// strings, bounds to numbers, item counts to arrays.
type Limit struct {
	// Min and Max bound numbers when HasMin/HasMax are set; the
	// Exclusive flags make the bound strict.
	Min, Max                   float64
	HasMin, HasMax             bool
	ExclusiveMin, ExclusiveMax bool
	// MinLength and MaxLength bound strings in characters (code points);
	// MaxLength 0 means no limit.
	MinLength, MaxLength int
	// MinItems and MaxItems bound arrays; MaxItems 0 means no limit.
	MinItems, MaxItems int
	// Pattern is an ECMAScript regular expression (lookarounds allowed)
	// strings must match somewhere, as JSON Schema patterns do.
	Pattern string
	// Format is one of email, uri, url, date-time and date.
	Format string
	// Enum lists the values a string may take, where the input schema
	// (whose enums are checked too) does not show them: fields nested
	// deeper than it lists.
	Enum []string
	// Required lists the fields an object must have, where the input
	// schema does not show the object's fields.
	Required []string
}

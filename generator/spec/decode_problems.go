package spec

import (
	"fmt"
	"strconv"
	"strings"
)

// What the fast decoder cannot take as written, a field of the wrong JSON
// type ("summary": 5, "required": "yes", "parameters": {}) or a subtree
// kin-openapi refuses, is recorded with its location (paths./links.get.summary)
// and decoding carries on, so that one run names every such place. A
// document with problems is not returned: kin-openapi's loader refuses it
// too, and Parse reports these located problems instead of its message.

// maxProblems bounds the problems one decodeError lists.
const maxProblems = 20

// decodeError lists the places of a document the fast decoder could not
// take as written.
type decodeError struct {
	problems []string
	more     int // problems found beyond maxProblems
}

func (e *decodeError) Error() string {
	msg := strings.Join(e.problems, "; ")
	if e.more > 0 {
		msg += fmt.Sprintf("; and %d more", e.more)
	}
	return msg
}

// fail records a problem at a location.
func (d *fastDecoder) fail(at string, err error) {
	if d.err == nil {
		d.err = &decodeError{}
	}
	if len(d.err.problems) == maxProblems {
		d.err.more++
		return
	}
	d.err.problems = append(d.err.problems, fmt.Sprintf("%s: %v", locName(at), err))
}

// wrong records that the value at a location is not of the JSON type
// wanted.
func (d *fastDecoder) wrong(at string, v any, want string) {
	d.fail(at, fmt.Errorf("is %s, want %s", jsonKind(v), want))
}

// locName names the document root, whose location is empty.
func locName(at string) string {
	if at == "" {
		return "document"
	}
	return at
}

// jsonKind names the JSON type of a decoded value.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// locJoin appends a key to a location.
func locJoin(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

// locIndex appends an array index to a location.
func locIndex(at string, i int) string { return locJoin(at, strconv.Itoa(i)) }

// The typed getters read a value the document gives (null counts as
// absent, as it does for kin-openapi) and record a located problem when it
// has the wrong JSON type; the zero value they then return is never used,
// since the document is refused.

func (d *fastDecoder) text(v any, at string) string {
	s, isStr := v.(string)
	if !isStr && v != nil {
		d.wrong(at, v, "a string")
	}
	return s
}

func (d *fastDecoder) boolean(v any, at string) bool {
	b, isBool := v.(bool)
	if !isBool && v != nil {
		d.wrong(at, v, "a boolean")
	}
	return b
}

func (d *fastDecoder) object(v any, at string) map[string]any {
	m, isObject := v.(map[string]any)
	if !isObject && v != nil {
		d.wrong(at, v, "an object")
	}
	return m
}

func (d *fastDecoder) array(v any, at string) []any {
	l, isArray := v.([]any)
	if !isArray && v != nil {
		d.wrong(at, v, "an array")
	}
	return l
}

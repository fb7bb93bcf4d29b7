package spec

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// What the fast decoder cannot take as written, a field of the wrong JSON
// type ("summary": 5, "required": "yes", "parameters": {}) or a subtree
// kin-openapi refuses, is recorded with its location (paths./links.get.summary)
// and decoding carries on, so that one run names every such place. A
// document with problems is not returned: kin-openapi's loader refuses it
// too, and Parse reports these located problems instead of its message.

// maxProblems bounds the problems one decodeError lists, and maxProblem
// the text of one problem beyond its location.
const (
	maxProblems = 20
	maxProblem  = 300
)

// decodeError lists the places of a document the fast decoder could not
// take as written: the first maxProblems in sorted order, whatever order
// the document's objects were read in, so that the message is the same
// from run to run.
type decodeError struct {
	problems []string // sorted
	more     int      // problems found beyond maxProblems
}

func (e *decodeError) Error() string {
	msg := strings.Join(e.problems, "; ")
	if e.more > 0 {
		msg += fmt.Sprintf("; and %d more", e.more)
	}
	return msg
}

// fail records a problem at a location. Without locations (untracked) it
// only notes that there is one.
func (d *fastDecoder) fail(at *loc, err error) {
	if d.err == nil {
		d.err = &decodeError{}
	}
	if at == untracked {
		return
	}
	p := at.String() + ": " + clip(err.Error(), maxProblem)
	i, _ := slices.BinarySearch(d.err.problems, p)
	if i == maxProblems {
		d.err.more++
		return
	}
	d.err.problems = slices.Insert(d.err.problems, i, p)
	if len(d.err.problems) > maxProblems {
		d.err.problems = d.err.problems[:maxProblems]
		d.err.more++
	}
}

// wrong records that the value at a location is not of the JSON type
// wanted.
func (d *fastDecoder) wrong(at *loc, v any, want string) {
	d.fail(at, fmt.Errorf("is %s, want %s", jsonKind(v), want))
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

// loc is a place in the document: a key or an array index below the
// place up from it. Its text (paths./links.get.summary) is built only when
// a problem is recorded there. A first decoding passes untracked
// everywhere and builds no locations at all; only a document with
// problems is decoded again from documentLoc to name them (see parseJSON).
type loc struct {
	up    *loc
	key   string
	index int // an array index, or -1 for a key
}

var (
	// documentLoc is the document itself.
	documentLoc = &loc{}
	// untracked stands for every place while locations are not wanted.
	untracked = &loc{}
)

// at is the place of a key below l.
func (l *loc) at(key string) *loc {
	if l == untracked {
		return l
	}
	return &loc{up: l, key: key, index: -1}
}

// item is the place of an array index below l.
func (l *loc) item(i int) *loc {
	if l == untracked {
		return l
	}
	return &loc{up: l, index: i}
}

// maxLocation bounds the text of a location: the keys of a document are
// the spec author's, of any length.
const maxLocation = 200

// String names the place with its keys and indexes joined by dots, the
// root as "document"; a text over maxLocation bytes is cut.
func (l *loc) String() string {
	if l == documentLoc {
		return "document"
	}
	var steps []string
	for ; l != documentLoc && l != nil; l = l.up {
		if l.index < 0 {
			steps = append(steps, l.key)
		} else {
			steps = append(steps, strconv.Itoa(l.index))
		}
	}
	slices.Reverse(steps)
	return clip(strings.Join(steps, "."), maxLocation)
}

// clip cuts s to at most n bytes (and a marker), on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// The typed getters read a value the document gives (null counts as
// absent, as it does for kin-openapi) and record a located problem when it
// has the wrong JSON type; the zero value they then return is never used,
// since the document is refused.

func (d *fastDecoder) text(v any, at *loc) string {
	s, isStr := v.(string)
	if !isStr && v != nil {
		d.wrong(at, v, "a string")
	}
	return s
}

func (d *fastDecoder) boolean(v any, at *loc) bool {
	b, isBool := v.(bool)
	if !isBool && v != nil {
		d.wrong(at, v, "a boolean")
	}
	return b
}

func (d *fastDecoder) object(v any, at *loc) map[string]any {
	m, isObject := v.(map[string]any)
	if !isObject && v != nil {
		d.wrong(at, v, "an object")
	}
	return m
}

func (d *fastDecoder) array(v any, at *loc) []any {
	l, isArray := v.([]any)
	if !isArray && v != nil {
		d.wrong(at, v, "an array")
	}
	return l
}

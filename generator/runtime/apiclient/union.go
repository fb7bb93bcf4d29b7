package apiclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
)

// JSONKind is the kind of a JSON value.
type JSONKind uint8

// The JSON kinds a [Variant] can have.
const (
	KindObject JSONKind = iota + 1
	KindArray
	KindString
	KindNumber  // any number; integral data matches it too
	KindInteger // integral numbers only
	KindBool
	KindNull
)

// String names the kind as in error messages ("object", "boolean", ...).
func (k JSONKind) String() string {
	switch k {
	case KindObject:
		return "object"
	case KindArray:
		return "array"
	case KindString:
		return "string"
	case KindNumber:
		return "number"
	case KindInteger:
		return "integer"
	case KindBool:
		return "boolean"
	case KindNull:
		return "null"
	}
	return "invalid"
}

// Variant describes what one alternative of a generated union type looks
// like in JSON, for MatchVariant.
type Variant struct {
	// Kind is the JSON kind the variant has.
	Kind JSONKind
	// Required are, for objects, the property names that must be present.
	Required []string
	// Consts maps, for objects, a property to the only string it may hold.
	Consts map[string]string
	// Props are, for objects, all known property names (for scoring).
	Props []string
	// Items says, for arrays, what the elements look like (nil: anything).
	Items *Variant
}

// variantScore ranks a surviving variant; larger fields win, in order.
type variantScore struct {
	exact    int // 1 if the kind matched exactly (integer data vs KindNumber: 0)
	consts   int
	required int
	props    int
}

func (s variantScore) less(t variantScore) bool {
	switch {
	case s.exact != t.exact:
		return s.exact < t.exact
	case s.consts != t.consts:
		return s.consts < t.consts
	case s.required != t.required:
		return s.required < t.required
	}
	return s.props < t.props
}

// MatchVariant returns the index of the variant that best matches data, or
// an error naming the JSON kind of data if none does.
//
// A variant matches if its kind does (integral numbers also match
// KindNumber) and, for objects, no const property has another value and no
// required property is missing. An array variant is checked against the
// first element of the data; an empty array matches any array variant.
// Among matches, the one with the most const matches wins, then the most
// required properties, then the most known properties present, then the
// lowest index.
func MatchVariant(data []byte, variants []Variant) (int, error) {
	data = bytes.TrimSpace(data)
	if !json.Valid(data) {
		return -1, errors.New("dub: union: invalid JSON")
	}
	best, bestScore := -1, variantScore{}
	for i := range variants {
		sc, ok := scoreVariant(data, &variants[i])
		if ok && (best < 0 || bestScore.less(sc)) {
			best, bestScore = i, sc
		}
	}
	if best < 0 {
		return -1, fmt.Errorf("dub: union: no variant matches a JSON %s", kindOf(data))
	}
	return best, nil
}

// scoreVariant reports whether the valid JSON data matches v, and how well.
func scoreVariant(data []byte, v *Variant) (variantScore, bool) {
	var sc variantScore
	got := kindOf(data)
	switch {
	case got == v.Kind:
		sc.exact = 1
	case got == KindInteger && v.Kind == KindNumber:
	default:
		return sc, false
	}
	switch got {
	case KindObject:
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(data, &obj); err != nil {
			return sc, false
		}
		for _, name := range v.Required {
			if _, ok := obj[name]; !ok {
				return sc, false
			}
		}
		for name, want := range v.Consts {
			raw, ok := obj[name]
			if !ok {
				continue
			}
			var s string
			if json.Unmarshal(raw, &s) != nil || s != want {
				return sc, false
			}
			sc.consts++
		}
		sc.required = len(v.Required)
		for _, name := range v.Props {
			if _, ok := obj[name]; ok {
				sc.props++
			}
		}
	case KindArray:
		if v.Items == nil {
			return sc, true
		}
		var elems []json.RawMessage
		if err := json.Unmarshal(data, &elems); err != nil {
			return sc, false
		}
		if len(elems) == 0 {
			return sc, true
		}
		// The array is scored by how well its first element matches.
		return scoreVariant(bytes.TrimSpace(elems[0]), v.Items)
	}
	return sc, true
}

// kindOf returns the kind of valid, trimmed JSON data; integral numbers are
// KindInteger.
func kindOf(data []byte) JSONKind {
	if len(data) == 0 {
		return 0
	}
	switch data[0] {
	case '{':
		return KindObject
	case '[':
		return KindArray
	case '"':
		return KindString
	case 't', 'f':
		return KindBool
	case 'n':
		return KindNull
	}
	if f, err := strconv.ParseFloat(string(data), 64); err == nil && f == math.Trunc(f) {
		return KindInteger
	}
	return KindNumber
}

// MarshalUnion returns the JSON of the one non-nil value among vs, the
// variant fields of the union typeName. It fails unless exactly one is set.
func MarshalUnion(typeName string, vs ...any) ([]byte, error) {
	var set any
	n := 0
	for _, v := range vs {
		if !isNil(v) {
			set = v
			n++
		}
	}
	switch n {
	case 0:
		return nil, fmt.Errorf("dub: %s: no variant is set", typeName)
	case 1:
		b, err := json.Marshal(set)
		if err != nil {
			return nil, fmt.Errorf("dub: %s: %w", typeName, err)
		}
		return b, nil
	}
	return nil, fmt.Errorf("dub: %s: %d variants are set, want exactly one", typeName, n)
}

// isNil reports whether v is nil or holds a nil pointer, slice, map,
// interface, func or channel.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface, reflect.Func, reflect.Chan:
		return rv.IsNil()
	}
	return false
}

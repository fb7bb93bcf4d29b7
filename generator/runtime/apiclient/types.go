package apiclient

import (
	"bytes"
	"encoding/json"
)

var jsonNull = []byte("null")

// Nullable holds a field that is both optional and nullable: it is absent,
// explicitly null, or a value. The zero Nullable is absent. Tag such fields
// `json:",omitzero"` so that absent ones are left out when encoding:
//
//	type UpdateLink struct {
//		ExpiresAt dub.Nullable[string] `json:"expiresAt,omitzero"`
//	}
type Nullable[T any] struct {
	value T
	set   bool // present: null or a value
	valid bool // present and not null
}

// NewNullable returns a Nullable holding v.
func NewNullable[T any](v T) Nullable[T] {
	return Nullable[T]{value: v, set: true, valid: true}
}

// Null returns an explicitly null Nullable.
func Null[T any]() Nullable[T] {
	return Nullable[T]{set: true}
}

// Get returns the value and true if n holds one, or the zero value and
// false if n is absent or null.
func (n Nullable[T]) Get() (T, bool) {
	return n.value, n.valid
}

// IsNull reports whether n is explicitly null.
func (n Nullable[T]) IsNull() bool {
	return n.set && !n.valid
}

// IsSet reports whether n is present, as null or as a value.
func (n Nullable[T]) IsSet() bool {
	return n.set
}

// IsZero reports whether n is absent. It makes `json:",omitzero"` omit
// absent fields.
func (n Nullable[T]) IsZero() bool {
	return !n.set
}

// MarshalJSON encodes the value, or null if n is null or absent.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.valid {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON decodes null as the null state and anything else as a value.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), jsonNull) {
		*n = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*n = NewNullable(v)
	return nil
}

// OneOrMany is a list that, when decoding, also accepts a single value in
// place of an array: both "a" and ["a","b"] decode. It always encodes as an
// array.
type OneOrMany[T any] []T

// MarshalJSON encodes the list as a JSON array; a nil list encodes as [].
func (m OneOrMany[T]) MarshalJSON() ([]byte, error) {
	if m == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]T(m))
}

// UnmarshalJSON decodes an array, a single value (as a one-element list) or
// null (as a nil list).
func (m *OneOrMany[T]) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case bytes.Equal(data, jsonNull):
		*m = nil
		return nil
	case len(data) > 0 && data[0] == '[':
		var vs []T
		if err := json.Unmarshal(data, &vs); err != nil {
			return err
		}
		*m = vs
		return nil
	}
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*m = OneOrMany[T]{v}
	return nil
}

// Ptr returns a pointer to v, for filling optional fields from constants.
func Ptr[T any](v T) *T {
	return &v
}

package apiclient

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

type nullableHolder struct {
	Expires Nullable[string] `json:"expires,omitzero"`
	Clicks  Nullable[int]    `json:"clicks,omitzero"`
}

func TestNullableRoundTrip(t *testing.T) {
	tests := []struct {
		name                string
		in                  nullableHolder
		json                string
		set, null, hasValue bool
		value               string
	}{
		{"absent", nullableHolder{}, `{}`, false, false, false, ""},
		{"null", nullableHolder{Expires: Null[string]()}, `{"expires":null}`, true, true, false, ""},
		{"value", nullableHolder{Expires: NewNullable("2030-01-01")}, `{"expires":"2030-01-01"}`, true, false, true, "2030-01-01"},
		{"empty value", nullableHolder{Expires: NewNullable("")}, `{"expires":""}`, true, false, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.in)
			if err != nil || string(b) != tt.json {
				t.Fatalf("Marshal = %s, %v; want %s", b, err, tt.json)
			}
			var out nullableHolder
			if err := json.Unmarshal(b, &out); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if !reflect.DeepEqual(out, tt.in) {
				t.Errorf("round trip = %+v, want %+v", out, tt.in)
			}
			v, ok := out.Expires.Get()
			if out.Expires.IsSet() != tt.set || out.Expires.IsNull() != tt.null || ok != tt.hasValue || v != tt.value ||
				out.Expires.IsZero() == tt.set {
				t.Errorf("IsSet/IsNull/Get/IsZero = %v/%v/(%q, %v)/%v, want %v/%v/(%q, %v)/%v",
					out.Expires.IsSet(), out.Expires.IsNull(), v, ok, out.Expires.IsZero(),
					tt.set, tt.null, tt.value, tt.hasValue, !tt.set)
			}
		})
	}
}

func TestNullableErrors(t *testing.T) {
	var out nullableHolder
	err := json.Unmarshal([]byte(`{"clicks":"many"}`), &out)
	var typeErr *json.UnmarshalTypeError
	if !errors.As(err, &typeErr) {
		t.Errorf("Unmarshal error = %v, want *json.UnmarshalTypeError", err)
	}
	// Without omitzero an absent Nullable encodes as null.
	b, err := json.Marshal(struct{ N Nullable[int] }{})
	if err != nil || string(b) != `{"N":null}` {
		t.Errorf("Marshal = %s, %v; want {\"N\":null}", b, err)
	}
}

func TestOneOrMany(t *testing.T) {
	tests := []struct {
		in   string
		want OneOrMany[string]
		out  string
	}{
		{`"a"`, OneOrMany[string]{"a"}, `["a"]`},
		{`["a","b"]`, OneOrMany[string]{"a", "b"}, `["a","b"]`},
		{` [ ] `, OneOrMany[string]{}, `[]`},
		{`null`, nil, `[]`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got OneOrMany[string]
			if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Unmarshal(%s) = %#v, want %#v", tt.in, got, tt.want)
			}
			b, err := json.Marshal(got)
			if err != nil || string(b) != tt.out {
				t.Errorf("Marshal = %s, %v; want %s", b, err, tt.out)
			}
		})
	}
	var bad OneOrMany[int]
	if err := json.Unmarshal([]byte(`"a"`), &bad); err == nil {
		t.Error(`Unmarshal("a") into OneOrMany[int] succeeded, want error`)
	}
}

func TestOneOrManyInStruct(t *testing.T) {
	var v struct {
		TagIDs OneOrMany[string] `json:"tagIds,omitempty"`
	}
	if err := json.Unmarshal([]byte(`{"tagIds":"t1"}`), &v); err != nil || !reflect.DeepEqual(v.TagIDs, OneOrMany[string]{"t1"}) {
		t.Errorf("Unmarshal = %#v, %v", v.TagIDs, err)
	}
	v.TagIDs = nil
	if b, _ := json.Marshal(v); string(b) != `{}` {
		t.Errorf("Marshal(nil, omitempty) = %s, want {}", b)
	}
}

func TestPtr(t *testing.T) {
	p := Ptr(42)
	if *p != 42 {
		t.Errorf("*Ptr(42) = %d", *p)
	}
}

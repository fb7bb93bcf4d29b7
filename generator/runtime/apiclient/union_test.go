package apiclient

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestMatchVariant(t *testing.T) {
	link := Variant{Kind: KindObject, Required: []string{"id", "url"}, Props: []string{"id", "url", "domain", "key"}}
	linkError := Variant{Kind: KindObject, Required: []string{"error"}, Props: []string{"error", "code", "link"}}
	click := Variant{Kind: KindObject, Required: []string{"event"}, Consts: map[string]string{"event": "click"}, Props: []string{"event", "click"}}
	lead := Variant{Kind: KindObject, Required: []string{"event"}, Consts: map[string]string{"event": "lead"}, Props: []string{"event", "customer"}}
	loose := Variant{Kind: KindObject, Props: []string{"a", "b"}}
	looser := Variant{Kind: KindObject, Props: []string{"a"}}

	tests := []struct {
		name     string
		variants []Variant
		data     string
		want     int    // -1: error expected
		wantErr  string // substring of the error
	}{
		{"object among kinds", []Variant{{Kind: KindString}, {Kind: KindArray}, link}, `{"id":"1","url":"u"}`, 2, ""},
		{"array among kinds", []Variant{{Kind: KindString}, {Kind: KindArray}, link}, `[1,2]`, 1, ""},
		{"string among kinds", []Variant{{Kind: KindArray}, link, {Kind: KindString}}, ` "x" `, 2, ""},
		{"null", []Variant{{Kind: KindString}, {Kind: KindNull}}, `null`, 1, ""},
		{"bool", []Variant{{Kind: KindString}, {Kind: KindBool}}, `false`, 1, ""},
		{"integer matches number", []Variant{{Kind: KindString}, {Kind: KindNumber}}, `3`, 1, ""},
		{"integer prefers integer", []Variant{{Kind: KindNumber}, {Kind: KindInteger}}, `3`, 1, ""},
		{"fraction rejects integer", []Variant{{Kind: KindInteger}, {Kind: KindNumber}}, `3.5`, 1, ""},
		{"fraction needs number", []Variant{{Kind: KindInteger}, {Kind: KindString}}, `3.5`, -1, "JSON number"},
		{"required Props: first", []Variant{link, linkError}, `{"id":"1","url":"u","domain":"d"}`, 0, ""},
		{"required Props: second", []Variant{link, linkError}, `{"error":"dup","code":"conflict"}`, 1, ""},
		{"required Props: none", []Variant{link, linkError}, `{"id":"1"}`, -1, "JSON object"},
		{"more required wins", []Variant{{Kind: KindObject, Required: []string{"id"}}, link}, `{"id":"1","url":"u"}`, 1, ""},
		{"const: click", []Variant{click, lead}, `{"event":"click","click":{}}`, 0, ""},
		{"const: lead", []Variant{click, lead}, `{"event":"lead","click":{}}`, 1, ""},
		{"const: neither", []Variant{click, lead}, `{"event":"sale"}`, -1, "JSON object"},
		{"const: not a string", []Variant{click, lead}, `{"event":1}`, -1, "JSON object"},
		{"const beats props", []Variant{loose, {Kind: KindObject, Consts: map[string]string{"type": "x"}}}, `{"type":"x","a":1,"b":2}`, 1, ""},
		{"more props wins", []Variant{looser, loose}, `{"a":1,"b":2}`, 1, ""},
		{"tie goes to lowest index", []Variant{loose, loose}, `{"a":1}`, 0, ""},
		{"array of links", []Variant{{Kind: KindArray, Items: &link}, {Kind: KindArray, Items: &linkError}}, `[{"id":"1","url":"u"}]`, 0, ""},
		{"array of link errors", []Variant{{Kind: KindArray, Items: &link}, {Kind: KindArray, Items: &linkError}}, `[{"error":"x"},{"id":"1","url":"u"}]`, 1, ""},
		{"array of events by const", []Variant{{Kind: KindArray, Items: &click}, {Kind: KindArray, Items: &lead}}, `[{"event":"lead"}]`, 1, ""},
		{"empty array", []Variant{{Kind: KindString}, {Kind: KindArray, Items: &linkError}, {Kind: KindArray, Items: &link}}, `[]`, 1, ""},
		{"array element kind", []Variant{{Kind: KindArray, Items: &Variant{Kind: KindString}}, {Kind: KindArray, Items: &Variant{Kind: KindNumber}}}, `[1]`, 1, ""},
		{"array element mismatch", []Variant{{Kind: KindArray, Items: &link}}, `["a"]`, -1, "JSON array"},
		{"bool without bool variant", []Variant{link, {Kind: KindString}, {Kind: KindArray}}, `true`, -1, "no variant matches a JSON boolean"},
		{"invalid JSON", []Variant{{Kind: KindString}}, `"unterminated`, -1, "invalid JSON"},
		{"empty data", []Variant{{Kind: KindString}}, ``, -1, "invalid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MatchVariant([]byte(tt.data), tt.variants)
			if tt.want < 0 {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("MatchVariant(%s) = %d, %v; want error containing %q", tt.data, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("MatchVariant(%s) = %d, %v; want %d", tt.data, got, err, tt.want)
			}
		})
	}
}

func TestMarshalUnion(t *testing.T) {
	type link struct {
		ID string `json:"id"`
	}
	var nilLink *link
	var nilSlice []string
	tests := []struct {
		name    string
		vs      []any
		want    string
		wantErr string
	}{
		{"pointer set", []any{&link{ID: "1"}, nilSlice}, `{"id":"1"}`, ""},
		{"slice set", []any{nilLink, []string{"a"}}, `["a"]`, ""},
		{"empty slice counts as set", []any{nilLink, []string{}}, `[]`, ""},
		{"scalar set", []any{nilLink, Ptr("s")}, `"s"`, ""},
		{"none set (typed nils)", []any{nilLink, nilSlice, nil}, "", "LinkOrTags: no variant is set"},
		{"two set", []any{&link{}, []string{}}, "", "LinkOrTags: 2 variants are set"},
		{"marshal error", []any{Ptr(func() {})}, "", "LinkOrTags: json: unsupported type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MarshalUnion("LinkOrTags", tt.vs...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("MarshalUnion = %s, %v; want error containing %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Errorf("MarshalUnion = %s, %v; want %s", got, err, tt.want)
			}
		})
	}
}

// testUnion shows how generated union types use the helpers.
type testUnion struct {
	Link  *struct{ ID string }
	Links []string
}

var testUnionVariants = []Variant{
	{Kind: KindObject, Required: []string{"ID"}, Props: []string{"ID"}},
	{Kind: KindArray, Items: &Variant{Kind: KindString}},
}

func (u testUnion) MarshalJSON() ([]byte, error) {
	return MarshalUnion("testUnion", u.Link, u.Links)
}

func (u *testUnion) UnmarshalJSON(data []byte) error {
	i, err := MatchVariant(data, testUnionVariants)
	if err != nil {
		return err
	}
	*u = testUnion{}
	if i == 0 {
		return json.Unmarshal(data, &u.Link)
	}
	return json.Unmarshal(data, &u.Links)
}

func TestUnionRoundTrip(t *testing.T) {
	for _, in := range []string{`{"ID":"x"}`, `["a","b"]`} {
		var u testUnion
		if err := json.Unmarshal([]byte(in), &u); err != nil {
			t.Fatalf("Unmarshal(%s): %v", in, err)
		}
		out, err := json.Marshal(u)
		if err != nil || string(out) != in {
			t.Errorf("round trip of %s = %s, %v", in, out, err)
		}
	}
	var u testUnion
	if err := json.Unmarshal([]byte(`{"x": true}`), &u); err == nil {
		t.Error("Unmarshal of a non-matching object succeeded")
	}
}

package dub

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestMatchVariant(t *testing.T) {
	link := variant{kind: kindObject, required: []string{"id", "url"}, props: []string{"id", "url", "domain", "key"}}
	linkError := variant{kind: kindObject, required: []string{"error"}, props: []string{"error", "code", "link"}}
	click := variant{kind: kindObject, required: []string{"event"}, consts: map[string]string{"event": "click"}, props: []string{"event", "click"}}
	lead := variant{kind: kindObject, required: []string{"event"}, consts: map[string]string{"event": "lead"}, props: []string{"event", "customer"}}
	loose := variant{kind: kindObject, props: []string{"a", "b"}}
	looser := variant{kind: kindObject, props: []string{"a"}}

	tests := []struct {
		name     string
		variants []variant
		data     string
		want     int    // -1: error expected
		wantErr  string // substring of the error
	}{
		{"object among kinds", []variant{{kind: kindString}, {kind: kindArray}, link}, `{"id":"1","url":"u"}`, 2, ""},
		{"array among kinds", []variant{{kind: kindString}, {kind: kindArray}, link}, `[1,2]`, 1, ""},
		{"string among kinds", []variant{{kind: kindArray}, link, {kind: kindString}}, ` "x" `, 2, ""},
		{"null", []variant{{kind: kindString}, {kind: kindNull}}, `null`, 1, ""},
		{"bool", []variant{{kind: kindString}, {kind: kindBool}}, `false`, 1, ""},
		{"integer matches number", []variant{{kind: kindString}, {kind: kindNumber}}, `3`, 1, ""},
		{"integer prefers integer", []variant{{kind: kindNumber}, {kind: kindInteger}}, `3`, 1, ""},
		{"fraction rejects integer", []variant{{kind: kindInteger}, {kind: kindNumber}}, `3.5`, 1, ""},
		{"fraction needs number", []variant{{kind: kindInteger}, {kind: kindString}}, `3.5`, -1, "JSON number"},
		{"required props: first", []variant{link, linkError}, `{"id":"1","url":"u","domain":"d"}`, 0, ""},
		{"required props: second", []variant{link, linkError}, `{"error":"dup","code":"conflict"}`, 1, ""},
		{"required props: none", []variant{link, linkError}, `{"id":"1"}`, -1, "JSON object"},
		{"more required wins", []variant{{kind: kindObject, required: []string{"id"}}, link}, `{"id":"1","url":"u"}`, 1, ""},
		{"const: click", []variant{click, lead}, `{"event":"click","click":{}}`, 0, ""},
		{"const: lead", []variant{click, lead}, `{"event":"lead","click":{}}`, 1, ""},
		{"const: neither", []variant{click, lead}, `{"event":"sale"}`, -1, "JSON object"},
		{"const: not a string", []variant{click, lead}, `{"event":1}`, -1, "JSON object"},
		{"const beats props", []variant{loose, {kind: kindObject, consts: map[string]string{"type": "x"}}}, `{"type":"x","a":1,"b":2}`, 1, ""},
		{"more props wins", []variant{looser, loose}, `{"a":1,"b":2}`, 1, ""},
		{"tie goes to lowest index", []variant{loose, loose}, `{"a":1}`, 0, ""},
		{"array of links", []variant{{kind: kindArray, items: &link}, {kind: kindArray, items: &linkError}}, `[{"id":"1","url":"u"}]`, 0, ""},
		{"array of link errors", []variant{{kind: kindArray, items: &link}, {kind: kindArray, items: &linkError}}, `[{"error":"x"},{"id":"1","url":"u"}]`, 1, ""},
		{"array of events by const", []variant{{kind: kindArray, items: &click}, {kind: kindArray, items: &lead}}, `[{"event":"lead"}]`, 1, ""},
		{"empty array", []variant{{kind: kindString}, {kind: kindArray, items: &linkError}, {kind: kindArray, items: &link}}, `[]`, 1, ""},
		{"array element kind", []variant{{kind: kindArray, items: &variant{kind: kindString}}, {kind: kindArray, items: &variant{kind: kindNumber}}}, `[1]`, 1, ""},
		{"array element mismatch", []variant{{kind: kindArray, items: &link}}, `["a"]`, -1, "JSON array"},
		{"bool without bool variant", []variant{link, {kind: kindString}, {kind: kindArray}}, `true`, -1, "no variant matches a JSON boolean"},
		{"invalid JSON", []variant{{kind: kindString}}, `"unterminated`, -1, "invalid JSON"},
		{"empty data", []variant{{kind: kindString}}, ``, -1, "invalid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := matchVariant([]byte(tt.data), tt.variants)
			if tt.want < 0 {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("matchVariant(%s) = %d, %v; want error containing %q", tt.data, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("matchVariant(%s) = %d, %v; want %d", tt.data, got, err, tt.want)
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
			got, err := marshalUnion("LinkOrTags", tt.vs...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("marshalUnion = %s, %v; want error containing %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Errorf("marshalUnion = %s, %v; want %s", got, err, tt.want)
			}
		})
	}
}

// testUnion shows how generated union types use the helpers.
type testUnion struct {
	Link  *struct{ ID string }
	Links []string
}

var testUnionVariants = []variant{
	{kind: kindObject, required: []string{"ID"}, props: []string{"ID"}},
	{kind: kindArray, items: &variant{kind: kindString}},
}

func (u testUnion) MarshalJSON() ([]byte, error) {
	return marshalUnion("testUnion", u.Link, u.Links)
}

func (u *testUnion) UnmarshalJSON(data []byte) error {
	i, err := matchVariant(data, testUnionVariants)
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

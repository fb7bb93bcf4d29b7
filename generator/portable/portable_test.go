package portable

import (
	"strings"
	"testing"
)

func TestCheckSchema(t *testing.T) {
	tests := []struct {
		name, schema string
		want         string // substring of the single expected problem; "" = none
	}{
		{"ok", `{"type":"object","properties":{"a":{"type":"array","items":{"type":"string"}}}}`, ""},
		{"nested anyOf ok", `{"type":"object","properties":{"a":{"anyOf":[{"type":"string"},{"type":"integer"}]}}}`, ""},
		{"ref", `{"type":"object","properties":{"a":{"$ref":"#/x"}}}`, "$ref"},
		{"defs", `{"type":"object","$defs":{}}`, "$defs"},
		{"schema", `{"type":"object","$schema":"x"}`, "$schema"},
		{"type array", `{"type":"object","properties":{"a":{"type":["string","null"]}}}`, "type array"},
		{"no items", `{"type":"object","properties":{"a":{"type":"array"}}}`, "without items"},
		{"deep no items", `{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"anyOf":[{"type":"array"}]}}}}}`, "without items"},
		{"top anyOf", `{"type":"object","anyOf":[{"type":"object"}]}`, "top-level anyOf"},
		{"not object", `{"type":"string"}`, "not \"object\""},
		{"property named items is fine", `{"type":"object","properties":{"items":{"type":"array","items":{}},"type":{"type":"string"}}}`, ""},
		{"bad json", `{`, "not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckSchema([]byte(tt.schema))
			if tt.want == "" {
				if len(got) != 0 {
					t.Fatalf("want no problems, got %v", got)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0], tt.want) {
				t.Fatalf("want one problem containing %q, got %v", tt.want, got)
			}
		})
	}
}

func TestCheckName(t *testing.T) {
	tests := []struct {
		name string
		bad  bool
	}{
		{"get_links", false},
		{strings.Repeat("a", 54), false},
		{strings.Repeat("a", 55), true},
		{"GetLinks", true},
		{"get-links", true},
		{"", true},
	}
	for _, tt := range tests {
		if got := len(CheckName(tt.name)) > 0; got != tt.bad {
			t.Errorf("CheckName(%q) bad = %v, want %v", tt.name, got, tt.bad)
		}
	}
}

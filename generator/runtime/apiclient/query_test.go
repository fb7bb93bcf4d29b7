package apiclient

import (
	"net/url"
	"testing"
)

type testEnum string

type testLevel int

func (l testLevel) String() string { return [...]string{"low", "high"}[l] }

func TestAddQuery(t *testing.T) {
	tests := []struct {
		name string
		add  func(url.Values)
		want string
	}{
		{"string", func(q url.Values) { AddQuery(q, "search", "a b&c") }, "search=a+b%26c"},
		{"named string enum", func(q url.Values) { AddQuery(q, "sort", testEnum("createdAt")) }, "sort=createdAt"},
		{"bool", func(q url.Values) { AddQuery(q, "archived", true) }, "archived=true"},
		{"int", func(q url.Values) { AddQuery(q, "page", 2) }, "page=2"},
		{"negative int64", func(q url.Values) { AddQuery(q, "n", int64(-7)) }, "n=-7"},
		{"uint8", func(q url.Values) { AddQuery(q, "n", uint8(255)) }, "n=255"},
		{"float64 integral", func(q url.Values) { AddQuery(q, "limit", 10.0) }, "limit=10"},
		{"float64", func(q url.Values) { AddQuery(q, "x", 0.000001) }, "x=0.000001"},
		{"float32", func(q url.Values) { AddQuery(q, "x", float32(1.1)) }, "x=1.1"},
		{"stringer", func(q url.Values) { AddQuery(q, "level", testLevel(1)) }, "level=high"},
		{"pointer", func(q url.Values) { AddQuery(q, "page", Ptr(3)) }, "page=3"},
		{"nil pointer", func(q url.Values) { AddQuery[*int](q, "page", nil) }, ""},
		{"repeated", func(q url.Values) { AddQuery(q, "a", 1); AddQuery(q, "a", 2) }, "a=1&a=2"},
		{"list exploded", func(q url.Values) { AddQueryList(q, "tagIds", []string{"t1", "t2"}, true) }, "tagIds=t1&tagIds=t2"},
		{"list joined", func(q url.Values) { AddQueryList(q, "tagIds", []string{"t1", "t2"}, false) }, "tagIds=t1%2Ct2"},
		{"list of enums joined", func(q url.Values) { AddQueryList(q, "s", []testEnum{"a", "b", "c"}, false) }, "s=a%2Cb%2Cc"},
		{"list of floats", func(q url.Values) { AddQueryList(q, "f", []float64{1, 2.5}, true) }, "f=1&f=2.5"},
		{"empty list exploded", func(q url.Values) { AddQueryList(q, "tagIds", []string{}, true) }, ""},
		{"nil list joined", func(q url.Values) { AddQueryList[string](q, "tagIds", nil, false) }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := url.Values{}
			tt.add(q)
			if got := q.Encode(); got != tt.want {
				t.Errorf("query = %q, want %q", got, tt.want)
			}
		})
	}
}

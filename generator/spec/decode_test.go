package spec

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dubgen/dubgen/generator/specvariant"
)

// kinParse is Parse without the fast path: kin-openapi's loader alone.
func kinParse(t *testing.T, name string, data []byte) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromDataWithPath(data, &url.URL{Path: name})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestParseJSONSameAsKin: the fast JSON decoder gives documents that
// build the same model with the same defects as kin-openapi's loader, on
// both real Dub specs, their 3.1 rewrites, constructed shapes and the
// small 3.0/3.1 pair.
func TestParseJSONSameAsKin(t *testing.T) {
	docs := map[string][]byte{"api30.json": []byte(api30), "api31.json": []byte(api31)}
	for _, src := range []string{"../../../shared/specs/dub/openapi-2025-12-31.json", "../../../shared/specs/dub/openapi-2026-08-21.json"} {
		for _, variant := range []string{"", "3.1", "wide-object", "huge-oneof"} {
			d, err := specvariant.Read(src)
			if err != nil {
				t.Fatal(err)
			}
			switch variant {
			case "":
			case "3.1":
				specvariant.To31(d)
			default:
				if err := specvariant.Inject(d, variant, ""); err != nil {
					t.Fatal(err)
				}
			}
			b, err := specvariant.Encode(d)
			if err != nil {
				t.Fatal(err)
			}
			docs[filepath.Base(src)+"+"+variant] = b
		}
	}
	for name, data := range docs {
		t.Run(name, func(t *testing.T) {
			fast, ok, err := parseJSON(name, data)
			if !ok || err != nil {
				t.Fatalf("fast path refused: ok=%v err=%v", ok, err)
			}
			slow := kinParse(t, name, data)
			model := func(doc *openapi3.T) (string, string) {
				ds := Check(context.Background(), doc)
				if doc.IsOpenAPI31OrLater() {
					normalise31(doc)
				}
				api, bds := Build(doc)
				ds = append(ds, bds...)
				var defects string
				for _, d := range ds.Sorted() {
					defects += d.String() + "\n"
				}
				return dumpAPI(api), defects
			}
			fm, fd := model(fast)
			sm, sd := model(slow)
			if fm != sm {
				t.Errorf("models differ:\nfast:\n%.3000s\nkin:\n%.3000s", fm, sm)
			}
			if fd != sd {
				t.Errorf("defects differ:\nfast:\n%s\nkin:\n%s", fd, sd)
			}
		})
	}
}

// TestParseFallsBack: YAML and broken JSON go to the loader, whose
// messages are the ones reported.
func TestParseFallsBack(t *testing.T) {
	if _, ok, _ := parseJSON("x.yaml", []byte("openapi: 3.0.3\n")); ok {
		t.Error("YAML taken by the JSON fast path")
	}
	data, err := os.ReadFile("../testdata/positive/shapes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse("shapes.yaml", data); err != nil {
		t.Errorf("YAML spec: %v", err)
	}
	if _, err := Parse("bad.json", []byte(`{"openapi": "3.0.3", "paths": {`)); err == nil {
		t.Error("broken JSON parsed")
	}
}

// Package contract checks the generated client against the real pinned
// spec: every generated method is called against a stand-in that
// validates each request with kin-openapi's openapi3filter.
package contract

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/dubgen/dubgen/generated/dub"
	"github.com/dubgen/dubgen/generator/sample"
	"github.com/dubgen/dubgen/generator/standin"
)

const (
	pinFile = "../../specs/dub.pin.json"
	apiKey  = "dub_contract_key"
)

// TestEveryRequestMatchesSpec calls every generated client method twice
// (required arguments only, then every argument) and requires the spec
// validator to accept each request, every declared parameter and body
// property to have been sent, and the client to decode each answer.
func TestEveryRequestMatchesSpec(t *testing.T) {
	api, doc, err := standin.LoadPinned(pinFile)
	if err != nil {
		t.Fatal(err)
	}
	s, err := standin.Start(api, doc, apiKey)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	cv := reflect.ValueOf(dub.NewClient(dub.WithAPIKey(apiKey), dub.WithBaseURL(s.URL)))
	for _, op := range api.Operations {
		for _, mode := range []sample.Mode{sample.Minimal, sample.Full} {
			t.Run(op.ID+"/"+modeName(mode), func(t *testing.T) {
				m := cv.MethodByName(op.GoName)
				if !m.IsValid() {
					t.Fatalf("client has no method %s", op.GoName)
				}
				args := []reflect.Value{reflect.ValueOf(context.Background())}
				if len(op.Params) > 0 {
					args = append(args, decodeInto(t, m.Type().In(len(args)), sample.Params(op.Params, mode)))
				}
				if op.Body != nil {
					args = append(args, decodeInto(t, m.Type().In(len(args)), sample.Request(op.Body.Schema, mode)))
				}
				out := m.Call(args)
				if errV := out[len(out)-1]; !errV.IsNil() {
					t.Fatalf("%s: %v", op.ID, errV.Interface())
				}
				if len(out) == 2 && out[0].IsZero() {
					t.Errorf("%s: empty result", op.ID)
				}
			})
		}
	}
	clean, problems := s.Report(true)
	for _, p := range problems {
		t.Error(p)
	}
	if len(clean) != len(api.Operations) {
		t.Errorf("validator accepted every request of %d of %d operations", len(clean), len(api.Operations))
	}
	t.Logf("spec validator accepted every request of %d/%d operations (%d requests)", len(clean), len(api.Operations), 2*len(api.Operations))
}

func modeName(m sample.Mode) string {
	if m == sample.Full {
		return "all-args"
	}
	return "required-args"
}

// decodeInto turns a sample into a value of the method's argument type the
// way a user's JSON would: through the type's JSON tags.
func decodeInto(t *testing.T, typ reflect.Type, v any) reflect.Value {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	p := reflect.New(typ)
	if err := json.Unmarshal(b, p.Interface()); err != nil {
		t.Fatalf("sample does not decode into %s: %v\n%s", typ, err, b)
	}
	return p.Elem()
}

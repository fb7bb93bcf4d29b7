// Package contract checks the generated client against the real pinned
// spec: every generated method is called against a stand-in server that
// validates each request with kin-openapi's openapi3filter.
package contract

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/dlclark/regexp2"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/dubgen/dubgen/generated/dub"
	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/pin"
	"github.com/dubgen/dubgen/generator/sample"
	"github.com/dubgen/dubgen/generator/spec"
)

const (
	pinFile = "../../specs/dub.pin.json"
	apiKey  = "dub_contract_key"
)

// ecmaRegex compiles patterns as ECMAScript, like Dub's zod does; Go's RE2
// cannot handle the lookaheads in Dub's email pattern.
func ecmaRegex(expr string) (openapi3.RegexMatcher, error) {
	re, err := regexp2.Compile(expr, regexp2.ECMAScript)
	if err != nil {
		return nil, fmt.Errorf("compile %q: %w", expr, err)
	}
	return matcher{re}, nil
}

type matcher struct{ re *regexp2.Regexp }

func (m matcher) MatchString(s string) bool {
	ok, err := m.re.MatchString(s)
	return err == nil && ok
}

// standIn validates requests against the spec and answers each with a
// sample of the documented success response.
type standIn struct {
	t      *testing.T
	router routers.Router
	ops    map[string]*model.Operation // by operationId

	mu       sync.Mutex
	accepted map[string]int
	rejected map[string][]string
	// seen records every query key and top-level body key sent, per operation.
	seen map[string]map[string]bool
}

func (s *standIn) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	route, pathParams, err := s.router.FindRoute(r)
	if err != nil {
		http.Error(w, "no route: "+err.Error(), http.StatusNotFound)
		s.reject("?"+r.Method+" "+r.URL.Path, err.Error())
		return
	}
	id := route.Operation.OperationID
	in := &openapi3filter.RequestValidationInput{
		Request: r, PathParams: pathParams, Route: route,
		Options: &openapi3filter.Options{
			MultiError:    true,
			RegexCompiler: ecmaRegex,
			AuthenticationFunc: func(_ context.Context, ai *openapi3filter.AuthenticationInput) error {
				if got := ai.RequestValidationInput.Request.Header.Get("Authorization"); got != "Bearer "+apiKey {
					return fmt.Errorf("authorization header %q", got)
				}
				return nil
			},
		},
	}
	if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
		s.reject(id, err.Error())
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprintf(w, `{"error":{"code":"unprocessable_entity","message":%q}}`, err.Error())
		return
	}
	op := s.ops[id]
	if err := s.record(op, r); err != nil {
		s.reject(id, err.Error())
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.accepted[id]++
	s.mu.Unlock()

	resp := op.Response
	switch {
	case resp.Binary():
		w.Header().Set("Content-Type", resp.ContentType)
		w.WriteHeader(resp.Status)
		_, _ = w.Write([]byte("\x89PNG\r\n\x1a\nfake"))
	case resp.Schema != nil:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(resp.Status)
		_ = json.NewEncoder(w).Encode(sample.Value(resp.Schema, sample.Full))
	default:
		w.WriteHeader(resp.Status)
	}
}

// record notes the keys a request carries and fails on any the spec does
// not declare (openapi3filter lets unknown query keys through).
func (s *standIn) record(op *model.Operation, r *http.Request) error {
	declared := map[string]bool{}
	for _, p := range op.Params {
		declared["query:"+p.Name] = p.In == model.InQuery
	}
	keys := map[string]bool{}
	for k := range r.URL.Query() {
		if !declared["query:"+k] {
			return fmt.Errorf("query parameter %q is not in the spec", k)
		}
		keys["query:"+k] = true
	}
	if op.Body != nil && op.Body.Schema.Kind == model.KindObject {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err != nil {
			return fmt.Errorf("body is not a JSON object: %w", err)
		}
		for k := range obj {
			if op.Body.Schema.Property(k) == nil {
				return fmt.Errorf("body property %q is not in the spec", k)
			}
			keys["body:"+k] = true
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen[op.ID] == nil {
		s.seen[op.ID] = map[string]bool{}
	}
	for k := range keys {
		s.seen[op.ID][k] = true
	}
	return nil
}

// unsent lists the query parameters and body properties of op that no
// request carried, though the all-arguments call passed them all.
func (s *standIn) unsent(op *model.Operation) []string {
	var out []string
	for _, p := range op.Params {
		if p.In == model.InQuery && !s.seen[op.ID]["query:"+p.Name] {
			out = append(out, "query:"+p.Name)
		}
	}
	if op.Body != nil && op.Body.Schema.Kind == model.KindObject {
		for _, p := range op.Body.Schema.Properties {
			if !p.Schema.ReadOnly && !s.seen[op.ID]["body:"+p.Name] {
				out = append(out, "body:"+p.Name)
			}
		}
	}
	return out
}

func (s *standIn) reject(id, why string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejected[id] = append(s.rejected[id], why)
}

func load(t *testing.T) (*model.API, *openapi3.T) {
	t.Helper()
	p, err := pin.Read(pinFile)
	if err != nil {
		t.Fatal(err)
	}
	path := p.SpecPath(pinFile)
	if err := pin.Verify(pinFile, path); err != nil {
		t.Fatal(err)
	}
	api, _, err := spec.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	data, err := readFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spec.Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return api, doc
}

// TestEveryRequestMatchesSpec calls every generated client method twice
// (required arguments only, then every argument) and requires the spec
// validator to accept each request and the client to decode each answer.
func TestEveryRequestMatchesSpec(t *testing.T) {
	api, doc := load(t)
	s := &standIn{t: t, ops: map[string]*model.Operation{}, accepted: map[string]int{}, rejected: map[string][]string{}, seen: map[string]map[string]bool{}}
	for _, op := range api.Operations {
		s.ops[op.ID] = op
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	doc.Servers = openapi3.Servers{{URL: ts.URL}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	s.router = router

	c := dub.NewClient(dub.WithAPIKey(apiKey), dub.WithBaseURL(ts.URL))
	cv := reflect.ValueOf(c)
	for _, op := range api.Operations {
		for _, mode := range []sample.Mode{sample.Minimal, sample.Full} {
			name := fmt.Sprintf("%s/%s", op.ID, modeName(mode))
			t.Run(name, func(t *testing.T) {
				m := cv.MethodByName(op.GoName)
				if !m.IsValid() {
					t.Fatalf("client has no method %s", op.GoName)
				}
				args := []reflect.Value{reflect.ValueOf(context.Background())}
				in := 1
				if len(op.Params) > 0 {
					args = append(args, decodeInto(t, m.Type().In(in), sample.Params(op.Params, mode)))
					in++
				}
				if op.Body != nil {
					args = append(args, decodeInto(t, m.Type().In(in), sample.Request(op.Body.Schema, mode)))
				}
				out := m.Call(args)
				if errV := out[len(out)-1]; !errV.IsNil() {
					t.Errorf("%s: %v", op.ID, errV.Interface())
				}
				if len(out) == 2 && out[0].IsZero() {
					t.Errorf("%s: empty result", op.ID)
				}
			})
		}
	}
	for _, op := range api.Operations {
		if missing := s.unsent(op); len(missing) > 0 {
			t.Errorf("%s: the client never sent %v", op.ID, missing)
		}
	}
	for id, why := range s.rejected {
		t.Errorf("validator rejected %s: %s", id, strings.Join(why, "\n"))
	}
	clean := 0
	for _, op := range api.Operations {
		if s.accepted[op.ID] == 2 && len(s.rejected[op.ID]) == 0 {
			clean++
		}
	}
	if clean != len(api.Operations) {
		t.Errorf("validator accepted every request of %d of %d operations", clean, len(api.Operations))
	}
	t.Logf("spec validator accepted every request of %d/%d operations (%d requests)", clean, len(api.Operations), 2*len(api.Operations))
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

func readFile(path string) ([]byte, error) { return os.ReadFile(path) }

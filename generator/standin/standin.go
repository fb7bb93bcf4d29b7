// Package standin is a local stand-in for Dub's API, for tests: it
// validates every request against the spec with kin-openapi's
// openapi3filter, checks the API key, and answers with a sample of the
// documented success response or with a canned failure.
package standin

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/dlclark/regexp2"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/pin"
	"github.com/dubgen/dubgen/generator/sample"
	"github.com/dubgen/dubgen/generator/spec"
)

// Reply is a canned answer.
type Reply struct {
	Status int
	Header map[string]string
	Body   string
}

// Server is the stand-in. Start it with Start; it is safe for concurrent use.
type Server struct {
	// URL is the base URL once started.
	URL string

	api    *model.API
	doc    *openapi3.T
	router routers.Router
	ops    map[string]*model.Operation
	keys   map[string]bool
	http   *httptest.Server

	mu       sync.Mutex
	replies  map[string][]Reply
	accepted map[string]int
	rejected map[string][]string
	seen     map[string]map[string]bool
	calls    []Call
}

// Call is one request the stand-in received.
type Call struct {
	Operation string
	APIKey    string
	Path      string
	Query     string
	Body      string
}

// LoadPinned loads the spec named by a pin file, checking its digest.
func LoadPinned(pinFile string) (*model.API, *openapi3.T, error) {
	p, err := pin.Read(pinFile)
	if err != nil {
		return nil, nil, err
	}
	path := p.SpecPath(pinFile)
	if err := pin.Verify(pinFile, path); err != nil {
		return nil, nil, err
	}
	return Load(path)
}

// Load loads a spec as both model and kin-openapi document.
func Load(path string) (*model.API, *openapi3.T, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("stand-in: %w", err)
	}
	api, _, err := spec.LoadData(path, data)
	if err != nil {
		return nil, nil, err
	}
	doc, err := spec.Parse(path, data)
	if err != nil {
		return nil, nil, err
	}
	return api, doc, nil
}

// Start serves the stand-in on 127.0.0.1, accepting the given API keys.
// Close it with Close.
func Start(api *model.API, doc *openapi3.T, keys ...string) (*Server, error) {
	s := &Server{api: api, doc: doc, ops: map[string]*model.Operation{}, keys: map[string]bool{},
		replies: map[string][]Reply{}, accepted: map[string]int{}, rejected: map[string][]string{}, seen: map[string]map[string]bool{}}
	for _, op := range api.Operations {
		s.ops[op.ID] = op
	}
	for _, k := range keys {
		s.keys[k] = true
	}
	s.http = httptest.NewServer(s)
	s.URL = s.http.URL
	d := *doc
	d.Servers = openapi3.Servers{{URL: s.URL}}
	router, err := gorillamux.NewRouter(&d)
	if err != nil {
		s.http.Close()
		return nil, fmt.Errorf("stand-in router: %w", err)
	}
	s.router = router
	return s, nil
}

// Close stops the server.
func (s *Server) Close() { s.http.Close() }

// Queue makes the next requests for operationId op get these replies, in order.
func (s *Server) Queue(op string, replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replies[op] = append(s.replies[op], replies...)
}

// Calls returns the requests received so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// ServeHTTP validates and answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	route, pathParams, err := s.router.FindRoute(r)
	if err != nil {
		s.reject("?"+r.Method+" "+r.URL.Path, err.Error())
		writeError(w, http.StatusNotFound, "not_found", "no such route: "+err.Error())
		return
	}
	op := s.ops[route.Operation.OperationID]
	key := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	s.mu.Lock()
	s.calls = append(s.calls, Call{Operation: op.ID, APIKey: key, Path: r.URL.Path, Query: r.URL.RawQuery, Body: string(body)})
	s.mu.Unlock()
	in := &openapi3filter.RequestValidationInput{
		Request: r, PathParams: pathParams, Route: route,
		Options: &openapi3filter.Options{
			MultiError:    true,
			RegexCompiler: ecmaRegex,
			AuthenticationFunc: func(context.Context, *openapi3filter.AuthenticationInput) error {
				if !s.keys[key] {
					return fmt.Errorf("unknown API key")
				}
				return nil
			},
		},
	}
	if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
		s.reject(op.ID, err.Error())
		writeError(w, http.StatusUnprocessableEntity, "unprocessable_entity", err.Error())
		return
	}
	if err := s.record(op, r); err != nil {
		s.reject(op.ID, err.Error())
		writeError(w, http.StatusBadRequest, "bad_request", err.Error())
		return
	}
	s.mu.Lock()
	s.accepted[op.ID]++
	var reply *Reply
	if q := s.replies[op.ID]; len(q) > 0 {
		reply, s.replies[op.ID] = &q[0], q[1:]
	}
	s.mu.Unlock()

	if reply != nil {
		for k, v := range reply.Header {
			w.Header().Set(k, v)
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(reply.Status)
		_, _ = io.WriteString(w, reply.Body)
		return
	}
	resp := op.Response
	switch {
	case resp.Binary():
		w.Header().Set("Content-Type", resp.ContentType)
		w.WriteHeader(resp.Status)
		_, _ = w.Write(PNG)
	case resp.Schema != nil:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(resp.Status)
		_ = json.NewEncoder(w).Encode(sample.Value(resp.Schema, sample.Full))
	default:
		w.WriteHeader(resp.Status)
	}
}

// PNG is the image the stand-in returns for binary responses: a 1×1 PNG.
var PNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]any{"error": map[string]string{"code": code, "message": msg}})
	_, _ = w.Write(b)
}

// record notes the keys a request carries and fails on any the spec does
// not declare (openapi3filter lets unknown query keys through).
func (s *Server) record(op *model.Operation, r *http.Request) error {
	keys := map[string]bool{}
	for k := range r.URL.Query() {
		found := false
		for _, p := range op.Params {
			found = found || p.In == model.InQuery && p.Name == k
		}
		if !found {
			return fmt.Errorf("query parameter %q is not in the spec", k)
		}
		keys["query:"+k] = true
	}
	if op.Body != nil && op.Body.Schema.Kind == model.KindObject {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return fmt.Errorf("read body: %w", err)
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

func (s *Server) reject(id, why string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejected[id] = append(s.rejected[id], why)
}

// Report summarises what the stand-in saw: the operations all of whose
// requests it accepted, and every problem (rejections, and with
// requireAll, query parameters and body properties no request carried).
func (s *Server) Report(requireAll bool) (clean []string, problems []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, op := range s.api.Operations {
		if s.accepted[op.ID] > 0 && len(s.rejected[op.ID]) == 0 {
			clean = append(clean, op.ID)
		}
		if !requireAll {
			continue
		}
		var missing []string
		for _, p := range op.Params {
			if p.In == model.InQuery && !s.seen[op.ID]["query:"+p.Name] {
				missing = append(missing, "query:"+p.Name)
			}
		}
		if op.Body != nil && op.Body.Schema.Kind == model.KindObject {
			for _, p := range op.Body.Schema.Properties {
				if !p.Schema.ReadOnly && !s.seen[op.ID]["body:"+p.Name] {
					missing = append(missing, "body:"+p.Name)
				}
			}
		}
		if len(missing) > 0 {
			problems = append(problems, fmt.Sprintf("%s: never sent %v", op.ID, missing))
		}
	}
	for id, why := range s.rejected {
		problems = append(problems, fmt.Sprintf("rejected %s: %s", id, strings.Join(why, "; ")))
	}
	sort.Strings(problems)
	return clean, problems
}

// ecmaRegex compiles patterns as ECMAScript, like Dub's own validation;
// Go's RE2 cannot handle the lookaheads in Dub's email pattern.
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

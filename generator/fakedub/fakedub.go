package fakedub

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
)

// maxRecordedBody bounds how much of each request body is kept.
const maxRecordedBody = 64 << 10

// Request is one request the fake received.
type Request struct {
	// Route is the pattern it matched ("" when none did).
	Route string
	// Method and Path are the request's; Query is its raw query.
	Method, Path, Query string
	// Auth is the Authorization header.
	Auth string
	// Body is the request body, cut at 64 KB.
	Body string
}

// Server is a fake Dub API. It is an http.Handler; Start serves it on
// 127.0.0.1. It is safe for concurrent use.
type Server struct {
	// URL is the base URL once started with Start.
	URL string

	mux  *http.ServeMux
	keys []string
	http *httptest.Server

	mu       sync.Mutex
	scripts  map[string][]Reply
	fallback Reply
	reqs     []Request
}

// New returns a fake answering the given routes, ServeMux patterns with a
// method and Dub's path (no /api prefix), e.g. "GET /links/{linkId}". With
// keys, requests must carry one of them as a bearer token or get Dub's
// 401; without, any key is accepted.
func New(routes []string, keys ...string) (*Server, error) {
	s := &Server{
		mux:      http.NewServeMux(),
		keys:     keys,
		scripts:  map[string][]Reply{},
		fallback: DefaultReply(),
	}
	for _, route := range routes {
		if err := s.handle(route); err != nil {
			return nil, err
		}
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.record("", r)
		Error(http.StatusNotFound, "not_found", "The requested resource was not found.").write(w)
	})
	return s, nil
}

// handle registers one route; ServeMux panics on a bad or conflicting
// pattern, which becomes an error here.
func (s *Server) handle(route string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("fakedub: route %q: %v", route, p)
		}
	}()
	s.mux.HandleFunc(route, func(w http.ResponseWriter, r *http.Request) {
		s.record(route, r)
		if !s.authorized(r) {
			Error(http.StatusUnauthorized, "unauthorized", "Unauthorized: Invalid API key.").write(w)
			return
		}
		s.next(route).write(w)
	})
	return nil
}

// Start serves s on 127.0.0.1 until the test ends.
func Start(tb interface {
	Helper()
	Fatalf(string, ...any)
	Cleanup(func())
}, routes []string, keys ...string) *Server {
	tb.Helper()
	s, err := New(routes, keys...)
	if err != nil {
		tb.Fatalf("%v", err)
	}
	s.http = httptest.NewServer(s)
	s.URL = s.http.URL
	tb.Cleanup(s.http.Close)
	return s
}

// Script sets the replies for route (a pattern given to New): each request
// takes the next one, and the last one repeats. No replies restores the
// default.
func (s *Server) Script(route string, replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(replies) == 0 {
		delete(s.scripts, route)
		return
	}
	s.scripts[route] = slices.Clone(replies)
}

// SetDefault sets the reply for routes without a script.
func (s *Server) SetDefault(r Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fallback = r
}

// Reset forgets every script and every recorded request.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.scripts)
	s.reqs = nil
	s.fallback = DefaultReply()
}

// Count returns how many requests matched route ("" counts those that
// matched none).
func (s *Server) Count(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.reqs {
		if r.Route == route {
			n++
		}
	}
	return n
}

// Requests returns every request received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func (s *Server) next(route string) Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.scripts[route]
	switch len(q) {
	case 0:
		return s.fallback
	case 1:
		return q[0]
	}
	s.scripts[route] = q[1:]
	return q[0]
}

func (s *Server) authorized(r *http.Request) bool {
	if len(s.keys) == 0 {
		return true
	}
	auth := r.Header.Get("Authorization")
	for _, k := range s.keys {
		if auth == "Bearer "+k {
			return true
		}
	}
	return false
}

func (s *Server) record(route string, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxRecordedBody))
	_, _ = io.Copy(io.Discard, r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, Request{
		Route: route, Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		Auth: r.Header.Get("Authorization"), Body: string(body),
	})
}

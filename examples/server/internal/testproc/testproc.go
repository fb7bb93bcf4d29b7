// Package testproc holds helpers for tests that run the example server,
// or a client driving it, as a child process: an environment without
// chosen variables, and an output buffer safe to share with the process.
package testproc

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"sync"
)

// EnvWithout returns the process environment minus the named variables.
func EnvWithout(names ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(names, name) {
			env = append(env, kv)
		}
	}
	return env
}

// SyncBuffer is a bytes.Buffer safe for concurrent use, e.g. as a child
// process's stderr while a test reads it.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p to the buffer.
func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what has been written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

package clienttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dubgen/dubgen/examples/server/internal/testproc"
)

// pinnedSpec is Dub's pinned spec, read in place (third-party data, never
// copied into the repository).
const pinnedSpec = "../../../../shared/specs/dub/openapi-2026-08-21.json"

// prismCall is what Prism answered one tool call's request.
type prismCall struct {
	status int
	body   string
}

// prismRecorder sits between the server and Prism and keeps Prism's
// answer to each case's request.
type prismRecorder struct {
	prism *url.URL

	mu      sync.Mutex
	current string
	answers map[string][]prismCall
}

func (p *prismRecorder) arm(id string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.current = id
	return nil
}

func (p *prismRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	req, err := http.NewRequestWithContext(r.Context(), r.Method, p.prism.String()+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	rb, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	// Prism answers an invalid request with the spec's own 422 example and
	// puts its findings in the sl-violations header.
	if v := resp.Header.Get("sl-violations"); v != "" {
		rb = []byte(v)
	}
	p.mu.Lock()
	p.answers[p.current] = append(p.answers[p.current], prismCall{resp.StatusCode, string(rb)})
	p.mu.Unlock()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(rb)
}

// startPrism runs Prism's mock server on the pinned spec. Prism validates
// every request against the spec and answers an invalid one with 422 (or
// 400/401) and the violations; a valid one gets a mocked response.
func startPrism(t *testing.T) *url.URL {
	t.Helper()
	spec, err := filepath.Abs(pinnedSpec)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(spec); err != nil {
		t.Fatalf("the pinned spec is missing: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	var out testproc.SyncBuffer
	cmd := exec.Command(nodeBin, "node_modules/@stoplight/prism-cli/dist/index.js", "mock", spec, "--host", "127.0.0.1", "--port", port, "--dynamic=false")
	cmd.Dir = nodeDir
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	u, _ := url.Parse("http://127.0.0.1:" + port)
	deadline := time.Now().Add(90 * time.Second)
	for !strings.Contains(out.String(), "Prism is listening") {
		if time.Now().After(deadline) {
			t.Fatalf("prism did not start:\n%s", out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	return u
}

// prismViolations returns Prism's validation messages (its sl-violations
// header) from a 4xx answer.
func prismViolations(body string) string {
	var v []struct {
		Location []string
		Message  string
	}
	if json.Unmarshal([]byte(body), &v) != nil || len(v) == 0 {
		return cut(body, 300)
	}
	var parts []string
	for _, e := range v {
		parts = append(parts, strings.Join(e.Location, ".")+": "+e.Message)
	}
	return strings.Join(parts, "; ")
}

// TestPrismAcceptsFullArguments calls every tool with every argument
// filled with a value its input schema allows (what an agent may send),
// through the example server pointed at Prism, and checks that the
// request the tool makes is valid for Dub's spec. knownPrismFailures
// lists the requests Prism rejects today.
func TestPrismAcceptsFullArguments(t *testing.T) {
	requireNode(t)
	tools := loadTools(t)
	rec := &prismRecorder{prism: startPrism(t), answers: map[string][]prismCall{}}
	front := httptest.NewServer(rec)
	t.Cleanup(front.Close)

	control := httptest.NewServer(armHandler(rec.arm))
	t.Cleanup(control.Close)
	p := plan{SDK: "mcp-go", Transport: "stdio", Command: serverBin, Arm: control.URL,
		Args: []string{"--base-url", front.URL}, Env: map[string]string{"DUB_API_KEY": testKey}}
	for _, tool := range tools {
		args := sampleArgs(tool.Input, everything)
		// Alternatives the runtime wants exactly one of: keep the first.
		if _, ok := args["partnerId"]; ok {
			delete(args, "tenantId")
		}
		if _, ok := args["linkId"]; ok && tool.Method == "GET" {
			delete(args, "externalId")
			delete(args, "domain")
			delete(args, "key")
		}
		p.Calls = append(p.Calls, planCall{ID: tool.Name, Tool: tool.Name, Arguments: args})
	}
	out := runDriver(t, p)
	var verdicts []verdict
	rejected := 0
	for _, o := range out.Results {
		v := verdict{Client: "mcp-go/stdio", Mode: "prism", Tool: o.ID}
		answers := rec.answers[o.ID]
		switch {
		case o.Error != nil:
			v.Miss = "callTool failed: " + o.Error.Message
		case len(answers) == 0:
			v.Miss = fmt.Sprintf("never reached Prism (runtime refused the arguments): %.300s", o.Result.Text)
		default:
			for _, a := range answers {
				if a.status == http.StatusBadRequest || a.status == http.StatusUnprocessableEntity {
					v.Miss = fmt.Sprintf("Prism rejects the request (%d): %s", a.status, prismViolations(a.body))
					rejected++
				}
			}
		}
		verdicts = append(verdicts, v)
	}
	tally(t, "Prism: requests from fully filled arguments that the spec accepts", verdicts)
	t.Logf("Prism rejected %d of %d tools' requests", rejected, len(tools))
	for _, v := range verdicts {
		if v.Miss != "" && testing.Verbose() {
			t.Logf("%s: %s", v.Tool, v.Miss)
		}
	}
	ratchet(t, "knownPrismFailures", knownPrismFailures, verdicts)
}

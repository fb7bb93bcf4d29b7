package clienttest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/dubgen/dubgen/examples/server/internal/testproc"
	"github.com/dubgen/dubgen/generator/fakedub"
)

// generatedDir holds the tool surface the server serves.
const generatedDir = "../../../generated/dubmcp"

// testKey is the Dub API key the tests hand the server.
const testKey = "dub_test_clienttest"

// toolInfo is one served tool, from manifest.json and its toolsnap.
type toolInfo struct {
	Name, Method, Route string
	Input               map[string]any
	Output              map[string]any
}

// pattern is the tool's route as a ServeMux pattern for the fake.
func (t toolInfo) pattern() string { return t.Method + " " + t.Route }

// loadTools reads the generated tool surface.
func loadTools(t *testing.T) []toolInfo {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(generatedDir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Tools []struct{ Name, Method, Route string }
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	var tools []toolInfo
	for _, mt := range m.Tools {
		b, err := os.ReadFile(filepath.Join(generatedDir, "toolsnaps", mt.Name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var snap struct {
			InputSchema  map[string]any `json:"inputSchema"`
			OutputSchema map[string]any `json:"outputSchema"`
		}
		if err := json.Unmarshal(b, &snap); err != nil {
			t.Fatalf("toolsnap %s: %v", mt.Name, err)
		}
		tools = append(tools, toolInfo{Name: mt.Name, Method: mt.Method, Route: mt.Route, Input: snap.InputSchema, Output: snap.OutputSchema})
	}
	return tools
}

// routes returns the distinct route patterns of tools.
func routes(tools []toolInfo) []string {
	var out []string
	for _, t := range tools {
		if !slices.Contains(out, t.pattern()) {
			out = append(out, t.pattern())
		}
	}
	return out
}

// testCase is one tool call and what the fake Dub answers it with.
type testCase struct {
	ID, Client, Tool, Mode string
	Args                   map[string]any
	// Route is the fake's route the call should reach; Reply its answer.
	Route string
	Reply fakedub.Reply
	// Check returns why the client's outcome misses the target ("" if it
	// meets it).
	Check func(o outcome) string
}

// outcome is what a client reported for one call.
type outcome struct {
	ID     string     `json:"id"`
	Result *callSum   `json:"result"`
	Error  *callError `json:"error"`
	// Elicitations is how often the client asked its user during the
	// call (calls made alone only).
	Elicitations int `json:"elicitations"`
	// Requests is how many requests reached the fake during the call.
	Requests int `json:"-"`
}

// callSum summarises a tools/call result.
type callSum struct {
	IsError         bool   `json:"isError"`
	Bytes           int    `json:"bytes"`
	TextBytes       int    `json:"textBytes"`
	Text            string `json:"text"`
	Structured      string `json:"structured"`
	StructuredBytes int    `json:"structuredBytes"`
}

// callError is a call that threw instead of returning a result.
type callError struct {
	Code    any    `json:"code"`
	Message string `json:"message"`
}

// driveOutput is what one client run reports.
type driveOutput struct {
	SDK             string     `json:"sdk"`
	Transport       string     `json:"transport"`
	ProtocolVersion string     `json:"protocolVersion"`
	Tools           []string   `json:"tools"`
	ToolsBytes      int        `json:"toolsBytes"`
	ListError       *callError `json:"listError"`
	Results         []outcome  `json:"results"`
	Fatal           *callError `json:"fatal"`
	// Elicitations is how often the client asked its user.
	Elicitations int    `json:"elicitations"`
	Stderr       string `json:"-"`
	byID         map[string]outcome
}

// world is a fake Dub API plus the control endpoint the client scripts
// call before each batch of calls.
type world struct {
	fake    *fakedub.Server
	control *httptest.Server

	mu      sync.Mutex
	cases   map[string]testCase
	batches map[string][]string // batch id -> its case ids
	marks   []mark
}

// mark is one arming: the cases armed and where their requests start in
// the fake's record.
type mark struct {
	ids   []string
	start int
}

// newWorld starts a fake Dub API for tools and a control endpoint for
// cases.
func newWorld(t *testing.T, tools []toolInfo, cases []testCase) *world {
	t.Helper()
	w := &world{fake: fakedub.Start(t, routes(tools), testKey), cases: map[string]testCase{}, batches: map[string][]string{}}
	for _, c := range cases {
		w.cases[c.ID] = c
	}
	w.control = httptest.NewServer(armHandler(w.arm))
	t.Cleanup(w.control.Close)
	return w
}

// batched returns the calls of cases grouped in batches the driver runs
// concurrently: in order, each case joins the first batch that has no
// case on its route yet, so that every request the fake records can be
// told apart by its route. Tool-major cases (every mode of one tool, then
// the next tool) make one batch per mode.
func (w *world) batched(cases []testCase) []planCall {
	w.mu.Lock()
	defer w.mu.Unlock()
	var used []map[string]bool // batch -> routes taken
	byBatch := map[int][]planCall{}
	for _, tc := range cases {
		b := slices.IndexFunc(used, func(r map[string]bool) bool { return !r[tc.Route] })
		if b < 0 {
			b = len(used)
			used = append(used, map[string]bool{})
		}
		used[b][tc.Route] = true
		id := fmt.Sprintf("batch-%d", b)
		w.batches[id] = append(w.batches[id], tc.ID)
		byBatch[b] = append(byBatch[b], planCall{ID: tc.ID, Batch: id, Tool: tc.Tool, Arguments: tc.Args})
	}
	var calls []planCall
	for b := range used {
		calls = append(calls, byBatch[b]...)
	}
	return calls
}

// arm scripts the fake for case or batch id and starts counting its
// requests.
func (w *world) arm(id string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	ids, ok := w.batches[id]
	if !ok {
		ids = []string{id}
	}
	for _, id := range ids {
		c, ok := w.cases[id]
		if !ok {
			return fmt.Errorf("no case %q", id)
		}
		if c.Route != "" {
			w.fake.Script(c.Route, c.Reply)
		}
	}
	w.marks = append(w.marks, mark{ids: ids, start: len(w.fake.Requests())})
	return nil
}

// requestsPerCase counts, for each case, the requests that reached its
// route between its arming and the next one. It also returns the
// requests no armed case explains (a route none of them has).
func (w *world) requestsPerCase() (counts map[string]int, strays []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	reqs := w.fake.Requests()
	counts = map[string]int{}
	for i, m := range w.marks {
		end := len(reqs)
		if i+1 < len(w.marks) {
			end = w.marks[i+1].start
		}
		byRoute := map[string]string{}
		for _, id := range m.ids {
			counts[id] = 0
			byRoute[w.cases[id].Route] = id
		}
		for _, r := range reqs[m.start:end] {
			if id, ok := byRoute[r.Route]; ok && r.Route != "" {
				counts[id]++
			} else {
				strays = append(strays, fmt.Sprintf("%s %s?%s (while %s was armed)", r.Method, r.Path, r.Query, m.ids[0]))
			}
		}
	}
	w.marks = nil
	return counts, strays
}

// plan is the JSON a node driver reads.
type plan struct {
	SDK       string            `json:"sdk"`
	Transport string            `json:"transport"`
	Protocol  string            `json:"protocol,omitempty"`
	Command   string            `json:"command,omitempty"`
	Args      []string          `json:"args,omitempty"`
	Env       map[string]string `json:"env,omitempty"`
	URL       string            `json:"url,omitempty"`
	Key       string            `json:"key,omitempty"`
	Arm       string            `json:"arm,omitempty"`
	// Elicit is the user's answer to confirmations ("accept", "decline",
	// "cancel"); empty: the client cannot ask.
	Elicit string `json:"elicit,omitempty"`
	// Parallel bounds the calls of one batch in flight at once (0: 1).
	Parallel int        `json:"parallel,omitempty"`
	Calls    []planCall `json:"calls"`
}

// planCall is one tools/call. The driver arms the fake with the call's
// id, or once with its Batch for a run of calls sharing one; a batch's
// calls run concurrently.
type planCall struct {
	ID    string `json:"id"`
	Batch string `json:"batch,omitempty"`
	// Elicit, on a call made alone, overrides plan.Elicit for it.
	Elicit    string         `json:"elicit,omitempty"`
	Tool      string         `json:"tool"`
	Arguments map[string]any `json:"arguments"`
}

// callsInFlight bounds how many calls of one batch a client makes at
// once: most of a batch's time is the server's retry backoff and Dub's
// rate-limit waits, which overlap. It exceeds the 20 read tools, so that
// every retried read of a batch can wait at once over HTTP; over stdio
// the server's 5 workers (mcp-go's default) bound it.
const callsInFlight = 24

// client is one client/transport combination of the matrix.
type client struct {
	// Name is e.g. "ts-v1/stdio".
	Name string
	// SDK is "v1", "v2" or "mcp-go"; Transport "stdio" or "http".
	SDK, Transport string
}

// protocolFor is the protocol revision each SDK is asked to speak.
var protocolFor = map[string]string{"v1": "2025-11-25", "v2": "2026-07-28"}

// run drives c through cases against w and returns each case's outcome.
func (c client) run(t *testing.T, w *world, cases []testCase) driveOutput {
	t.Helper()
	p := plan{SDK: c.SDK, Transport: c.Transport, Protocol: protocolFor[c.SDK], Arm: w.control.URL,
		Parallel: callsInFlight, Calls: w.batched(cases)}
	switch c.Transport {
	case "stdio":
		p.Command = serverBin
		p.Args = []string{"--base-url", w.fake.URL}
		p.Env = map[string]string{"DUB_API_KEY": testKey}
	case "http":
		p.URL = startHTTPServer(t, w.fake.URL)
		p.Key = testKey
	}
	out := runDriver(t, p)
	if out.Fatal != nil {
		t.Fatalf("%s: client failed: %s\n%s", c.Name, out.Fatal.Message, out.Stderr)
	}
	counts, strays := w.requestsPerCase()
	for _, s := range strays {
		t.Errorf("%s: a request on no armed case's route: %s", c.Name, s)
	}
	out.byID = map[string]outcome{}
	for _, o := range out.Results {
		o.Requests = counts[o.ID]
		out.byID[o.ID] = o
	}
	return out
}

// runDriver runs p with drive.mjs, or for mcp-go with godrive.
func runDriver(t *testing.T, p plan) driveOutput {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	planFile := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(planFile, b, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goDriveBin, planFile)
	if p.SDK != "mcp-go" {
		cmd = exec.CommandContext(ctx, nodeBin, "drive.mjs", planFile)
		cmd.Dir = nodeDir
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var out driveOutput
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("driver (%s/%s): %v; output %.2000s\nstderr: %.4000s", p.SDK, p.Transport, runErr, stdout.String(), stderr.String())
	}
	out.Stderr = stderr.String()
	return out
}

// startHTTPServer runs the example server over streamable HTTP against
// baseURL and returns its MCP endpoint.
func startHTTPServer(t *testing.T, baseURL string, extra ...string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var stderr testproc.SyncBuffer
	cmd := exec.Command(serverBin, append([]string{"--http", addr, "--base-url", baseURL}, extra...)...)
	cmd.Env = testproc.EnvWithout("DUB_API_KEY")
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return "http://" + addr + "/mcp"
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not listen on %s: %v\n%s", addr, err, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// armHandler is the control endpoint drivers POST a case id to before
// each call.
func armHandler(arm func(id string) error) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		id, _ := io.ReadAll(r.Body)
		if err := arm(string(id)); err != nil {
			http.Error(rw, err.Error(), http.StatusBadRequest)
		}
	})
}

func cut(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

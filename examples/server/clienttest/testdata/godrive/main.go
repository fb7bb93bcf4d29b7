// Command godrive is drive.mjs for mcp-go's own client: it reads the same
// JSON plan and prints the same JSON report, so that clienttest runs every
// client the same way. It is a separate binary (built once by TestMain,
// without -race) because decoding megabytes of results in the
// race-instrumented test binary costs minutes of CI time.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// keepText bounds the text kept per result, as in drive.mjs.
const keepText = 8192

type plan struct {
	Transport string            `json:"transport"`
	Command   string            `json:"command"`
	Args      []string          `json:"args"`
	Env       map[string]string `json:"env"`
	URL       string            `json:"url"`
	Key       string            `json:"key"`
	Arm       string            `json:"arm"`
	Parallel  int               `json:"parallel"`
	Calls     []call            `json:"calls"`
}

// call is one tools/call; consecutive calls sharing a Batch are armed
// once and run concurrently, as in drive.mjs.
type call struct {
	ID        string         `json:"id"`
	Batch     string         `json:"batch"`
	Tool      string         `json:"tool"`
	Arguments map[string]any `json:"arguments"`
}

type callError struct {
	Code    any    `json:"code"`
	Message string `json:"message"`
}

type callSum struct {
	IsError         bool   `json:"isError"`
	Bytes           int    `json:"bytes"`
	TextBytes       int    `json:"textBytes"`
	Text            string `json:"text"`
	Structured      string `json:"structured"`
	StructuredBytes int    `json:"structuredBytes"`
}

type outcome struct {
	ID     string     `json:"id"`
	Result *callSum   `json:"result,omitempty"`
	Error  *callError `json:"error,omitempty"`
}

type report struct {
	SDK             string     `json:"sdk"`
	Transport       string     `json:"transport"`
	ProtocolVersion string     `json:"protocolVersion"`
	Tools           []string   `json:"tools"`
	ToolsBytes      int        `json:"toolsBytes"`
	ListError       *callError `json:"listError,omitempty"`
	Results         []outcome  `json:"results"`
	Fatal           *callError `json:"fatal,omitempty"`
}

func main() {
	out, err := run()
	if err != nil {
		out.Fatal = &callError{Message: err.Error()}
	}
	_ = json.NewEncoder(os.Stdout).Encode(out)
	if err != nil {
		os.Exit(1)
	}
}

func run() (report, error) {
	out := report{SDK: "mcp-go"}
	if len(os.Args) != 2 {
		return out, fmt.Errorf("usage: godrive PLAN.json")
	}
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		return out, err
	}
	var p plan
	if err := json.Unmarshal(b, &p); err != nil {
		return out, fmt.Errorf("plan: %w", err)
	}
	out.Transport = p.Transport
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var c *mcpclient.Client
	if p.Transport == "stdio" {
		env := os.Environ()
		for k, v := range p.Env {
			env = append(env, k+"="+v)
		}
		c, err = mcpclient.NewStdioMCPClient(p.Command, env, p.Args...)
	} else {
		c, err = mcpclient.NewStreamableHttpClient(p.URL, transport.WithHTTPHeaders(map[string]string{"Authorization": "Bearer " + p.Key}))
		if err == nil {
			err = c.Start(ctx)
		}
	}
	if err != nil {
		return out, fmt.Errorf("mcp-go client: %w", err)
	}
	defer c.Close()
	var init mcp.InitializeRequest
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "clienttest-mcp-go", Version: "1.0.0"}
	res, err := c.Initialize(ctx, init)
	if err != nil {
		return out, fmt.Errorf("initialize: %w", err)
	}
	out.ProtocolVersion = res.ProtocolVersion
	if list, err := c.ListTools(ctx, mcp.ListToolsRequest{}); err != nil {
		out.ListError = &callError{Message: err.Error()}
	} else {
		for _, tool := range list.Tools {
			out.Tools = append(out.Tools, tool.Name)
		}
		b, _ := json.Marshal(list)
		out.ToolsBytes = len(b)
	}
	for i := 0; i < len(p.Calls); {
		id, n := p.Calls[i].ID, 1
		if b := p.Calls[i].Batch; b != "" {
			id = b
			for i+n < len(p.Calls) && p.Calls[i+n].Batch == b {
				n++
			}
		}
		if err := arm(ctx, p.Arm, id); err != nil {
			return out, err
		}
		out.Results = append(out.Results, callAll(ctx, c, p.Calls[i:i+n], p.Parallel)...)
		i += n
	}
	return out, nil
}

// callAll makes calls, at most parallel at a time, and returns their
// outcomes in order.
func callAll(ctx context.Context, c *mcpclient.Client, calls []call, parallel int) []outcome {
	out := make([]outcome, len(calls))
	sem := make(chan struct{}, max(parallel, 1))
	var wg sync.WaitGroup
	for i, call := range calls {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			var req mcp.CallToolRequest
			req.Params.Name = call.Tool
			req.Params.Arguments = call.Arguments
			out[i] = outcome{ID: call.ID}
			if r, err := c.CallTool(ctx, req); err != nil {
				out[i].Error = &callError{Message: err.Error()}
			} else {
				out[i].Result = summarize(r)
			}
		}()
	}
	wg.Wait()
	return out
}

// arm tells the test which case comes next.
func arm(ctx context.Context, url, id string) error {
	if url == "" {
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(id))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("arm %s: %w", id, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		return fmt.Errorf("arm %s: %d %s", id, resp.StatusCode, b.String())
	}
	return nil
}

// summarize is drive.mjs's summarize for an mcp-go result.
func summarize(r *mcp.CallToolResult) *callSum {
	var texts []string
	for _, c := range r.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			texts = append(texts, tc.Text)
		}
	}
	text := strings.Join(texts, "\n")
	all, _ := json.Marshal(r)
	s := &callSum{IsError: r.IsError, Bytes: len(all), TextBytes: len(text), Text: cut(text, keepText)}
	if r.StructuredContent != nil {
		b, _ := json.Marshal(r.StructuredContent)
		s.Structured, s.StructuredBytes = cut(string(b), keepText), len(b)
	}
	return s
}

func cut(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

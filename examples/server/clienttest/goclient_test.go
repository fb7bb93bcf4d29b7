package clienttest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// runGoClient is drive.mjs for mcp-go's own client: the same plan, the
// same report, in process.
func runGoClient(t *testing.T, p plan, arm func(id string) error) driveOutput {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var c *mcpclient.Client
	var err error
	if p.Transport == "stdio" {
		var env []string
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
		t.Fatalf("mcp-go client: %v", err)
	}
	defer c.Close()
	var init mcp.InitializeRequest
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "clienttest-mcp-go", Version: "1.0.0"}
	res, err := c.Initialize(ctx, init)
	if err != nil {
		t.Fatalf("mcp-go initialize: %v", err)
	}
	out := driveOutput{SDK: "mcp-go", Transport: p.Transport, ProtocolVersion: res.ProtocolVersion}
	if list, err := c.ListTools(ctx, mcp.ListToolsRequest{}); err != nil {
		out.ListError = &callError{Message: err.Error()}
	} else {
		for _, tool := range list.Tools {
			out.Tools = append(out.Tools, tool.Name)
		}
		b, _ := json.Marshal(list)
		out.ToolsBytes = len(b)
	}
	for _, call := range p.Calls {
		if err := arm(call.ID); err != nil {
			t.Fatal(err)
		}
		var req mcp.CallToolRequest
		req.Params.Name = call.Tool
		req.Params.Arguments = call.Arguments
		o := outcome{ID: call.ID}
		r, err := c.CallTool(ctx, req)
		if err != nil {
			o.Error = &callError{Message: err.Error()}
		} else {
			o.Result = summarize(r)
		}
		out.Results = append(out.Results, o)
	}
	return out
}

// keepText bounds the text kept per result, as in drive.mjs.
const keepText = 8192

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

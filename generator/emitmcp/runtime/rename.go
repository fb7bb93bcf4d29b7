package dubmcp

import (
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
)

// renameArgs returns a copy of req whose arguments use wire names: each key
// of renames (an argument renamed because a parameter has the same wire
// name) is moved to its wire name, replacing the parameter's value.
func renameArgs(req mcp.CallToolRequest, renames map[string]string) mcp.CallToolRequest {
	src := req.GetArguments()
	args := make(map[string]any, len(src))
	wire := map[string]bool{}
	for _, w := range renames {
		wire[w] = true
	}
	for k, v := range src {
		if !wire[k] {
			args[k] = v
		}
	}
	for from, to := range renames {
		delete(args, from)
		if v, ok := src[from]; ok {
			args[to] = v
		}
	}
	req.Params.Arguments = args
	return req
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

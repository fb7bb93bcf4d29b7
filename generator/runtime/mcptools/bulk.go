package mcptools

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
)

// maxFailuresListed caps how many failures a bulk summary spells out.
const maxFailuresListed = 5

// bulkFailure is a failed entry of a bulk answer, as Dub's bulk link
// endpoints write it: {link, error, code} among the successes.
type bulkFailure struct {
	Error *string `json:"error"`
	Code  string  `json:"code"`
}

// bulkResult adds to r (Dub's bulk answer, the array body) a summary of
// what succeeded and what failed: Dub answers 200 with successes and
// failures mixed in one array, so neither "it worked" nor "it failed"
// is true of the whole call. The result is an error only when nothing
// succeeded (agents retry errors, and retrying created links would make
// duplicates); the failed entries stay in the result, text and structured.
func bulkResult(s *Spec, r *mcp.CallToolResult, body []byte) *mcp.CallToolResult {
	elems, _ := topElements(body)
	var failed []string
	for _, e := range elems {
		var f bulkFailure
		if len(e) > 0 && e[0] == '{' && json.Unmarshal(e, &f) == nil && f.Error != nil {
			msg := capText(*f.Error, 200)
			if f.Code != "" {
				msg += " (" + f.Code + ")"
			}
			failed = append(failed, msg)
		}
	}
	if len(failed) == 0 {
		return r
	}
	ok := len(elems) - len(failed)
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d %s; %d failed: ", ok, len(elems), bulkVerb(s.Method), len(failed))
	for i, f := range failed {
		if i == maxFailuresListed {
			fmt.Fprintf(&b, "; and %d more (see the entries with \"error\")", len(failed)-i)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f)
	}
	b.WriteString(".")
	if ok == 0 {
		return mcp.NewToolResultError(capText(fmt.Sprintf("%s failed: %s Dub's answer: %s", s.Tool.Name, b.String(), body), maxErrorText))
	}
	b.WriteString(" The failed entries are in the result; fix them and send only those again (the others succeeded: do not resend them).")
	r.Content = append([]mcp.Content{mcp.NewTextContent(b.String())}, r.Content...)
	return r
}

// bulkVerb says what succeeded items underwent, by the request's method.
func bulkVerb(method string) string {
	switch method {
	case http.MethodPost:
		return "created"
	case http.MethodPatch, http.MethodPut:
		return "updated"
	case http.MethodDelete:
		return "deleted"
	}
	return "succeeded"
}

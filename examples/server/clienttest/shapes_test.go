package clienttest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dubgen/dubgen/generator/fakedub"
)

// sentLink is the only link a "fields omitted" answer carries: Dub leaves
// optional fields out, and the result must not grow them back.
var sentLink = map[string]any{"id": "link_sent1", "domain": "dub.sh", "key": "k1", "url": "https://example.com/x"}

// invented are link fields that would appear only if the server made them
// up (zero values from a Go struct, say).
var invented = []string{`"clicks"`, `"archived"`, `"createdAt"`, `"tagIds"`, "null"}

// shapeCase is a success answer Dub's code gives and the spec does not
// promise, and what the agent should see of it.
type shapeCase struct {
	mode, tool string
	args       map[string]any
	reply      fakedub.Reply
	check      func(o outcome) string
}

// resultText is everything the agent reads of a result.
func resultText(o outcome) string { return o.Result.Text + "\n" + o.Result.Structured }

// succeeded is the common part of the targets: the call reached Dub once
// and came back as a result, not a thrown error.
func succeeded(o outcome, wantError bool) string {
	switch {
	case o.Error != nil:
		return fmt.Sprintf("callTool threw %v: %.200s", o.Error.Code, o.Error.Message)
	case o.Requests == 0:
		return fmt.Sprintf("never reached Dub: %.200s", o.Result.Text)
	case !wantError && o.Result.IsError:
		return fmt.Sprintf("isError result: %.200s", o.Result.Text)
	case o.Result.Bytes > maxResultBytes:
		return fmt.Sprintf("result of %d bytes (> %d)", o.Result.Bytes, maxResultBytes)
	}
	return ""
}

var shapeCases = []shapeCase{
	{"new-field", "get_link_info", map[string]any{"linkId": "link_sent1"},
		fakedub.JSON(200, map[string]any{"id": "link_sent1", "domain": "dub.sh", "key": "k1", "url": "https://example.com/x", "brandNewField": map[string]any{"since": "2026-12"}}),
		func(o outcome) string {
			if why := succeeded(o, false); why != "" {
				return why
			}
			if !strings.Contains(resultText(o), "brandNewField") {
				return "the new field does not reach the agent"
			}
			return ""
		}},
	{"omitted-fields", "get_link_info", map[string]any{"linkId": "link_sent1"}, fakedub.JSON(200, sentLink), checkNotInvented},
	{"omitted-fields", "get_links", map[string]any{}, fakedub.JSON(200, []any{sentLink}), checkNotInvented},
	{"bulk-mixed", "bulk_create_links", map[string]any{"links": []any{map[string]any{"url": "https://example.com/a"}, map[string]any{"url": "https://example.com/b", "tagIds": []any{"tag_nope"}}}},
		fakedub.BulkMixed([]map[string]any{{"id": "link_ok1", "domain": "dub.sh", "key": "a1", "url": "https://example.com/a"}},
			[]fakedub.BulkFailure{{Link: map[string]any{"url": "https://example.com/b", "tagIds": []any{"tag_nope"}}, Error: "Invalid tagIds detected: tag_nope", Code: "unprocessable_entity"}}),
		checkBulkMixed},
	{"bulk-mixed", "bulk_update_links", map[string]any{"linkIds": []any{"link_ok1", "link_gone"}, "data": map[string]any{"archived": true}},
		fakedub.BulkMixed([]map[string]any{{"id": "link_ok1", "domain": "dub.sh", "key": "a1", "url": "https://example.com/a"}},
			[]fakedub.BulkFailure{{Link: map[string]any{"id": "link_gone"}, Error: "Link not found", Code: "not_found"}}),
		checkBulkMixed},
	{"bulk-nothing", "bulk_update_links", map[string]any{"data": map[string]any{"archived": true}}, fakedub.NothingToUpdate(),
		func(o outcome) string {
			if why := succeeded(o, true); why != "" {
				return why
			}
			if !strings.Contains(resultText(o), "No links to update") {
				return fmt.Sprintf("Dub's answer is lost: %.200s", o.Result.Text)
			}
			return ""
		}},
	{"analytics-170kb", "retrieve_analytics", map[string]any{"groupBy": "timeseries", "interval": "90d"},
		fakedub.Timeseries(3000, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Hour, "clicks"),
		func(o outcome) string {
			if why := succeeded(o, false); why != "" {
				return why
			}
			if !containsAny(o.Result.Text, "truncat", "cut", "omitted", "more") {
				return fmt.Sprintf("a %d-byte result that does not say it was cut", o.Result.Bytes)
			}
			if !strings.Contains(o.Result.Text, `"clicks"`) || !strings.Contains(o.Result.Structured, `"clicks"`) {
				return fmt.Sprintf("the cut result holds no data point: %.200s", o.Result.Text)
			}
			return ""
		}},
	{"refused-args", "get_link_info", map[string]any{}, fakedub.JSON(200, sentLink),
		func(o outcome) string {
			switch {
			case o.Error != nil:
				return fmt.Sprintf("callTool threw %v: %.200s", o.Error.Code, o.Error.Message)
			case o.Requests != 0:
				return fmt.Sprintf("reached Dub %d times with no link named", o.Requests)
			case !o.Result.IsError:
				return fmt.Sprintf("not an isError result: %.200s", o.Result.Text)
			}
			return ""
		}},
	{"write-500-once", "create_link", map[string]any{"url": "https://example.com/a"},
		fakedub.DubError("internal_server_error", "An internal server error occurred. Please contact our support if the problem persists."),
		func(o outcome) string {
			if o.Requests != 1 {
				return fmt.Sprintf("a failed write reached Dub %d times, want exactly 1 (it may have been applied)", o.Requests)
			}
			return ""
		}},
}

// bigCase is a 50 MB body. It used to be opt-in: the server read the whole
// body, the TypeScript clients timed out after 60 s (-32001) and mcp-go's
// got a 128,778-byte result after minutes of CPU. The client now stops
// reading at its 8 MiB bound, so every client gets a bounded answer at once.
var bigCase = shapeCase{"body-50mb", "get_links", map[string]any{}, fakedub.Big(50 << 20),
	func(o outcome) string { return succeeded(o, true) }}

func checkNotInvented(o outcome) string {
	if why := succeeded(o, false); why != "" {
		return why
	}
	text := resultText(o)
	if !strings.Contains(text, "link_sent1") {
		return fmt.Sprintf("the link is missing: %.200s", o.Result.Text)
	}
	for _, f := range invented {
		if strings.Contains(text, f) {
			return fmt.Sprintf("invents %s: %.300s", f, text)
		}
	}
	return ""
}

// checkBulkMixed: a bulk call where some links succeeded is no error
// (agents retry errors, duplicating the links that were created), and it
// reports both the links that succeeded and those that failed, with a
// count.
func checkBulkMixed(o outcome) string {
	if why := succeeded(o, false); why != "" {
		return why
	}
	if !containsAny(o.Result.Text, "1 failed") {
		return fmt.Sprintf("no count of what failed: %.200s", o.Result.Text)
	}
	text := resultText(o)
	if !strings.Contains(text, "link_ok1") {
		return fmt.Sprintf("the created/updated link is missing: %.200s", o.Result.Text)
	}
	if !containsAny(text, "unprocessable_entity", "not_found", "invalid tagids", "link not found") {
		return fmt.Sprintf("the failed entry is missing: %.200s", o.Result.Text)
	}
	return ""
}

// TestResponseShapes feeds every client the answers Dub's code gives and
// the spec does not promise: new fields, omitted fields, mixed bulk
// arrays, the bare-string bulk answer, a 3,000-point analytics
// timeseries and (opt-in) a 50 MB body; checks that a call naming no link
// reaches Dub 0 times and a failed write exactly once; and that tools/list
// shows all 57 tools. knownShapeFailures lists what misses the target
// today.
func TestResponseShapes(t *testing.T) {
	tools := loadTools(t)
	byName := map[string]toolInfo{}
	for _, tool := range tools {
		byName[tool.Name] = tool
	}
	all := slices.Concat(shapeCases, []shapeCase{bigCase})
	var cases []testCase
	for i, sc := range all {
		tool, ok := byName[sc.tool]
		if !ok {
			t.Fatalf("shape case %s: no tool %s", sc.mode, sc.tool)
		}
		cases = append(cases, testCase{ID: fmt.Sprintf("%s/%s/%d", sc.tool, sc.mode, i), Tool: sc.tool, Mode: sc.mode,
			Args: sc.args, Route: tool.pattern(), Reply: sc.reply, Check: sc.check})
	}
	verdicts := runMatrix(t, tools, cases)
	tally(t, "response shapes", verdicts)
	ratchet(t, "knownShapeFailures", knownShapeFailures, verdicts)
}

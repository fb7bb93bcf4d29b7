package fakedub

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Reply is one scripted answer.
type Reply struct {
	// Status is the HTTP status (200 if zero).
	Status int
	// Header holds extra headers; Content-Type defaults to JSON.
	Header map[string]string
	// Body is sent as is.
	Body []byte
	// Stream, when positive, replaces Body with a generated JSON array of
	// about Stream bytes, written without holding it in memory.
	Stream int64
	// Limited, when set, adds the rate-limit headers of this bucket,
	// exhausted, computed when the reply is written: the reset is then
	// one window after the answer, as Dub's is, however long ago the
	// reply was scripted.
	Limited *Bucket
}

// docErrorURL is where Dub's error bodies point (lib/api/errors.ts).
const docErrorURL = "https://dub.co/docs/api-reference/errors"

// statusOf maps Dub's error codes to their HTTP status (lib/api/errors.ts).
var statusOf = map[string]int{
	"bad_request":           400,
	"unauthorized":          401,
	"forbidden":             403,
	"exceeded_limit":        403,
	"not_found":             404,
	"conflict":              409,
	"invite_pending":        409,
	"invite_expired":        410,
	"unprocessable_entity":  422,
	"rate_limit_exceeded":   429,
	"internal_server_error": 500,
}

// StatusOf returns the HTTP status Dub answers with for an error code (500
// for a code Dub does not have).
func StatusOf(code string) int {
	if s, ok := statusOf[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// DefaultReply is what a route without a script answers: 200 with {}.
func DefaultReply() Reply { return Reply{Body: []byte("{}")} }

// JSON answers status with v encoded as JSON.
func JSON(status int, v any) Reply {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("fakedub.JSON: %v", err)) // a test's own value; a bug in the test
	}
	return Reply{Status: status, Body: b}
}

// Raw answers status with body as the given content type.
func Raw(status int, contentType, body string) Reply {
	return Reply{Status: status, Header: map[string]string{"Content-Type": contentType}, Body: []byte(body)}
}

// DubError answers Dub's error body for code, with the status Dub uses for
// it: {"error":{"code","message","doc_url"}}.
func DubError(code, message string) Reply {
	return Error(StatusOf(code), code, message)
}

// Error is DubError with an explicit status.
func Error(status int, code, message string) Reply {
	return JSON(status, map[string]any{"error": map[string]any{
		"code":    code,
		"message": message,
		// Dub replaces only the first underscore.
		"doc_url": docErrorURL + "#" + strings.Replace(code, "_", "-", 1),
	}})
}

// Bucket is one of Dub's rate-limit windows.
type Bucket struct {
	// Limit is the number of requests allowed per Window.
	Limit int
	// Window is the sliding window's length.
	Window time.Duration
}

// Dub's buckets: the per-key one (600 a minute for a plain API key) and
// the separate per-second one for analytics and events paths. The
// per-second limit figure is illustrative; the headers' shape is not.
var (
	KeyBucket       = Bucket{Limit: 600, Window: time.Minute}
	AnalyticsBucket = Bucket{Limit: 10, Window: time.Second}
)

// BucketFor returns the bucket Dub limits path with.
func BucketFor(path string) Bucket {
	if strings.Contains(path, "/analytics") || strings.Contains(path, "/events") {
		return AnalyticsBucket
	}
	return KeyBucket
}

// RateLimitHeaders are the headers Dub sends with every keyed answer:
// X-RateLimit-Limit, X-RateLimit-Remaining, and X-RateLimit-Reset and
// Retry-After both set to the window's reset as Unix MILLISECONDS.
func RateLimitHeaders(b Bucket, remaining int, now time.Time) map[string]string {
	reset := strconv.FormatInt(now.Add(b.Window).UnixMilli(), 10)
	return map[string]string{
		"Retry-After":           reset,
		"X-RateLimit-Limit":     strconv.Itoa(b.Limit),
		"X-RateLimit-Remaining": strconv.Itoa(remaining),
		"X-RateLimit-Reset":     reset,
	}
}

// RateLimited is Dub's 429 for bucket b at time now: rate_limit_exceeded
// "Too many requests." with the rate-limit headers (remaining 0).
func RateLimited(b Bucket, now time.Time) Reply {
	r := DubError("rate_limit_exceeded", "Too many requests.")
	r.Header = RateLimitHeaders(b, 0, now)
	return r
}

// RateLimitedNow is [RateLimited] with the reset counted from the moment
// each answer is written, as Dub's is: a test that scripts it once and
// is answered much later still sees a wait of one window.
func RateLimitedNow(b Bucket) Reply {
	r := DubError("rate_limit_exceeded", "Too many requests.")
	r.Limited = &b
	return r
}

// BadGatewayHTML is a 502 from a proxy in front of Dub: an HTML page, not
// JSON.
func BadGatewayHTML() Reply {
	return Raw(http.StatusBadGateway, "text/html; charset=utf-8",
		"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"+
			"<body><h1>502 Bad Gateway</h1><p>The upstream server returned an invalid response.</p>"+
			"<script>window.__x = 1;</script></body></html>\n")
}

// HugeError is a Dub-shaped error whose message is n bytes long (zod
// messages quoting a large input get there).
func HugeError(code string, n int) Reply {
	const unit = "Invalid input: expected string, received number at links[0].url. "
	msg := strings.Repeat(unit, n/len(unit)+1)[:n]
	return DubError(code, msg)
}

// Malformed is a 200 that says it is JSON and is not: the body stops
// mid-object, as when a connection is cut.
func Malformed() Reply {
	return Raw(http.StatusOK, "application/json", `{"id":"link_1","domain":"dub.sh","url":"https://exa`)
}

// BulkFailure is one failed entry of a bulk answer.
type BulkFailure struct {
	// Link is the link as sent (POST) or {"id": ...} (PATCH).
	Link map[string]any `json:"link"`
	// Error is the human message, e.g. "Invalid tagIds detected: tag_1".
	Error string `json:"error"`
	// Code is Dub's error code, e.g. "unprocessable_entity".
	Code string `json:"code"`
}

// BulkMixed is Dub's bulk create/update answer: 200 with successes first,
// then failures, in one array.
func BulkMixed(successes []map[string]any, failures []BulkFailure) Reply {
	all := make([]any, 0, len(successes)+len(failures))
	for _, s := range successes {
		all = append(all, s)
	}
	for _, f := range failures {
		all = append(all, f)
	}
	return JSON(http.StatusOK, all)
}

// NothingToUpdate is Dub's bulk update answer when neither linkIds nor
// externalIds are given: 200 with a bare JSON string.
func NothingToUpdate() Reply { return JSON(http.StatusOK, "No links to update") }

// Timeseries is an analytics groupBy=timeseries answer of n points, step
// apart from start, for event "clicks", "leads", "sales" or "composite"
// (all of them): each point is {"start": ..., <event counts>}.
func Timeseries(n int, start time.Time, step time.Duration, event string) Reply {
	pts := make([]map[string]any, n)
	for i := range pts {
		p := map[string]any{"start": start.Add(time.Duration(i) * step).UTC().Format("2006-01-02T15:04:05.000Z")}
		if event == "clicks" || event == "composite" {
			p["clicks"] = (i * 7919) % 1000
		}
		if event == "leads" || event == "composite" {
			p["leads"] = (i * 31) % 50
		}
		if event == "sales" || event == "composite" {
			p["sales"] = (i * 13) % 20
			p["saleAmount"] = (i * 4999) % 100000
		}
		pts[i] = p
	}
	return JSON(http.StatusOK, pts)
}

// Big is a 200 whose body is a valid JSON array of link-like objects,
// about n bytes long, streamed.
func Big(n int64) Reply { return Reply{Status: http.StatusOK, Stream: n} }

// write sends r.
func (r Reply) write(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	for k, v := range r.Header {
		h.Set(k, v)
	}
	if r.Limited != nil {
		for k, v := range RateLimitHeaders(*r.Limited, 0, time.Now()) {
			h.Set(k, v)
		}
	}
	status := r.Status
	if status == 0 {
		status = http.StatusOK
	}
	if r.Stream <= 0 {
		h.Set("Content-Length", strconv.Itoa(len(r.Body)))
		w.WriteHeader(status)
		_, _ = w.Write(r.Body)
		return
	}
	w.WriteHeader(status)
	bw := bufio.NewWriterSize(w, 64<<10)
	var written int64
	_, _ = bw.WriteString("[")
	for i := 0; written < r.Stream; i++ {
		sep := ","
		if i == 0 {
			sep = ""
		}
		n, err := fmt.Fprintf(bw, `%s{"id":"link_%08d","domain":"dub.sh","key":"k%08d","url":"https://example.com/%08d","clicks":%d}`, sep, i, i, i, i)
		if err != nil {
			return // the client went away
		}
		written += int64(n)
	}
	_, _ = bw.WriteString("]")
	_ = bw.Flush()
}

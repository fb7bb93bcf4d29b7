// Package transport holds the upstream side of a Dub client's HTTP stack:
// [http.RoundTripper] wrappers and a pooled [http.Transport] that make calls
// to Dub's API survive rate limits, flaky gateways, huge answers and load.
//
//   - [ParseWait] reads how long a 429 (or 503) asks the caller to wait,
//     from Retry-After, X-RateLimit-Reset, RateLimit or RateLimit-Reset,
//     whatever unit the server used (Dub sends Unix milliseconds).
//   - [NormalizeRateLimit] rewrites those headers into standard units for
//     clients that read them the standard way.
//   - [Retry] retries reads (GET, HEAD) after a short 429 or a 5xx; writes
//     are never retried.
//   - [Pace] spaces requests to stay inside Dub's per-key buckets.
//   - [LimitResponses] refuses response bodies larger than a bound.
//   - [NewPooled] is a connection-pooled transport sized for concurrency.
//
// [New] stacks them the recommended way. Install the result with
// dub.WithHTTPClient(&http.Client{Transport: transport.New(...)}).
package transport

// Package fakedub is a fake Dub API for tests. It answers the way Dub's
// route handlers do, which is not always what the OpenAPI spec says, and it
// can be scripted per test to misbehave: rate limits with Dub's real
// headers, error bodies of any size, HTML from a proxy, malformed or huge
// JSON, mixed bulk arrays, new or missing fields.
//
// # What Dub's code does (read in dubinc/dub, apps/web)
//
// Error bodies (lib/api/errors.ts). Every handled error is JSON of the form
// {"error":{"code","message","doc_url"}}. The code decides the status:
// bad_request 400, unauthorized 401, forbidden and exceeded_limit 403,
// not_found 404, conflict and invite_pending 409, invite_expired 410,
// unprocessable_entity 422, rate_limit_exceeded 429,
// internal_server_error 500. Request validation (zod) failures become 422
// unprocessable_entity with a one-issue message. doc_url is
// https://dub.co/docs/api-reference/errors#<code>, where only the FIRST
// underscore of the code becomes a hyphen (so "#rate-limit_exceeded").
// Anything unexpected becomes a 500 with a fixed "contact support" message;
// Prisma's "record not found" becomes a 404. Errors keep the rate-limit
// headers already computed for the request.
//
// Rate limits (lib/auth/workspace.ts, lib/auth/rate-limit-request.ts,
// lib/upstash/ratelimit.ts). The API key is checked against an Upstash
// sliding window (600 requests a minute for plain keys, the token's own
// limit for restricted "dub_" keys) and every answer, success or error,
// carries X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset and
// Retry-After. Reset and Retry-After are the SAME value: Upstash's reset,
// a Unix time in MILLISECONDS (e.g. 1764624000000), not a number of seconds
// to wait and not an HTTP date. A client that reads Retry-After as seconds
// waits ~56,000 years. Over the limit the answer is 429
// rate_limit_exceeded "Too many requests.". Analytics and event paths
// (/analytics, /events) are limited by a separate per-second bucket; the
// fake models that as a second bucket (see RateLimited) whose reset is at
// most one second away. (The indexed versions of workspace.ts we could
// read show only the per-minute bucket; the per-second one is taken from
// issue 10's account of rate-limit-request.ts use.)
//
// Bulk links (app/api/links/bulk/route.ts). POST (create up to 100) and
// PATCH (update) answer 200 with ONE array mixing created/updated links and
// failures shaped {"link":{...},"error":"...","code":"..."}; a request
// with some bad links is not a 4xx. Failures carry codes such as
// unprocessable_entity (unknown tagIds/tagNames/webhookIds) or not_found
// (PATCH: ids that are not in the workspace, echoed as {"id":...}). PATCH
// with neither linkIds nor externalIds answers 200 with a bare JSON string
// ("No links to update"), not an array. DELETE answers {"deletedCount":n}.
//
// Analytics (app/api/analytics/route.ts): groupBy=timeseries answers an
// array of {"start", "clicks", "leads", "sales", "saleAmount"} points, one
// per interval bucket; a long range at a fine granularity easily makes
// thousands of points (Timeseries builds such answers).
//
// Links (app/api/links/**): a link is a flat object with many optional
// fields, and Dub adds fields over time; clients must pass unknown fields
// through and must not invent missing ones.
//
// # Using it
//
// Start a Server with the routes it should know (ServeMux patterns such as
// "GET /links/{linkId}"), Script replies per route, point the code under
// test at Server.URL and assert with Count or Requests afterwards. A route
// with no script answers DefaultReply (a 200 with {}); a path that matches
// no route answers 404 not_found, as Dub does.
package fakedub

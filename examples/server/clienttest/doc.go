// Package clienttest drives the example MCP server (examples/server) with
// clients we did not write: the official TypeScript SDKs (v1
// @modelcontextprotocol/sdk at protocol 2025-11-25 and v2
// @modelcontextprotocol/client pinned to 2026-07-28), mcp-go's own client,
// and Stoplight Prism serving the pinned Dub spec. The server talks to
// generator/fakedub, a fake Dub API that answers the way Dub's code does.
//
// The tests live in _test.go files; testdata/node holds the node scripts
// and the npm lock file (`make client-deps` installs them). Without node
// and the installed packages the tests skip locally and fail in CI
// (CI=true).
//
// The matrix tests compare what each client sees with the TARGET behaviour
// and keep the cases that still miss it in named known-failure lists
// (knownfailures_test.go). The lists are a ratchet: a listed case that now
// passes fails the test until its entry is removed, and a failing case that
// is not listed fails it too. Run with -v to print the matrix summary.
package clienttest

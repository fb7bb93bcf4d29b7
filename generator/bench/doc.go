// Package bench compares dubgen's generation time with oapi-codegen's on
// the same pinned Dub spec, side by side in one run (`make bench`): see
// BenchmarkVsOapiCodegen. It holds no code of its own; oapi-codegen is
// pinned in testdata/oapitool, a module of its own so that it stays out of
// dubgen's require list.
package bench

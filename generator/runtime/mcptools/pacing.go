package mcptools

import "github.com/dubgen/dubgen/generator/runtime/apiclient"

// WithPacing makes the tools hold their requests to Dub inside p per API
// key, whatever HTTP client the Dub client uses (see
// [apiclient.Client.Paced]): Dub's per-minute limit on every path and its
// per-second limit on /analytics and /events. A call whose wait would
// outlast its deadline fails at once with an error result. Each server
// process paces on its own: give each replica its share of the plan.
// Zero limits (the default) pace nothing.
func WithPacing(p apiclient.Pacing) Option {
	return func(o *options) { o.pacing = p }
}

package apiclient

import "github.com/dubgen/dubgen/generator/runtime/transport"

// Paced returns a copy of c whose requests stay inside p per API key (see
// [WithPacing]), whatever HTTP client c uses: the pacing sits on top of
// its transport, so retries the transport makes are not paced. Zero
// limits return c itself. MCP servers use it through their Register
// option, to pace a client built elsewhere.
func (c *Client) Paced(p Pacing) *Client {
	if p.PerMinute <= 0 && p.PerSecond <= 0 {
		return c
	}
	h := *c.httpClient
	h.Transport = transport.Pace(h.Transport, p, transport.WithClock(c.now, c.sleep))
	paced := *c
	paced.httpClient = &h
	return &paced
}

// Command server is a small MCP server that exposes Dub's API as tools,
// built only from the generated packages, the way your own server would use
// them.
//
// By default it speaks MCP over stdio and authenticates with the Dub API key
// in DUB_API_KEY:
//
//	DUB_API_KEY=dub_xxx go run ./examples/server
//
// With --http ADDR it serves the streamable HTTP transport at
// http://ADDR/mcp instead, and every request must carry its caller's own key
// as "Authorization: Bearer <key>" or "Mcp-Dub-Token: <key>" (else 401). It
// refuses foreign browser origins (403) and large or slow bodies (413, 408);
// see the serving flags. An ADDR without a host (":8080") binds
// 127.0.0.1 only; to listen on other interfaces name the host, e.g.
// "0.0.0.0:8080". DUB_API_KEY is not used over HTTP unless
// --http-fallback-key is given, so that a caller without a key cannot spend
// the operator's.
//
// The key is never taken from a flag: command lines are visible to other
// users in process listings. In stdio mode only protocol messages go to
// stdout; everything else goes to stderr.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/dubgen/dubgen/generated/dub"
	"github.com/dubgen/dubgen/generated/dubmcp"
	"github.com/dubgen/dubgen/generator/runtime/httpguard"
)

const (
	serverName = "dubgen-example"
	// endpointPath is where the streamable HTTP transport is served.
	endpointPath = "/mcp"
	// healthPath answers 200 for liveness and readiness probes.
	healthPath = "/healthz"
	// shutdownGrace bounds how long a graceful HTTP shutdown may take.
	shutdownGrace = 10 * time.Second
)

// config is the parsed command line and environment.
type config struct {
	// httpAddr is the --http listen address; empty means stdio.
	httpAddr string
	// baseURL is the Dub API endpoint.
	baseURL string
	// apiKey is DUB_API_KEY (possibly empty).
	apiKey string
	// httpFallbackKey lets HTTP callers without a bearer key use apiKey.
	httpFallbackKey bool
	// showVersion asks for the version only.
	showVersion bool
	// sel narrows the served tools (--read-only, --toolsets, --tools,
	// --exclude-tools, --no-bulk).
	sel dubmcp.Selection
	// dynamic serves the search/describe/call meta-tools instead.
	dynamic bool
	// confirm is --confirm-destructive: "off", "refuse" or "allow".
	confirm string
	// confirmKey is DUBGEN_CONFIRM_KEY: confirmation states are HMACs
	// under it (plain hashes without it); replicas share it.
	confirmKey string
	// maxResultBytes and pageSize bound tool results.
	maxResultBytes, pageSize int
	// serve holds the HTTP hardening and upstream flags.
	serve serving
}

// registerOptions turns the selection flags into dubmcp options.
func (cfg config) registerOptions() ([]dubmcp.Option, error) {
	opts := []dubmcp.Option{
		dubmcp.WithSelection(cfg.sel),
		dubmcp.WithMaxResultBytes(cfg.maxResultBytes),
		dubmcp.WithPageSize(cfg.pageSize),
	}
	if cfg.dynamic {
		opts = append(opts, dubmcp.WithDynamic())
	}
	switch cfg.confirm {
	case "", "off":
	case "refuse":
		opts = append(opts, dubmcp.WithConfirmDestructive(dubmcp.ConfirmRefuse))
	case "allow":
		opts = append(opts, dubmcp.WithConfirmDestructive(dubmcp.ConfirmAllow))
	default:
		return nil, fmt.Errorf("--confirm-destructive %q: want off, refuse or allow", cfg.confirm)
	}
	if cfg.confirmKey != "" {
		opts = append(opts, dubmcp.WithConfirmKey([]byte(cfg.confirmKey)))
	}
	return opts, nil
}

// splitList parses a comma-separated flag value.
func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// clientKey returns the key the Dub client falls back to when a request's
// context carries none: DUB_API_KEY over stdio, and over HTTP only with
// --http-fallback-key.
func (c config) clientKey() string {
	if c.httpAddr != "" && !c.httpFallbackKey {
		return ""
	}
	return c.apiKey
}

func main() {
	log.SetOutput(os.Stderr) // the default, but stdout must stay protocol-only
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole program; it returns the exit status: 0 ok, 1 failure,
// 2 bad usage.
func run(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := parseConfig(args, getenv, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", serverName, err)
		fmt.Fprintf(stderr, "Run with --help for usage.\n")
		return 2
	}
	if cfg.showVersion {
		fmt.Fprintf(stdout, "%s %s\n", serverName, version())
		return 0
	}

	s, err := newServer(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", serverName, err)
		return 1
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := log.New(stderr, serverName+": ", log.LstdFlags)
	if cfg.httpAddr != "" {
		err = serveHTTP(ctx, cfg, s, logger)
	} else {
		err = serveStdio(ctx, cfg, s, stdin, stdout, logger)
	}
	if err != nil {
		logger.Print(err)
		return 1
	}
	return 0
}

// parseConfig parses the command line; the API key comes from the
// environment only. --help prints usage to helpOut and returns
// flag.ErrHelp.
func parseConfig(args []string, getenv func(string) string, helpOut io.Writer) (config, error) {
	cfg := config{apiKey: getenv("DUB_API_KEY"), confirmKey: getenv("DUBGEN_CONFIRM_KEY"), serve: defaultServing()}
	fs := flag.NewFlagSet(serverName, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&cfg.httpAddr, "http", "", "serve streamable HTTP on `ADDR` (path "+endpointPath+") instead of stdio; \":8080\" binds 127.0.0.1, other interfaces need a host such as \"0.0.0.0:8080\"")
	fs.StringVar(&cfg.baseURL, "base-url", dub.DefaultBaseURL, "Dub API base `URL`")
	fs.BoolVar(&cfg.httpFallbackKey, "http-fallback-key", false, "over HTTP, use DUB_API_KEY for requests without an Authorization header")
	fs.BoolVar(&cfg.showVersion, "version", false, "print the version and exit")
	fs.BoolVar(&cfg.sel.ReadOnly, "read-only", false, "serve only tools that do not change data (overrides every other selection)")
	var toolsets, tools, exclude string
	fs.StringVar(&toolsets, "toolsets", "", "comma-separated `toolsets` to serve (\"default\": "+strings.Join(dubmcp.DefaultToolsets, ", ")+"; \"all\"); empty serves all")
	fs.StringVar(&tools, "tools", "", "comma-separated tool `names` to serve (allow-list)")
	fs.StringVar(&exclude, "exclude-tools", "", "comma-separated tool `names` not to serve")
	fs.BoolVar(&cfg.sel.NoBulk, "no-bulk", false, "do not serve the bulk tools (they skip Dub's webhooks)")
	fs.BoolVar(&cfg.dynamic, "dynamic", false, "serve search_tools, describe_tool and call_tool instead of every tool (small contexts)")
	fs.StringVar(&cfg.confirm, "confirm-destructive", "off", "ask the user before destructive tools: off, refuse (ask; refuse when the client cannot) or allow (ask; run when the client cannot)")
	fs.IntVar(&cfg.maxResultBytes, "max-result-bytes", 60000, "cut tool results above this many bytes (0: no cap)")
	fs.IntVar(&cfg.pageSize, "page-size", 25, "page size list tools ask for when the agent gives none (0: Dub's default)")
	cfg.serve.addFlags(fs)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: %s [--http ADDR [--http-fallback-key]] [--base-url URL]\n\n", serverName)
		fmt.Fprintln(w, "An MCP server exposing the Dub API as tools. Over stdio (the default) it")
		fmt.Fprintln(w, "authenticates with DUB_API_KEY; over HTTP each request brings its own key")
		fmt.Fprintln(w, "as \"Authorization: Bearer <key>\" or \"Mcp-Dub-Token: <key>\" (else 401).")
		fmt.Fprintln(w, "Keys are never read from flags.")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Environment:")
		fmt.Fprintln(w, "  DUB_API_KEY         Dub API key (stdio; over HTTP only with --http-fallback-key)")
		fmt.Fprintln(w, "  DUBGEN_CONFIRM_KEY  secret that signs confirmation requests (--confirm-destructive);")
		fmt.Fprintln(w, "                      give every replica the same one, or none")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Flags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(helpOut)
			fs.Usage()
		}
		return cfg, err
	}
	cfg.sel.Toolsets, cfg.sel.Tools, cfg.sel.Exclude = splitList(toolsets), splitList(tools), splitList(exclude)
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if cfg.showVersion {
		return cfg, nil
	}
	if err := cfg.serve.check(); err != nil {
		return cfg, err
	}
	u, err := url.Parse(cfg.baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return cfg, fmt.Errorf("--base-url %q: want an absolute http or https URL", cfg.baseURL)
	}
	if cfg.httpAddr != "" {
		addr, err := listenAddr(cfg.httpAddr)
		if err != nil {
			return cfg, fmt.Errorf("--http: %v", err)
		}
		cfg.httpAddr = addr
	}
	if cfg.httpFallbackKey {
		if cfg.httpAddr == "" {
			return cfg, errors.New("--http-fallback-key needs --http")
		}
		if cfg.apiKey == "" {
			return cfg, errors.New("--http-fallback-key needs DUB_API_KEY")
		}
	}
	return cfg, nil
}

// listenAddr completes an --http address: without a host (":8080", or
// just "8080") it binds 127.0.0.1, so that reaching other interfaces takes
// an explicit host such as "0.0.0.0:8080" or "[::]:8080".
func listenAddr(addr string) (string, error) {
	if _, err := strconv.ParseUint(addr, 10, 16); err == nil {
		addr = ":" + addr
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("address %q: want HOST:PORT or :PORT", addr)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return "", fmt.Errorf("address %q: port %q is not a number from 0 to 65535", addr, port)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port), nil
}

// newServer returns an MCP server with every Dub tool, calling the API at
// cfg.baseURL. Tools use the key in the request's context (see
// dubmcp.HTTPContextFunc) or else cfg.clientKey(); with neither, calls
// return an isError result explaining that the key is missing.
func newServer(cfg config) (*server.MCPServer, error) {
	opts := []dub.Option{
		dub.WithBaseURL(cfg.baseURL),
		dub.WithUserAgent(serverName + "/" + version()),
		dub.WithHTTPClient(cfg.serve.httpClient()),
	}
	if key := cfg.clientKey(); key != "" {
		opts = append(opts, dub.WithAPIKey(key))
	}
	regOpts, err := cfg.registerOptions()
	if err != nil {
		return nil, err
	}
	s := server.NewMCPServer(serverName, version(), server.WithRecovery(), server.WithElicitation())
	if err := dubmcp.Register(s, dub.NewClient(opts...), regOpts...); err != nil {
		return nil, err
	}
	return s, nil
}

// newHTTPHandler returns the streamable HTTP transport for s, serving
// endpointPath and taking each request's Dub key from its bearer header,
// and the handler to serve: the transport behind httpguard's checks.
// loopbackBind says whether the server listens on a loopback address
// (then localhost origins are allowed).
func newHTTPHandler(cfg config, s *server.MCPServer, loopbackBind bool, opts ...server.StreamableHTTPOption) (*server.StreamableHTTPServer, http.Handler) {
	opts = append([]server.StreamableHTTPOption{
		server.WithEndpointPath(endpointPath),
		server.WithHTTPContextFunc(dubmcp.HTTPContextFunc),
	}, append(cfg.serve.streamableOptions(), opts...)...)
	h := server.NewStreamableHTTPServer(s, opts...)
	return h, httpguard.Wrap(h, cfg.serve.guard(!cfg.httpFallbackKey, loopbackBind))
}

// serveStdio serves s on stdin/stdout until stdin closes or ctx ends.
func serveStdio(ctx context.Context, cfg config, s *server.MCPServer, stdin io.Reader, stdout io.Writer, logger *log.Logger) error {
	if cfg.apiKey == "" {
		logger.Print("warning: DUB_API_KEY is not set; every tool call will fail until it is")
	}
	ss := server.NewStdioServer(s)
	ss.SetErrorLogger(logger)
	err := ss.Listen(ctx, stdin, stdout)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// serveHTTP serves s over streamable HTTP on cfg.httpAddr until ctx ends,
// then shuts down gracefully.
func serveHTTP(ctx context.Context, cfg config, s *server.MCPServer, logger *log.Logger) error {
	ln, err := net.Listen("tcp", cfg.httpAddr)
	if err != nil {
		return err
	}
	srv := &http.Server{ErrorLog: logger}
	httpguard.ConfigureServer(srv, httpguard.Timeouts{})
	h, guarded := newHTTPHandler(cfg, s, isLoopback(ln.Addr()), server.WithStreamableHTTPServer(srv))
	mux := http.NewServeMux()
	mux.Handle(endpointPath, guarded)
	mux.HandleFunc("GET "+healthPath, serveHealth)
	srv.Handler = mux

	logger.Printf("serving MCP over streamable HTTP at http://%s%s", ln.Addr(), endpointPath)
	if cfg.apiKey != "" && !cfg.httpFallbackKey {
		logger.Print("note: DUB_API_KEY is not used over HTTP; callers send their own key (see --http-fallback-key)")
	}
	if cfg.httpFallbackKey && !isLoopback(ln.Addr()) {
		logger.Print("warning: --http-fallback-key on a non-loopback address lets anyone who can reach it use DUB_API_KEY")
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Print("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := h.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// serveHealth answers a health probe: the process serves HTTP.
func serveHealth(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, "ok\n")
}

func isLoopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// version is the module version the binary was built from ("devel" for a
// local build).
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

package main

import (
	"bytes"
	"errors"
	"flag"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dubgen/dubgen/generated/dub"
	"github.com/dubgen/dubgen/generated/dubmcp"
	"github.com/dubgen/dubgen/generator/runtime/transport"
)

func TestListenAddr(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		wantErr  bool
	}{
		{in: ":0", want: "127.0.0.1:0"},
		{in: ":8080", want: "127.0.0.1:8080"},
		{in: "8080", want: "127.0.0.1:8080"},
		{in: "0", want: "127.0.0.1:0"},
		{in: "127.0.0.1:8080", want: "127.0.0.1:8080"},
		{in: "localhost:8080", want: "localhost:8080"},
		{in: "0.0.0.0:8080", want: "0.0.0.0:8080"},
		{in: "192.0.2.10:9000", want: "192.0.2.10:9000"},
		{in: "[::1]:8080", want: "[::1]:8080"},
		{in: "[::]:8080", want: "[::]:8080"},
		{in: "", wantErr: true},
		{in: "127.0.0.1", wantErr: true},
		{in: "localhost", wantErr: true},
		{in: "127.0.0.1:", wantErr: true},
		{in: ":http", wantErr: true},
		{in: ":65536", wantErr: true},
		{in: ":-1", wantErr: true},
		{in: "::1:80", wantErr: true},
	} {
		got, err := listenAddr(tc.in)
		if tc.wantErr {
			if err == nil {
				t.Errorf("listenAddr(%q) = %q, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("listenAddr(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseConfig(t *testing.T) {
	env := func(key string) func(string) string {
		return func(name string) string {
			if name == "DUB_API_KEY" {
				return key
			}
			return ""
		}
	}
	for _, tc := range []struct {
		name    string
		args    []string
		key     string
		want    config
		wantKey string // clientKey()
		wantErr string
	}{
		{name: "stdio", key: "k", want: config{baseURL: dub.DefaultBaseURL, apiKey: "k"}, wantKey: "k"},
		{name: "stdio without key", want: config{baseURL: dub.DefaultBaseURL}},
		{name: "base url", args: []string{"--base-url", "http://127.0.0.1:9/api"}, key: "k",
			want: config{baseURL: "http://127.0.0.1:9/api", apiKey: "k"}, wantKey: "k"},
		{name: "http keeps the key to itself", args: []string{"--http", ":8080"}, key: "k",
			want: config{httpAddr: "127.0.0.1:8080", baseURL: dub.DefaultBaseURL, apiKey: "k"}, wantKey: ""},
		{name: "http explicit host", args: []string{"--http", "0.0.0.0:8080"},
			want: config{httpAddr: "0.0.0.0:8080", baseURL: dub.DefaultBaseURL}},
		{name: "http fallback", args: []string{"--http", ":1", "--http-fallback-key"}, key: "k",
			want: config{httpAddr: "127.0.0.1:1", baseURL: dub.DefaultBaseURL, apiKey: "k", httpFallbackKey: true}, wantKey: "k"},
		{name: "version", args: []string{"--version"}, want: config{baseURL: dub.DefaultBaseURL, showVersion: true}},
		{name: "fallback needs http", args: []string{"--http-fallback-key"}, key: "k", wantErr: "needs --http"},
		{name: "fallback needs key", args: []string{"--http", ":1", "--http-fallback-key"}, wantErr: "needs DUB_API_KEY"},
		{name: "bad base url", args: []string{"--base-url", "api.dub.co"}, wantErr: "--base-url"},
		{name: "bad scheme", args: []string{"--base-url", "ftp://x"}, wantErr: "--base-url"},
		{name: "bad addr", args: []string{"--http", "localhost"}, wantErr: "--http"},
		{name: "no key flag", args: []string{"--api-key", "k"}, wantErr: "api-key"},
		{name: "positional", args: []string{"serve"}, wantErr: "unexpected"},
		{name: "serving flags", args: []string{"--max-body-bytes", "1000", "--allowed-origins", "https://a.example, https://b.example", "--upstream-timeout", "5s", "--max-response-bytes", "2000", "--retry=false", "--pace-plan", "600/4", "--upstream-conns", "0", "--session-idle-ttl", "0"},
			want: config{baseURL: dub.DefaultBaseURL, serve: serving{maxBodyBytes: 1000, allowedOrigins: []string{"https://a.example", "https://b.example"}, upstreamTimeout: 5 * time.Second,
				maxResponseBytes: 2000, pace: transport.Limits{PerMinute: 600, PerSecond: 4}}}},
		{name: "pace plan", args: []string{"--pace-plan", "pro"}, want: config{baseURL: dub.DefaultBaseURL, serve: func() serving {
			s := defaultServing()
			s.pace = transport.Limits{PerMinute: 600, PerSecond: 4}
			return s
		}()}},
		{name: "bad pace plan", args: []string{"--pace-plan", "gold"}, wantErr: "pace-plan"},
		{name: "bad body bound", args: []string{"--max-body-bytes", "0"}, wantErr: "--max-body-bytes"},
		{name: "bad upstream timeout", args: []string{"--upstream-timeout", "-1s"}, wantErr: "--upstream-timeout"},
		{name: "selection", args: []string{"--read-only", "--toolsets", "links, analytics", "--tools", "get_links", "--exclude-tools", "a,b", "--no-bulk", "--dynamic", "--confirm-destructive", "refuse", "--max-result-bytes", "1000", "--page-size", "10"},
			want: config{baseURL: dub.DefaultBaseURL, dynamic: true, confirm: "refuse", maxResultBytes: 1000, pageSize: 10,
				sel: dubmcp.Selection{ReadOnly: true, NoBulk: true, Toolsets: []string{"links", "analytics"}, Tools: []string{"get_links"}, Exclude: []string{"a", "b"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseConfig(tc.args, env(tc.key), &bytes.Buffer{})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := withDefaults(tc.want); !reflect.DeepEqual(got, want) {
				t.Errorf("config = %+v, want %+v", got, want)
			}
			if k := got.clientKey(); k != tc.wantKey {
				t.Errorf("clientKey() = %q, want %q", k, tc.wantKey)
			}
		})
	}
}

func TestRunUsage(t *testing.T) {
	getenv := func(string) string { return "" }
	var out, errOut bytes.Buffer
	if code := run([]string{"--help"}, getenv, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Errorf("--help: exit %d, want 0", code)
	}
	if !strings.Contains(out.String(), "DUB_API_KEY") || !strings.Contains(out.String(), "-http") {
		t.Errorf("--help output lacks the essentials:\n%s", out.String())
	}

	out.Reset()
	if code := run([]string{"--version"}, getenv, strings.NewReader(""), &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), serverName+" ") {
		t.Errorf("--version: exit %d, output %q", code, out.String())
	}

	out.Reset()
	errOut.Reset()
	if code := run([]string{"--bogus"}, getenv, strings.NewReader(""), &out, &errOut); code != 2 {
		t.Errorf("--bogus: exit %d, want 2", code)
	}
	if out.Len() != 0 || !strings.Contains(errOut.String(), "bogus") {
		t.Errorf("--bogus: stdout %q, stderr %q; want the error on stderr only", out.String(), errOut.String())
	}

	// stdio with an empty stdin: serves nothing, exits 0, writes only the
	// missing-key warning, to stderr.
	out.Reset()
	errOut.Reset()
	if code := run(nil, getenv, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Errorf("stdio with empty stdin: exit %d; stderr %s", code, errOut.String())
	}
	if out.Len() != 0 {
		t.Errorf("stdio wrote non-protocol output to stdout: %q", out.String())
	}
	if !strings.Contains(errOut.String(), "DUB_API_KEY is not set") {
		t.Errorf("no missing-key warning on stderr: %q", errOut.String())
	}

	if _, err := parseConfig([]string{"-h"}, getenv, &out); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: err = %v, want flag.ErrHelp", err)
	}
}

// withDefaults fills the flag defaults a test case leaves at zero.
func withDefaults(c config) config {
	if reflect.ValueOf(c.serve).IsZero() {
		c.serve = defaultServing()
	}
	if c.confirm == "" {
		c.confirm = "off"
	}
	if c.maxResultBytes == 0 {
		c.maxResultBytes = 60000
	}
	if c.pageSize == 0 {
		c.pageSize = 25
	}
	return c
}

// TestSelectionFlagsReachTheServer builds servers from flags and counts
// the tools they list.
func TestSelectionFlagsReachTheServer(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{
		{nil, 57},
		{[]string{"--toolsets", "analytics"}, 2},
		{[]string{"--dynamic"}, 3},
		{[]string{"--tools", "get_links,delete_link", "--read-only"}, 1},
	} {
		cfg, err := parseConfig(tc.args, noEnv, &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		s, err := newServer(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(s.ListTools()); got != tc.want {
			t.Errorf("%v: %d tools, want %d", tc.args, got, tc.want)
		}
	}
	cfg, _ := parseConfig([]string{"--toolsets", "nope"}, noEnv, &bytes.Buffer{})
	if _, err := newServer(cfg); err == nil || !strings.Contains(err.Error(), "unknown toolset") {
		t.Errorf("unknown toolset: %v", err)
	}
	cfg, _ = parseConfig([]string{"--confirm-destructive", "maybe"}, noEnv, &bytes.Buffer{})
	if _, err := newServer(cfg); err == nil {
		t.Error("bad --confirm-destructive accepted")
	}
}

func noEnv(string) string { return "" }

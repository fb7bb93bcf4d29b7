// Package deploy holds the container recipe and Kubernetes manifests of
// the example server; its tests check the properties they promise, since
// neither docker nor a cluster runs in CI.
package deploy

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	cmd, args string
	stage     int // index of the FROM it belongs to
}

func parseDockerfile(t *testing.T, path string) []instruction {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []instruction
	stage := -1
	var cur strings.Builder
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimSpace(line)
		if cur.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if s, ok := strings.CutSuffix(line, "\\"); ok {
			cur.WriteString(s + " ")
			continue
		}
		cur.WriteString(line)
		cmd, args, _ := strings.Cut(cur.String(), " ")
		cur.Reset()
		cmd = strings.ToUpper(cmd)
		if cmd == "FROM" {
			stage++
		}
		out = append(out, instruction{cmd, strings.TrimSpace(args), stage})
	}
	return out
}

// goDirective returns the go version of the module's go.mod.
func goDirective(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(data)
	if m == nil {
		t.Fatal("go.mod has no go directive")
	}
	return string(m[1])
}

func TestDockerfile(t *testing.T) {
	ins := parseDockerfile(t, "Dockerfile")
	var froms []instruction
	for _, in := range ins {
		if in.cmd == "FROM" {
			froms = append(froms, in)
		}
	}
	if len(froms) < 2 {
		t.Fatalf("%d stages, want a multi-stage build", len(froms))
	}
	last := len(froms) - 1
	if want := "golang:" + goDirective(t); !strings.HasPrefix(froms[0].args, want) || !strings.Contains(froms[0].args, " AS ") {
		t.Errorf("build stage FROM %q, want %s... AS <name> (go.mod's version)", froms[0].args, want)
	}
	if base := froms[last].args; !strings.HasPrefix(base, "gcr.io/distroless/static") && base != "scratch" {
		t.Errorf("runtime stage FROM %q, want a static distroless image or scratch", base)
	}
	var static, copied, user, entry, expose bool
	for _, in := range ins {
		switch {
		case in.cmd == "RUN" && in.stage < last && strings.Contains(in.args, "CGO_ENABLED=0") && strings.Contains(in.args, "go build") && strings.Contains(in.args, "./examples/server"):
			static = true
		case in.cmd == "COPY" && in.stage == last && strings.HasPrefix(in.args, "--from="):
			copied = true
		case in.cmd == "USER" && in.stage == last:
			name, _, _ := strings.Cut(in.args, ":")
			user = name != "root" && name != "0"
		case in.cmd == "EXPOSE" && in.stage == last:
			expose = in.args == "8080"
		case in.cmd == "ENTRYPOINT" && in.stage == last:
			var argv []string
			if err := json.Unmarshal([]byte(in.args), &argv); err != nil {
				t.Errorf("ENTRYPOINT %s is not in exec (JSON) form: %v", in.args, err)
			}
			i := slices.Index(argv, "--http")
			entry = i > 0 && i+1 < len(argv) && argv[i+1] == "0.0.0.0:8080"
		}
	}
	for what, ok := range map[string]bool{
		"a static (CGO_ENABLED=0) build of ./examples/server": static,
		"COPY --from the build stage into the runtime stage":  copied,
		"a non-root USER in the runtime stage":                user,
		"EXPOSE 8080":                                         expose,
		"ENTRYPOINT serving --http 0.0.0.0:8080":              entry,
	} {
		if !ok {
			t.Errorf("Dockerfile lacks %s", what)
		}
	}
}

// manifests returns every Kubernetes object in k8s/, by kind.
func manifests(t *testing.T) map[string]map[string]any {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("k8s", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests: %v", err)
	}
	out := map[string]map[string]any{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var obj map[string]any
			if err := dec.Decode(&obj); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			kind, _ := obj["kind"].(string)
			if kind == "" || obj["apiVersion"] == nil {
				t.Fatalf("%s: an object without kind or apiVersion", f)
			}
			out[kind] = obj
		}
	}
	return out
}

// get walks obj along path (map keys, or list indexes as ints).
func get(obj any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := obj.(map[string]any)
			obj = m[k]
		case int:
			l, _ := obj.([]any)
			if k >= len(l) {
				return nil
			}
			obj = l[k]
		}
	}
	return obj
}

func TestKubernetes(t *testing.T) {
	objs := manifests(t)
	dep, svc, ing := objs["Deployment"], objs["Service"], objs["Ingress"]
	if dep == nil || svc == nil || ing == nil {
		t.Fatalf("want a Deployment, a Service and an Ingress; have %v", slices.Sorted(maps.Keys(objs)))
	}
	if n, _ := get(dep, "spec", "replicas").(int); n < 2 {
		t.Errorf("Deployment replicas %v, want at least 2", get(dep, "spec", "replicas"))
	}
	container := get(dep, "spec", "template", "spec", "containers", 0)
	for _, probe := range []string{"readinessProbe", "livenessProbe"} {
		if p := get(container, probe, "httpGet", "path"); p != healthPath(t) {
			t.Errorf("%s path %v, want %s (the server's health endpoint)", probe, p, healthPath(t))
		}
		if port := get(container, probe, "httpGet", "port"); port != get(container, "ports", 0, "name") {
			t.Errorf("%s port %v is not the container's port %v", probe, port, get(container, "ports", 0, "name"))
		}
	}
	if p := get(container, "ports", 0, "containerPort"); p != 8080 {
		t.Errorf("containerPort %v, want 8080 (the Dockerfile's)", p)
	}
	if get(dep, "spec", "template", "spec", "securityContext", "runAsNonRoot") != true {
		t.Error("the pod does not require runAsNonRoot")
	}
	if get(container, "resources", "limits", "memory") == nil {
		t.Error("the container has no memory limit")
	}
	labels, _ := get(dep, "spec", "template", "metadata", "labels").(map[string]any)
	selector, _ := get(svc, "spec", "selector").(map[string]any)
	if len(selector) == 0 {
		t.Error("the Service has no selector")
	}
	for k, v := range selector {
		if labels[k] != v {
			t.Errorf("Service selector %s=%v does not match the pods' labels %v", k, v, labels)
		}
	}
	if a := get(svc, "spec", "sessionAffinity"); a != "ClientIP" {
		t.Errorf("Service sessionAffinity %v, want ClientIP", a)
	}
	hash, _ := get(ing, "metadata", "annotations", "nginx.ingress.kubernetes.io/upstream-hash-by").(string)
	if !strings.Contains(strings.ToLower(hash), "http_mcp_session_id") {
		t.Errorf("Ingress upstream-hash-by %q, want affinity on the Mcp-Session-Id header", hash)
	}
	if get(ing, "spec", "rules", 0, "http", "paths", 0, "backend", "service", "name") != get(svc, "metadata", "name") {
		t.Error("the Ingress does not route to the Service")
	}
}

// TestServerFlags: the flags the Dockerfile's ENTRYPOINT and the
// Deployment's args pass to the server (the commented-out examples
// included) are flags it declares.
func TestServerFlags(t *testing.T) {
	declared := serverFlags(t)
	var passed []string
	for _, in := range parseDockerfile(t, "Dockerfile") {
		var argv []string
		if in.cmd == "ENTRYPOINT" && json.Unmarshal([]byte(in.args), &argv) == nil {
			for _, a := range argv {
				if name, ok := strings.CutPrefix(a, "--"); ok {
					passed = append(passed, "Dockerfile: --"+name)
				}
			}
		}
	}
	dep, err := os.ReadFile(filepath.Join("k8s", "deployment.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`(?m)^\s*(?:#\s*)?-\s+--([a-z][a-z0-9-]*)`).FindAllSubmatch(dep, -1) {
		passed = append(passed, "k8s/deployment.yaml: --"+string(m[1]))
	}
	if len(passed) < 2 {
		t.Fatalf("flags found: %v; want the Dockerfile's and the Deployment's", passed)
	}
	for _, p := range passed {
		where, flag, _ := strings.Cut(p, ": --")
		name, _, _ := strings.Cut(flag, "=")
		if !declared[name] {
			t.Errorf("%s passes --%s, which examples/server does not declare", where, name)
		}
	}
}

// serverFlags reads the flag names examples/server declares.
func serverFlags(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "server", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	decl := regexp.MustCompile(`fs\.\w+\((?:&[\w.]+, )?"([a-z0-9-]+)"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range decl.FindAllSubmatch(data, -1) {
			out[string(m[1])] = true
		}
	}
	if !out["http"] {
		t.Fatalf("found no --http among the server's flags %v: the pattern no longer matches how they are declared", slices.Sorted(maps.Keys(out)))
	}
	return out
}

// healthPath reads the example server's health endpoint from its source,
// so that the probes follow it.
func healthPath(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "server", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`healthPath\s*=\s*"([^"]+)"`).FindSubmatch(data)
	if m == nil {
		t.Fatal("examples/server/main.go declares no healthPath")
	}
	return string(m[1])
}

package clienttest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// nodeDir holds the node scripts, package.json and package-lock.json.
const nodeDir = "testdata/node"

var (
	// serverBin is the example server and goDriveBin mcp-go's driver
	// (testdata/godrive), built once by TestMain.
	serverBin, goDriveBin string
	// buildErr is why it could not be built.
	buildErr error
	// nodeBin is the node executable; nodeErr is why it is unusable.
	nodeBin string
	nodeErr error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "clienttest")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	serverBin, buildErr = build(dir, "dubgen-example", "..")
	if buildErr == nil {
		goDriveBin, buildErr = build(dir, "godrive", "./testdata/godrive")
	}
	nodeBin, nodeErr = findNode()
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// build compiles the package at pkg into dir/name.
func build(dir, name, pkg string) (string, error) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(dir, name)
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, goCmd, "build", "-o", bin, pkg).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build %s: %w\n%s", pkg, err, out)
	}
	return bin, nil
}

// findNode locates node and checks that `make client-deps` has installed
// the packages the scripts import.
func findNode() (string, error) {
	bin, err := exec.LookPath("node")
	if err != nil {
		return "", errors.New("node is not on PATH (install Node.js >= 20, then run `make client-deps`)")
	}
	for _, pkg := range []string{"@modelcontextprotocol/sdk", "@modelcontextprotocol/client", "@stoplight/prism-cli"} {
		if _, err := os.Stat(filepath.Join(nodeDir, "node_modules", pkg, "package.json")); err != nil {
			return "", fmt.Errorf("%s is not installed in %s (run `make client-deps`)", pkg, nodeDir)
		}
	}
	return bin, nil
}

// requireServer stops the test if the example server did not build.
func requireServer(t *testing.T) {
	t.Helper()
	if buildErr != nil {
		t.Fatal(buildErr)
	}
}

// requireNode skips the test locally, and fails it in CI, when node or
// the npm packages are missing.
func requireNode(t *testing.T) {
	t.Helper()
	requireServer(t)
	if nodeErr == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set and the official-client tests cannot run: %v", nodeErr)
	}
	t.Skipf("official-client tests skipped: %v", nodeErr)
}

package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dubgen/dubgen/examples/server/internal/testproc"
)

// serverProcess is the example server running as its own process.
type serverProcess struct {
	cmd *exec.Cmd
	// endpoint is the MCP URL the server logged.
	endpoint string
	stdout   testproc.SyncBuffer
	stderr   testproc.SyncBuffer
	// stderrDone closes when the server's stderr is closed.
	stderrDone chan struct{}
}

// startProcess runs bin with args and env (added to the environment minus
// DUB_API_KEY) and waits until it logs its HTTP endpoint. The process is
// killed when the test ends.
func startProcess(ctx context.Context, t *testing.T, bin string, env []string, args ...string) *serverProcess {
	t.Helper()
	p := &serverProcess{stderrDone: make(chan struct{})}
	p.cmd = exec.CommandContext(ctx, bin, args...)
	p.cmd.Env = append(testproc.EnvWithout("DUB_API_KEY"), env...)
	p.cmd.Stdout = &p.stdout
	stderrPipe, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		if t.Failed() {
			t.Logf("server stderr:\n%s", p.stderr.String())
		}
	})

	// The server logs its address once it listens; read up to that line,
	// then keep draining stderr into a buffer.
	addrLine := make(chan string, 1)
	go func() {
		defer close(p.stderrDone)
		sc := bufio.NewScanner(stderrPipe)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(&p.stderr, line)
			if _, after, ok := strings.Cut(line, "serving MCP over streamable HTTP at "); ok {
				select {
				case addrLine <- after:
				default:
				}
			}
		}
	}()
	select {
	case p.endpoint = <-addrLine:
	case <-p.stderrDone:
		t.Fatalf("server exited before listening")
	case <-ctx.Done():
		t.Fatalf("server did not start: %v", ctx.Err())
	}
	return p
}

// peakRSS returns the process's peak resident set size (VmHWM) in bytes,
// or -1 where /proc is not available.
func peakRSS(pid int) int64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return -1
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				return -1
			}
			return kb << 10
		}
	}
	return -1
}

// cpuTime returns the CPU time (user + system) the process has used, or
// -1 where /proc is not available.
func cpuTime(pid int) time.Duration {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return -1
	}
	// The command name (field 2) may hold spaces; fields resume after ')'.
	_, rest, ok := strings.Cut(string(data), ") ")
	fields := strings.Fields(rest)
	if !ok || len(fields) < 13 {
		return -1
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return -1
	}
	const ticksPerSecond = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticksPerSecond
}

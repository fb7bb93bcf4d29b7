package testproc

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestEnvWithout(t *testing.T) {
	t.Setenv("TESTPROC_DROP", "x")
	t.Setenv("TESTPROC_KEEP", "y")
	env := strings.Join(EnvWithout("TESTPROC_DROP"), "\n")
	if strings.Contains(env, "TESTPROC_DROP=") {
		t.Errorf("TESTPROC_DROP still in the environment")
	}
	if !strings.Contains(env, "TESTPROC_KEEP=y") {
		t.Errorf("TESTPROC_KEEP was dropped too")
	}
}

func TestSyncBufferConcurrent(t *testing.T) {
	var b SyncBuffer
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Fprintf(&b, "w%d;", i)
		}()
	}
	wg.Wait()
	if got := strings.Count(b.String(), ";"); got != 8 {
		t.Errorf("got %d writes, want 8", got)
	}
}

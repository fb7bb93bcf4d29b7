package spec

import (
	"sync"
	"testing"

	"github.com/dubgen/dubgen/generator/diag"
	"github.com/dubgen/dubgen/generator/model"
)

// TestMemoized: the same name and data load once; other data loads again;
// every caller gets its own diagnostics slice.
func TestMemoized(t *testing.T) {
	loads := 0
	load := func(string, []byte) (*model.API, diag.List, error) {
		loads++
		var ds diag.List
		ds.Warnf("here", "a warning")
		return &model.API{}, ds, nil
	}
	a1, ds1, _ := memoized("memo-test", []byte("one"), load)
	a2, ds2, _ := memoized("memo-test", []byte("one"), load)
	if loads != 1 || a1 != a2 {
		t.Fatalf("same input: %d loads, same model %v; want 1 load and the same model", loads, a1 == a2)
	}
	ds1 = append(ds1[:1], diag.Diagnostic{Msg: "appended"})
	ds2[0].Msg = "changed"
	if _, ds3, _ := memoized("memo-test", []byte("one"), load); len(ds3) != 1 || ds3[0].Msg != "a warning" {
		t.Errorf("a caller's changes reached the memo: %v", ds3)
	}
	if _, _, _ = memoized("memo-test", []byte("two"), load); loads != 2 {
		t.Errorf("other data: %d loads, want 2", loads)
	}
	for i := range memoSize + 1 {
		memoized("memo-test", []byte{byte(i)}, load)
	}
	if n := len(memo.entries); n > memoSize {
		t.Errorf("memo holds %d entries, want at most %d", n, memoSize)
	}
	_ = ds1
}

// TestMemoizedConcurrent: callers arriving together load once.
func TestMemoizedConcurrent(t *testing.T) {
	var mu sync.Mutex
	loads := 0
	load := func(string, []byte) (*model.API, diag.List, error) {
		mu.Lock()
		loads++
		mu.Unlock()
		return &model.API{}, nil, nil
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() { memoized("memo-concurrent", []byte("same"), load) })
	}
	wg.Wait()
	if loads != 1 {
		t.Errorf("%d loads for 8 concurrent callers, want 1", loads)
	}
}

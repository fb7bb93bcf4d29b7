package spec

import (
	"crypto/sha256"
	"slices"
	"sync"

	"github.com/dubgen/dubgen/generator/diag"
	"github.com/dubgen/dubgen/generator/model"
)

// memoSize bounds how many loaded specs are kept.
const memoSize = 4

// memoEntry is one load's result.
type memoEntry struct {
	key [sha256.Size]byte
	api *model.API
	ds  diag.List
	err error
}

var memo struct {
	sync.Mutex
	entries []memoEntry // most recent last
}

// memoized returns load(name, data), reusing the result of an earlier call
// with the same name and data. Callers get their own copy of the
// diagnostics, since they append to them.
func memoized(name string, data []byte, load func(string, []byte) (*model.API, diag.List, error)) (*model.API, diag.List, error) {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(data)
	var key [sha256.Size]byte
	copy(key[:], h.Sum(nil))

	memo.Lock()
	for _, e := range memo.entries {
		if e.key == key {
			memo.Unlock()
			return e.api, slices.Clone(e.ds), e.err
		}
	}
	memo.Unlock()

	api, ds, err := load(name, data)
	memo.Lock()
	memo.entries = append(memo.entries, memoEntry{key: key, api: api, ds: slices.Clone(ds), err: err})
	if len(memo.entries) > memoSize {
		memo.entries = slices.Delete(memo.entries, 0, len(memo.entries)-memoSize)
	}
	memo.Unlock()
	return api, ds, err
}

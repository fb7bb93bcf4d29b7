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

// memoEntry is one load's result; once makes concurrent callers with the
// same input wait for one load instead of each parsing the spec.
type memoEntry struct {
	key  [sha256.Size]byte
	once sync.Once
	api  *model.API
	ds   diag.List
	err  error
}

var memo struct {
	sync.Mutex
	entries []*memoEntry // most recent last
}

// memoized returns load(name, data), reusing the result of an earlier (or
// concurrent) call with the same name and data. Callers get their own
// copy of the diagnostics, since they append to them.
func memoized(name string, data []byte, load func(string, []byte) (*model.API, diag.List, error)) (*model.API, diag.List, error) {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(data)
	var key [sha256.Size]byte
	copy(key[:], h.Sum(nil))

	memo.Lock()
	i := slices.IndexFunc(memo.entries, func(e *memoEntry) bool { return e.key == key })
	var e *memoEntry
	if i >= 0 {
		e = memo.entries[i]
	} else {
		e = &memoEntry{key: key}
		memo.entries = append(memo.entries, e)
		if len(memo.entries) > memoSize {
			memo.entries = slices.Delete(memo.entries, 0, len(memo.entries)-memoSize)
		}
	}
	memo.Unlock()

	e.once.Do(func() { e.api, e.ds, e.err = load(name, data) })
	return e.api, slices.Clone(e.ds), e.err
}

package mcptools

import (
	"unicode/utf8"
)

// Byte-level helpers for Dub's JSON answers: results are cut and counted
// on the bytes Dub sent, never decoded and re-encoded, so what reaches
// the agent is Dub's JSON (fields, order, number formats) minus whole
// elements. Every function expects valid JSON (answer checks it first).

// span is one JSON array in a document: the offsets of its brackets and
// the number of its elements.
type span struct {
	open, close, n int
}

// size is the byte length of the array, brackets included.
func (s span) size() int { return s.close - s.open + 1 }

// skipSpace returns the offset of the first non-space byte at or after i.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the offset just past the JSON value starting at i (at
// a non-space byte), calling visit for every array it closes, innermost
// first.
func skipValue(b []byte, i int, visit func(span)) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		for i++; i < len(b); i++ {
			switch b[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return i
	case '{', '[':
		open, closer, n := i, byte('}'), 0
		if b[i] == '[' {
			closer = ']'
		}
		i = skipSpace(b, i+1)
		for i < len(b) && b[i] != closer {
			if closer == '}' { // key, colon
				i = skipSpace(b, skipValue(b, i, nil)) + 1
				i = skipSpace(b, i)
			}
			i = skipSpace(b, skipValue(b, i, visit))
			n++
			if i < len(b) && b[i] == ',' {
				i = skipSpace(b, i+1)
			}
		}
		if closer == ']' && visit != nil {
			visit(span{open: open, close: i, n: n})
		}
		return i + 1
	}
	for i < len(b) && b[i] != ',' && b[i] != ']' && b[i] != '}' && b[i] != ' ' && b[i] != '\n' && b[i] != '\t' && b[i] != '\r' {
		i++
	}
	return i
}

// largestArray returns the array of doc, at any depth, that spans the
// most bytes among those with at least min elements (ok false if none).
func largestArray(doc []byte, min int) (best span, ok bool) {
	skipValue(doc, skipSpace(doc, 0), func(s span) {
		if s.n >= min && (!ok || s.size() > best.size()) {
			best, ok = s, true
		}
	})
	return best, ok
}

// elementEnds returns, for the array a of doc, the offset just past each
// element.
func elementEnds(doc []byte, a span) []int {
	ends := make([]int, 0, a.n)
	i := skipSpace(doc, a.open+1)
	for i < a.close {
		i = skipValue(doc, i, nil)
		ends = append(ends, i)
		i = skipSpace(doc, i)
		if i < a.close && doc[i] == ',' {
			i = skipSpace(doc, i+1)
		}
	}
	return ends
}

// topElements returns the elements of doc when it is an array (ok false
// otherwise), each as a slice of doc.
func topElements(doc []byte) (elems [][]byte, ok bool) {
	start := skipSpace(doc, 0)
	if start >= len(doc) || doc[start] != '[' {
		return nil, false
	}
	i := skipSpace(doc, start+1)
	for i < len(doc) && doc[i] != ']' {
		end := skipValue(doc, i, nil)
		elems = append(elems, doc[i:end])
		i = skipSpace(doc, end)
		if i < len(doc) && doc[i] == ',' {
			i = skipSpace(doc, i+1)
		}
	}
	return elems, true
}

// quotedLen is the length of b as the text of a JSON string, the way
// encoding/json writes it (quotes, escapes, HTML-safe), which is how the
// text copy of a result is sent.
func quotedLen(b []byte) int {
	n := 2
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f':
				n += 2
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				n += 6
			default:
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			n += 6
		case r == '\u2028' || r == '\u2029':
			n += 6
		default:
			n += size
		}
		i += size
	}
	return n
}

// Package naming turns spec names (operationIds, property names, enum values)
// into Go identifiers and MCP tool names, deterministically.
package naming

import (
	"strings"
	"unicode"
)

// initialisms are words written all upper-case in Go identifiers.
var initialisms = map[string]bool{
	"API": true, "ID": true, "IDS": true, "URL": true, "URLS": true, "QR": true, "IP": true,
	"OS": true, "HTTP": true, "HTTPS": true, "JSON": true, "UTM": true, "SQL": true, "UI": true, "UUID": true,
}

// Words splits s into words at case changes, digits-to-letters boundaries and
// any non-alphanumeric character. "getQRCode" gives [get QR Code];
// "utm_source" gives [utm source]; "link.created" gives [link created].
func Words(s string) []string {
	var words []string
	rs := []rune(s)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, string(rs[start:end]))
		}
		start = -1
	}
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := rs[i-1]
		switch {
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush(i)
			start = i
		case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			// "QRCode": the C starts a new word.
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return words
}

// Exported returns an exported, valid Go identifier for s: "linkId" gives
// LinkID, "doc_url" gives DocURL, "1d" gives V1d. A name that does not start
// with a letter that has an upper case (名前, ß) gets an X in front: X名前,
// Xß. Characters that cannot be in an identifier ($, -, .) split words.
func Exported(s string) string {
	var b strings.Builder
	for _, w := range Words(s) {
		up := strings.ToUpper(w)
		if initialisms[up] {
			if up == "IDS" {
				up = "IDs"
			} else if up == "URLS" {
				up = "URLs"
			}
			b.WriteString(up)
			continue
		}
		rs := []rune(strings.ToLower(w))
		rs[0] = unicode.ToUpper(rs[0])
		b.WriteString(string(rs))
	}
	out := b.String()
	if out == "" {
		return "X"
	}
	switch first := []rune(out)[0]; {
	case unicode.IsDigit(first):
		out = "V" + out
	case !unicode.IsUpper(first):
		out = "X" + out
	}
	return out
}

// Snake returns the snake_case form of s: "getQRCode" gives get_qr_code.
func Snake(s string) string {
	ws := Words(s)
	for i, w := range ws {
		ws[i] = strings.ToLower(w)
	}
	return strings.Join(ws, "_")
}

// latin spells common accented Latin letters in ASCII.
var latin = strings.NewReplacer(
	"ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue", "ß", "ss",
	"à", "a", "á", "a", "â", "a", "ã", "a", "å", "a", "æ", "ae", "ç", "c",
	"è", "e", "é", "e", "ê", "e", "ë", "e", "ì", "i", "í", "i", "î", "i", "ï", "i",
	"ñ", "n", "ò", "o", "ó", "o", "ô", "o", "õ", "o", "ø", "o", "œ", "oe",
	"ù", "u", "ú", "u", "û", "u", "ý", "y", "ÿ", "y",
	"À", "A", "Á", "A", "Â", "A", "Ã", "A", "Å", "A", "Æ", "AE", "Ç", "C",
	"È", "E", "É", "E", "Ê", "E", "Ë", "E", "Ì", "I", "Í", "I", "Î", "I", "Ï", "I",
	"Ñ", "N", "Ò", "O", "Ó", "O", "Ô", "O", "Õ", "O", "Ø", "O", "Œ", "OE",
	"Ù", "U", "Ú", "U", "Û", "U", "Ý", "Y",
)

// ASCII spells s in ASCII: common accented Latin letters are transliterated
// ("größe" gives "groesse"), any other non-ASCII character splits words.
func ASCII(s string) string {
	s = latin.Replace(s)
	return strings.Map(func(r rune) rune {
		if r > unicode.MaxASCII {
			return ' '
		}
		return r
	}, s)
}

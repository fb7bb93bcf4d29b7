package surface

import (
	"regexp"
	"strings"
	"unicode"
)

// Brief shortens a spec-sourced input description to what an agent needs,
// since every byte of it is paid for in every conversation that lists the
// tool. The rules, in order:
//
//  1. the first paragraph, single-spaced (Describe);
//  2. Markdown is unwrapped: `code` loses its backquotes and [text](url)
//     keeps the text;
//  3. only the first sentence is kept (defaults and limits that follow
//     it are in the schema's default, enum and maxItems, and the links
//     to Dub's docs are not for agents);
//  4. a description that only repeats the input's name (and the tool's,
//     and the enclosing inputs' names given as context), apart from
//     common words, is dropped: "The ID of the tag to delete." says
//     nothing on delete_tag's id that the names do not.
//
// Overlay descriptions are never shortened: they are written to be read.
func Brief(text string, context ...string) string {
	d := Describe(text)
	d = mdLink.ReplaceAllString(d, "$1")
	d = strings.ReplaceAll(d, "`", "")
	d = firstSentence(d)
	if restatesNames(d, context) {
		return ""
	}
	return capText(d, maxArgDescBytes) // see compaction.go
}

var mdLink = regexp.MustCompile(`\[([^\]]+)\]\([^)\s]+\)`)

// abbreviations end in a period without ending a sentence.
var abbreviations = map[string]bool{"e.g": true, "i.e": true, "etc": true, "vs": true, "approx": true, "incl": true}

// firstSentence cuts d after its first sentence: at a '.', '!' or '?'
// followed by a space and an upper-case letter, a digit or a quote, unless
// the period closes an abbreviation such as "e.g.".
func firstSentence(d string) string {
	for i := 0; i+2 < len(d); i++ {
		c := d[i]
		if c != '.' && c != '!' && c != '?' || d[i+1] != ' ' {
			continue
		}
		next := rune(d[i+2])
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && next != '"' && next != '\'' && next != '[' {
			continue
		}
		if c == '.' {
			start := strings.LastIndexAny(d[:i], " (") + 1
			if abbreviations[strings.ToLower(d[start:i])] {
				continue
			}
		}
		return d[:i+1]
	}
	return d
}

// commonWords may appear in a description without carrying information
// beyond the names it describes.
var commonWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the of to for by in on at is are be will this that these
		with its it which as from or and unique given specified associated corresponding filter filters
		filtered list listing whether your short number per item pagination`) {
		commonWords[stem(w)] = true
	}
}

// restatesNames reports whether every word of d, apart from common words,
// is a word of one of the names.
func restatesNames(d string, names []string) bool {
	if d == "" || len(names) == 0 {
		return false
	}
	known := map[string]bool{}
	for _, n := range names {
		for _, w := range nameWords(n) {
			known[stem(w)] = true
		}
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(d), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}) {
		w = strings.TrimSuffix(strings.Trim(w, "'"), "'s")
		if w == "" || commonWords[stem(w)] || known[stem(w)] {
			continue
		}
		return false
	}
	return true
}

// nameWords splits a camelCase or snake_case name into lower-case words:
// "partnerId" → partner, id; "utm_source" → utm, source.
func nameWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	prevLower := false
	for _, r := range name {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
			prevLower = false
			continue
		case unicode.IsUpper(r) && prevLower:
			flush()
		}
		cur = append(cur, r)
		prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
	}
	flush()
	return words
}

// stem folds a plural onto its singular, roughly: "ids" → "id", "tags" →
// "tag" (the same fold on both sides is all the comparison needs).
func stem(w string) string {
	if len(w) > 2 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}

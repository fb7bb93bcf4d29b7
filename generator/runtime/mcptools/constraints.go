package mcptools

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

// patternTimeout bounds one pattern match: ECMAScript patterns backtrack,
// and a value that takes longer is refused rather than checked forever.
const patternTimeout = 100 * time.Millisecond

// constraints checks a tool's [Limit]s on every value of a call, at any
// depth, before the request leaves. Messages name the value's path and
// the limit, never the value itself (it may be megabytes long).
type constraints struct {
	limits map[string]Limit
	// once compiles the patterns and the paths worth descending into, on
	// the tool's first call.
	once     sync.Once
	patterns map[string]*regexp2.Regexp
	// badPattern records patterns that do not compile; values there are
	// not checked against them (the generator has reported the defect).
	badPattern map[string]bool
	// within holds every schema path that is a limit's path or lies on
	// the way to one: only these are walked.
	within map[string]bool
}

// compile prepares the patterns (ECMAScript syntax, as the spec's
// JavaScript authors wrote them) and the paths to walk.
func (c *constraints) compile() {
	c.patterns = map[string]*regexp2.Regexp{}
	c.badPattern = map[string]bool{}
	c.within = map[string]bool{}
	for path, l := range c.limits {
		if l.Pattern != "" && c.patterns[l.Pattern] == nil && !c.badPattern[l.Pattern] {
			re, err := regexp2.Compile(l.Pattern, regexp2.ECMAScript)
			if err != nil {
				c.badPattern[l.Pattern] = true
			} else {
				re.MatchTimeout = patternTimeout
				c.patterns[l.Pattern] = re
			}
		}
		for p := path; p != ""; p = parentPath(p) {
			c.within[p] = true
		}
	}
}

// parentPath is the schema path one step up: "a.b[]" → "a.b", "a.b" → "a".
func parentPath(p string) string {
	if rest, ok := strings.CutSuffix(p, "[]"); ok {
		return rest
	}
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	return ""
}

// check returns the first value of args that breaks a limit, in argument
// name order, as an *argError.
func (c *constraints) check(args map[string]any) error {
	if c == nil || len(c.limits) == 0 {
		return nil
	}
	c.once.Do(c.compile)
	var buf [argNamesOnStack]string
	for _, name := range sortedArgNames(args, buf[:]) {
		if msg := c.walk(args[name], name, name); msg != "" {
			return &argError{msg}
		}
	}
	return nil
}

// walk checks v, found at path ("links[1].url") with schema path
// schemaPath ("links[].url"), and what is inside it.
func (c *constraints) walk(v any, path, schemaPath string) string {
	if v == nil || !c.within[schemaPath] {
		return ""
	}
	if l, ok := c.limits[schemaPath]; ok {
		if msg := c.one(v, l, path); msg != "" {
			return msg
		}
	}
	switch x := v.(type) {
	case []any:
		for i, e := range x {
			if msg := c.walk(e, path+"["+strconv.Itoa(i)+"]", schemaPath+"[]"); msg != "" {
				return msg
			}
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if msg := c.walk(x[k], path+"."+k, schemaPath+"."+k); msg != "" {
				return msg
			}
		}
	}
	return ""
}

// one checks v against l: the facets of v's JSON type.
func (c *constraints) one(v any, l Limit, path string) string {
	switch x := v.(type) {
	case string:
		return c.text(x, l, path)
	case map[string]any:
		for _, k := range l.Required {
			if !given(x, k) {
				return fmt.Sprintf("%s: missing required field %q", path, k)
			}
		}
	case []any:
		n := len(x)
		if l.MaxItems > 0 && n > l.MaxItems {
			if strings.ContainsAny(path, ".[") {
				return fmt.Sprintf("%s: %d items, at most %d", path, n, l.MaxItems)
			}
			return fmt.Sprintf("%s: %d items, at most %d per call; split the work into several calls", path, n, l.MaxItems)
		}
		if n < l.MinItems {
			return fmt.Sprintf("%s: %d items, at least %d", path, n, l.MinItems)
		}
	default:
		if f, ok := number(v); ok {
			return bounds(f, l, path)
		}
	}
	return ""
}

// text checks a string's length, pattern and format.
func (c *constraints) text(s string, l Limit, path string) string {
	if len(l.Enum) > 0 && !slices.Contains(l.Enum, s) {
		return fmt.Sprintf("%s cannot be %s; allowed values: %s", path, jsonText(s), capList(l.Enum))
	}
	n := utf8.RuneCountInString(s)
	if l.MaxLength > 0 && n > l.MaxLength {
		return fmt.Sprintf("%s: %d characters, at most %d", path, n, l.MaxLength)
	}
	if n < l.MinLength {
		return fmt.Sprintf("%s: %d characters, at least %d", path, n, l.MinLength)
	}
	if re := c.patterns[l.Pattern]; re != nil {
		ok, err := re.MatchString(s)
		if err != nil {
			return fmt.Sprintf("%s: could not be checked against the pattern %s in time; shorten it", path, l.Pattern)
		}
		if !ok {
			return fmt.Sprintf("%s does not match the pattern %s", path, l.Pattern)
		}
	}
	if l.Format != "" && !formatOK(l.Format, s) {
		return fmt.Sprintf("%s is not a valid %s (e.g. %s)", path, l.Format, formatExamples[l.Format])
	}
	return ""
}

// maxListed caps the bytes of a list of allowed values in a message.
const maxListed = 1000

// capList joins values with ", ", cut to about maxListed bytes.
func capList(values []string) string {
	var b strings.Builder
	for i, v := range values {
		if b.Len() > maxListed {
			fmt.Fprintf(&b, " and %d more", len(values)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(v)
	}
	return b.String()
}

// bounds checks a number against l's minimum and maximum.
func bounds(f float64, l Limit, path string) string {
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	switch {
	case l.HasMin && l.ExclusiveMin && f <= l.Min:
		return fmt.Sprintf("%s: %s, must be greater than %s", path, num(f), num(l.Min))
	case l.HasMin && f < l.Min:
		return fmt.Sprintf("%s: %s, at least %s", path, num(f), num(l.Min))
	case l.HasMax && l.ExclusiveMax && f >= l.Max:
		return fmt.Sprintf("%s: %s, must be less than %s", path, num(f), num(l.Max))
	case l.HasMax && f > l.Max:
		return fmt.Sprintf("%s: %s, at most %s", path, num(f), num(l.Max))
	}
	return ""
}

// formatExamples show, in messages, what each checked format looks like.
var formatExamples = map[string]string{
	"email":     "name@example.com",
	"uri":       "https://example.com/page",
	"url":       "https://example.com/page",
	"date-time": "2026-01-31T09:30:00Z",
	"date":      "2026-01-31",
}

// formatOK is a cheap check of the formats [Limit] names; others pass.
func formatOK(format, s string) bool {
	switch format {
	case "email":
		local, domain, ok := strings.Cut(s, "@")
		return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(domain, "@") &&
			!strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' })
	case "uri", "url":
		u, err := url.Parse(s)
		return err == nil && u.Scheme != "" && (u.Host != "" || u.Opaque != "" || u.Path != "")
	case "date-time":
		_, err := time.Parse(time.RFC3339Nano, s)
		return err == nil
	case "date":
		_, err := time.Parse(time.DateOnly, s)
		return err == nil
	}
	return true
}

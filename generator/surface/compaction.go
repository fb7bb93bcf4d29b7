package surface

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"weak"

	"github.com/dubgen/dubgen/generator/model"
)

// Compaction rules for the tool surface. Every tool definition sits in
// the agent's context for the whole conversation, and specs grow shapes
// whose faithful JSON Schema costs kilobytes while telling an agent no
// more than a line would. These rules, found by generating from
// constructed shapes (generator/specvariant), list such a shape briefly.
// They only change what agents are shown (the Go client keeps the full
// types) and apply to any spec; none names a Dub field.
//
//  1. Wide uniform objects. An object whose properties are all optional
//     and interchangeable (one schema, no description of their own) and
//     more than maxListedKeys is a map: {"type": "object",
//     "additionalProperties": <the schema>}, the description naming a few
//     keys and their count. (Dub's 2024 geo targeting, 250 country codes →
//     URL: create_link 7.5 KB → 2.6 KB.)
//  2. Wide enums. A string enum whose values take more than maxEnumBytes
//     is listed without its enum; the description says how many values
//     there are and names the first ones. The API still judges the value.
//  3. Huge unions. A union of more than maxVariants alternatives that are
//     all objects is one object with the properties of all of them (a
//     property required by every alternative stays required; the
//     constants that tell the alternatives apart become one enum, itself
//     subject to rule 2). Other huge unions are any value, described.
//  4. Long descriptions. A spec description kept for an argument is cut
//     at maxArgDescBytes, a tool description taken from the spec at
//     maxToolDescBytes, at a sentence end if one fits, else at a word
//     followed by "…". The arguments of one tool share maxToolArgDescBytes
//     between them (never less than minArgDescBytes each), so a tool with
//     many described arguments stays small. Overlay text is never cut.
//
// Deep nesting needs no rule of its own: objects are shown three levels
// deep (see Tool.inputOpts).
const (
	maxListedKeys    = 16
	maxEnumBytes     = 512
	maxVariants      = 8
	maxArgDescBytes  = 160
	maxToolDescBytes = 400
	// maxToolArgDescBytes is shared by a tool's arguments' descriptions.
	maxToolArgDescBytes = 1536
	minArgDescBytes     = 48
	// sampleBytes is how much of a note's list of keys or values names.
	sampleBytes = 48
)

// compactions caches the compacted copy of each schema (nil: none), so a
// shared schema is compacted once and keeps one identity; maps records the
// value schema of each map rule 1 made. Keys are weak and dropped when
// their schema is collected, so generations in one process (tests,
// spec-update) do not keep each other's models alive. Several surfaces
// may be built concurrently, hence the lock.
var compactions = struct {
	sync.Mutex
	m    map[weak.Pointer[model.Schema]]*model.Schema
	maps map[weak.Pointer[model.Schema]]*model.Schema
}{m: map[weak.Pointer[model.Schema]]*model.Schema{}, maps: map[weak.Pointer[model.Schema]]*model.Schema{}}

// remember records s → c under the lock; the entries go when s does.
func remember(s, c *model.Schema, mapValue *model.Schema) {
	wp := weak.Make(s)
	compactions.m[wp] = c
	if mapValue != nil {
		compactions.maps[wp] = mapValue
	}
	runtime.AddCleanup(s, func(wp weak.Pointer[model.Schema]) {
		compactions.Lock()
		defer compactions.Unlock()
		delete(compactions.m, wp)
		delete(compactions.maps, wp)
	}, wp)
}

// compacted returns the schema to render for s: s itself, or a copy that
// rules 1 to 3 rewrote.
func compacted(s *model.Schema) *model.Schema {
	if s == nil {
		return nil
	}
	compactions.Lock()
	defer compactions.Unlock()
	if c, done := compactions.m[weak.Make(s)]; done {
		if c == nil {
			return s
		}
		return c
	}
	c := compactOne(s)
	remember(s, c, nil)
	if c == nil {
		return s
	}
	var value *model.Schema
	if c.Kind == model.KindMap {
		value = c.Items
	}
	remember(c, nil, value) // a compacted schema is final
	return c
}

// mapValue returns the value schema of a map that rule 1 made (nil for
// any other schema): such a map lists its values' schema.
func mapValue(s *model.Schema) *model.Schema {
	compactions.Lock()
	defer compactions.Unlock()
	return compactions.maps[weak.Make(s)]
}

func compactOne(s *model.Schema) *model.Schema {
	switch s.Kind {
	case model.KindObject:
		return wideObject(s)
	case model.KindString:
		return wideEnum(s)
	case model.KindUnion:
		return hugeUnion(s)
	}
	return nil
}

// wideObject applies rule 1.
func wideObject(s *model.Schema) *model.Schema {
	if len(s.Properties) <= maxListedKeys {
		return nil
	}
	first := s.Properties[0].Schema
	keys := make([]string, 0, len(s.Properties))
	fp := newFingerprints()
	for _, p := range s.Properties {
		if p.Required || p.Schema.Desc != "" || fp.of(p.Schema) != fp.of(first) {
			return nil
		}
		keys = append(keys, p.Name)
	}
	c := *s
	c.Kind, c.Properties, c.Items, c.AdditionalProperties = model.KindMap, nil, first, true
	c.Desc = note(s.Desc, fmt.Sprintf("keys: %s (%d in all)", sample(keys), len(keys)))
	return &c
}

// wideEnum applies rule 2.
func wideEnum(s *model.Schema) *model.Schema {
	vals := nonNull(s.Enum)
	b, err := json.Marshal(vals)
	if err != nil || len(b) <= maxEnumBytes {
		return nil
	}
	names := make([]string, len(vals))
	for i, v := range vals {
		names[i] = fmt.Sprint(v)
	}
	c := *s
	c.Enum = nil
	c.Desc = note(s.Desc, fmt.Sprintf("one of %d values: %s", len(names), sample(names)))
	return &c
}

// hugeUnion applies rule 3.
func hugeUnion(s *model.Schema) *model.Schema {
	if len(s.Variants) <= maxVariants {
		return nil
	}
	c := *s
	c.Variants = nil
	for _, v := range s.Variants {
		if v.Kind != model.KindObject {
			c.Kind = model.KindAny
			c.Desc = note(s.Desc, fmt.Sprintf("one of %d shapes", len(s.Variants)))
			return &c
		}
	}
	c.Kind = model.KindObject
	fp := newFingerprints()
	byName := map[string]*model.Property{}
	count := map[string]int{}
	required := map[string]int{}
	consts := map[string][]any{}
	for _, v := range s.Variants {
		for _, p := range v.Properties {
			count[p.Name]++
			if p.Required {
				required[p.Name]++
			}
			if k, ok := p.Schema.Const(); ok {
				consts[p.Name] = append(consts[p.Name], k)
			}
			if byName[p.Name] == nil {
				cp := *p
				byName[p.Name] = &cp
			} else if fp.of(byName[p.Name].Schema) != fp.of(p.Schema) && byName[p.Name].Schema.Kind != p.Schema.Kind {
				byName[p.Name].Schema = &model.Schema{Kind: model.KindAny}
			}
		}
	}
	var tags []string
	for name, p := range byName {
		p.Required = required[name] == len(s.Variants)
		if vals := consts[name]; len(vals) == len(s.Variants) {
			d := *p.Schema
			d.Enum = vals
			p.Schema = &d
			tags = append(tags, name)
		}
		c.Properties = append(c.Properties, p)
	}
	sort.Slice(c.Properties, func(i, j int) bool { return c.Properties[i].Name < c.Properties[j].Name })
	sort.Strings(tags)
	what := fmt.Sprintf("one of %d shapes", len(s.Variants))
	if len(tags) > 0 {
		what += ", told apart by " + strings.Join(tags, ", ")
	}
	c.Desc = note(s.Desc, what)
	return &c
}

// fingerprints tells what makes schemas interchangeable as values: their
// shape and constraints, not their words. Fingerprints are compared only
// with others from the same fingerprints.
type fingerprints struct {
	// seen holds each schema's fingerprint, or "" while it is being made,
	// so that a schema that contains itself (a tree node) is marked where
	// it recurs instead of being walked forever.
	seen map[*model.Schema]string
	// interned gives each distinct fingerprint text a short id, which
	// stands for a subschema in its parent's text: a fingerprint stays as
	// small as the schema's own level however deep and shared the
	// subschemas are.
	interned map[string]string
}

func newFingerprints() *fingerprints {
	return &fingerprints{seen: map[*model.Schema]string{}, interned: map[string]string{}}
}

// of returns s's fingerprint.
func (fp *fingerprints) of(s *model.Schema) string {
	if s == nil {
		return ""
	}
	if f, met := fp.seen[s]; met {
		if f == "" {
			return "^" + s.Name
		}
		return f
	}
	fp.seen[s] = ""
	f := fmt.Sprintf("%s|%s|%s|%v|%v|%v|%v|%v|%v|%v", s.Kind, s.Name, s.Format, s.Enum, s.Nullable, s.Pattern,
		deref(s.MaxLength), deref(s.MaxItems), len(s.Properties), s.Deprecated)
	if s.Items != nil {
		f += "[" + fp.of(s.Items) + "]"
	}
	for _, p := range s.Properties {
		f += "{" + p.Name + ":" + fp.of(p.Schema) + "}"
	}
	id, ok := fp.interned[f]
	if !ok {
		id = "#" + strconv.Itoa(len(fp.interned))
		fp.interned[f] = id
	}
	fp.seen[s] = id
	return id
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// note appends what a rule left out to a description, as one sentence
// that Brief keeps: "Targeting per code; keys: AA, AB, … (250 in all)".
func note(desc, what string) string {
	d := strings.TrimRight(firstSentence(Describe(desc)), ". ")
	if d == "" {
		return strings.ToUpper(what[:1]) + what[1:] + "."
	}
	return d + "; " + what + "."
}

// sample names the first items that fit in sampleBytes, then "…".
func sample(items []string) string {
	var b strings.Builder
	for i, it := range items {
		if i > 0 && b.Len()+len(it) > sampleBytes {
			b.WriteString(", …")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(it)
	}
	return b.String()
}

// argDescLimit is the cap of rule 4 on each argument description of op's
// tool: its share of maxToolArgDescBytes.
func argDescLimit(op *model.Operation) int {
	if op == nil {
		return maxArgDescBytes
	}
	n := len(op.Params)
	if op.Body != nil && op.Body.Schema != nil {
		n += len(op.Body.Schema.Properties)
	}
	return min(maxArgDescBytes, max(minArgDescBytes, maxToolArgDescBytes/max(n, 1)))
}

// capText applies rule 4: d cut to at most limit bytes, at the last
// sentence end that fits, else at a word, with "…".
func capText(d string, limit int) string {
	if limit <= 0 || len(d) <= limit {
		return d
	}
	cut := d[:limit]
	for !utf8.ValidString(cut) {
		cut = cut[:len(cut)-1]
	}
	if i := strings.LastIndex(cut, ". "); i > limit/2 {
		return cut[:i+1]
	}
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, ",;: ") + "…"
}

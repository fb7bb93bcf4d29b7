package mcptools

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
)

// argSpec describes one tool's arguments: which it accepts and the rules
// they must follow. Every rule is checked before any request leaves, so a
// bad call costs no API quota and gets a message saying how to fix it.
// newArgSpec builds it from a tool's [Spec].
type argSpec struct {
	tool string
	// allowed lists every accepted argument, hidden ones included, sorted.
	allowed  []string
	required []string
	// defaultsJSON holds the defaults of absent arguments, as a JSON object
	// (generated with json.Marshal); defaults is it decoded, once.
	defaultsJSON string
	defaultsOnce sync.Once
	defaults     map[string]any
	enums        map[string][]string
	maxItems     map[string]int
	// enumNames, maxItemsNames and requiresNames are the keys of enums,
	// maxItems and requires, sorted once with nestedRules (rules are
	// checked in name order).
	enumNames, maxItemsNames, requiresNames []string
	// together: groups that must all be given if any is.
	together [][]string
	// identity: alternative groups; exactly one must be given whole.
	identity [][]string
	// requires: an argument and the arguments it cannot go without.
	requires map[string][]string
	// examples are sample values used in messages.
	examples map[string]string
	// variantArg discriminates a body that is one of several objects;
	// variants lists, per value, the arguments that value requires.
	variantArg string
	variants   map[string][]string
	// inputJSON is the tool's self-contained input schema (the one its
	// definition carries). It is compiled once, on the first call, into
	// the argument type checks and nestedRules (with hiddenFields and
	// fieldsOf); no fact about the tool is read from it.
	inputJSON    string
	hiddenFields []string
	fieldsOf     map[string]string
	nestedOnce   sync.Once
	nested       nestedRules
	props        map[string]map[string]any
	// limits checks the spec's constraints on every value (Rules.Limits);
	// wire refuses values the request's encoding would misread.
	limits *constraints
	wire   wireRules
}

// newArgSpec returns the argument spec of s.
func newArgSpec(s *Spec) *argSpec {
	a := &argSpec{
		tool:         s.Tool.Name,
		defaultsJSON: s.Rules.DefaultsJSON,
		enums:        s.Rules.Enums,
		maxItems:     s.Rules.MaxItems,
		together:     s.Rules.Together,
		identity:     s.Rules.Identity,
		requires:     s.Rules.Requires,
		examples:     s.Rules.Examples,
		variantArg:   s.Rules.VariantArg,
		variants:     s.Rules.Variants,
		inputJSON:    string(s.Tool.RawInputSchema),
		hiddenFields: s.Rules.HiddenFields,
		fieldsOf:     s.Rules.FieldsOf,
		limits:       &constraints{limits: s.Rules.Limits},
		wire:         newWireRules(s),
	}
	for _, arg := range s.Args {
		a.allowed = append(a.allowed, arg.Name)
		if arg.Required {
			a.required = append(a.required, arg.Name)
		}
	}
	slices.Sort(a.allowed)
	return a
}

// nestedRules compiles inputJSON, and sorts the names of the rules,
// once.
func (s *argSpec) nestedRules() *nestedRules {
	s.nestedOnce.Do(func() {
		s.enumNames = slices.Sorted(maps.Keys(s.enums))
		s.maxItemsNames = slices.Sorted(maps.Keys(s.maxItems))
		s.requiresNames = slices.Sorted(maps.Keys(s.requires))
		s.props = propertySchemas(s.inputJSON)
		schemas := fieldSchemas(s.props)
		s.nested = nestedRules{schemas: schemas, names: slices.Sorted(maps.Keys(schemas)), hidden: s.hiddenFields, fieldsOf: s.fieldsOf}
	})
	return &s.nested
}

// prepare checks the call's arguments against the spec and returns them
// with the defaults of absent ones filled in. The request's own map is
// not changed.
func (s *argSpec) prepare(req mcp.CallToolRequest) (map[string]any, error) {
	args, err := argsOf(s.tool, req)
	if err != nil {
		return nil, err
	}
	if err := s.check(args); err != nil {
		return nil, err
	}
	if err := unknownArgs(s.tool, args, s.allowed); err != nil {
		return nil, err
	}
	out := make(map[string]any, len(args)+len(s.defaultValues()))
	for k, v := range s.defaultValues() {
		out[k] = v
	}
	for k, v := range args {
		if _, hasDefault := out[k]; v != nil || !hasDefault {
			out[k] = v
		}
	}
	s.nestedRules()
	out, err = checkTypes(out, s.props)
	if err != nil {
		return nil, err
	}
	if err := s.limits.check(out); err != nil {
		return nil, err
	}
	if err := s.wire.check(out); err != nil {
		return nil, err
	}
	return out, nil
}

// defaultValues decodes defaultsJSON once. It was produced by
// json.Marshal at generation time, so it always decodes; were it ever not
// to, the tool would simply apply no defaults.
func (s *argSpec) defaultValues() map[string]any {
	s.defaultsOnce.Do(func() {
		if s.defaultsJSON != "" {
			_ = json.Unmarshal([]byte(s.defaultsJSON), &s.defaults)
		}
	})
	return s.defaults
}

// given reports whether an argument carries a value (null and "" do not).
func given(args map[string]any, name string) bool {
	v, ok := args[name]
	if !ok || v == nil {
		return false
	}
	if s, isStr := v.(string); isStr && s == "" {
		return false
	}
	return true
}

// check applies every rule and returns the first violation.
func (s *argSpec) check(args map[string]any) error {
	fail := func(format string, a ...any) error {
		return &argError{fmt.Sprintf(format, a...)}
	}
	nested := s.nestedRules()
	var missing []string
	for _, name := range s.required {
		if _, hasDefault := s.defaultValues()[name]; !given(args, name) && !hasDefault {
			missing = append(missing, name)
		}
	}
	if len(missing) == 1 {
		return fail("missing required argument %q", missing[0])
	}
	if len(missing) > 1 {
		return fail("missing required arguments %s", quoteAll(missing))
	}
	for _, name := range s.enumNames {
		if !given(args, name) {
			continue
		}
		values := []any{args[name]}
		if list, ok := args[name].([]any); ok {
			values = list
		}
		for _, v := range values {
			str, ok := v.(string)
			if ok && slices.Contains(s.enums[name], str) {
				continue
			}
			return fail("argument %q cannot be %s; allowed values: %s", name, jsonText(v), strings.Join(s.enums[name], ", "))
		}
	}
	if s.variantArg != "" && given(args, s.variantArg) {
		v, _ := args[s.variantArg].(string)
		var lack []string
		for _, need := range s.variants[v] {
			if !given(args, need) {
				lack = append(lack, need)
			}
		}
		if len(lack) > 0 {
			return fail("%s %q also needs %s", s.variantArg, v, quoteAll(lack))
		}
	}
	for _, name := range s.maxItemsNames {
		if list, ok := args[name].([]any); ok && len(list) > s.maxItems[name] {
			return fail("%s: %d items, at most %d per call; split the work into several calls", name, len(list), s.maxItems[name])
		}
	}
	for _, name := range s.requiresNames {
		if !given(args, name) {
			continue
		}
		for _, need := range s.requires[name] {
			if !given(args, need) {
				return fail("%s needs %s: pass %s", name, need, s.group(append([]string{need}, name)))
			}
		}
	}
	for _, g := range s.together {
		n := countGiven(args, g)
		if n > 0 && n < len(g) {
			return fail("pass %s%s; got only %s", s.group(g), s.orIdentity(g), strings.Join(givenOf(args, g), " and "))
		}
	}
	if len(s.identity) > 0 {
		var whole []string
		for _, g := range s.identity {
			if countGiven(args, g) == len(g) {
				whole = append(whole, strings.Join(g, "+"))
			}
		}
		switch {
		case len(whole) == 0:
			return fail("say which one: pass %s", s.alternatives())
		case len(whole) > 1:
			return fail("pass only one of %s; got %s", s.alternatives(), strings.Join(whole, " and "))
		}
	}
	return nested.check(args)
}

// group describes a group of arguments to pass together, with examples:
// `both domain and key (e.g. domain "d.to", key "github")`.
func (s *argSpec) group(g []string) string {
	if len(g) == 1 {
		return g[0]
	}
	text := strings.Join(g, " and ")
	if len(g) == 2 {
		text = "both " + text
	}
	var ex []string
	for _, a := range g {
		if e, ok := s.examples[a]; ok {
			ex = append(ex, fmt.Sprintf("%s %q", a, e))
		}
	}
	if len(ex) == len(g) {
		text += " (e.g. " + strings.Join(ex, ", ") + ")"
	}
	return text
}

// alternatives lists the identity groups: `both domain and key (e.g. ...),
// or linkId, or externalId`.
func (s *argSpec) alternatives() string {
	groups := slices.Clone(s.identity)
	// Lead with the multi-argument group, which needs the most explaining.
	slices.SortStableFunc(groups, func(a, b []string) int { return len(b) - len(a) })
	var alts []string
	for _, g := range groups {
		alts = append(alts, s.group(g))
	}
	return strings.Join(alts, ", or ")
}

// orIdentity adds the other identity choices to a together message when g
// is one of them.
func (s *argSpec) orIdentity(g []string) string {
	for _, id := range s.identity {
		if slices.Equal(id, g) {
			var others []string
			for _, o := range s.identity {
				if !slices.Equal(o, g) {
					others = append(others, s.group(o))
				}
			}
			if len(others) > 0 {
				return ", or " + strings.Join(others, ", or ")
			}
		}
	}
	return ""
}

func countGiven(args map[string]any, g []string) int {
	return len(givenOf(args, g))
}

func givenOf(args map[string]any, g []string) []string {
	var out []string
	for _, a := range g {
		if given(args, a) {
			out = append(out, a)
		}
	}
	return out
}

// maxQuoted caps the bytes of a value quoted in a message: a message
// says what is wrong with a value, it need not repeat a large one.
const maxQuoted = 80

// jsonText is v as JSON, for messages, cut to maxQuoted bytes.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "a " + fmt.Sprintf("%T", v)
	}
	if len(b) > maxQuoted {
		return fmt.Sprintf("%s… (%d bytes)", strings.ToValidUTF8(string(b[:maxQuoted]), ""), len(b))
	}
	return string(b)
}
func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

package spec

import (
	"maps"
	"slices"
	"strings"

	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/naming"
)

// listVerbs start operation names whose array responses list a resource:
// the items of ListPartnerApplications are PartnerApplication values.
var listVerbs = map[string]bool{"List": true, "Get": true, "Retrieve": true, "Search": true, "Find": true}

// natural is the name a schema gets from its owner alone: the component or
// operation holding it and the path below, items singular
// (CreateLinkBody.tags[] gives CreateLinkTag).
func (h hint) natural() string {
	if h.op == "" {
		if h.base == "" {
			return h.ctx
		}
		return compose(h.base, h.steps)
	}
	switch h.root {
	case rootBody:
		if len(h.steps) == 0 {
			return h.op + "Body"
		}
		return compose(h.op, h.steps)
	case rootResponse:
		if len(h.steps) == 0 {
			return h.op + "Response"
		}
		if verb, subject := splitVerb(h.op); h.steps[0] == "[]" && listVerbs[verb] && subject != "" {
			return compose(subject, h.steps)
		}
		return compose(h.op+"Response", h.steps)
	}
	return compose(h.op, h.steps)
}

// entity is the name of the resource an operation's response carries,
// whatever the verb: GetCustomer, UpdateCustomer and the items of
// GetCustomers all carry a Customer. "" outside responses.
func (h hint) entity() string {
	_, subject := splitVerb(h.op)
	if h.root != rootResponse || subject == "" {
		return ""
	}
	if len(h.steps) > 0 && h.steps[0] == "[]" {
		return compose(subject, h.steps)
	}
	return compose(singular(subject), h.steps)
}

// compose appends the path steps to base.
func compose(base string, steps []string) string {
	name := base
	for _, st := range steps {
		switch {
		case st == "[]":
			if one := singular(name); one != name {
				name = one
			} else {
				name += "Item"
			}
		case st == "{}":
			name += "Value"
		case strings.HasPrefix(st, "."):
			name += naming.Exported(st[1:])
		case strings.HasPrefix(st, "|"):
			name += st[1:]
		}
	}
	return name
}

// splitVerb splits an operation's Go name into its first word and the rest.
func splitVerb(op string) (verb, subject string) {
	ws := naming.Words(op)
	if len(ws) < 2 {
		return op, ""
	}
	return ws[0], strings.TrimPrefix(op, ws[0])
}

// singular makes the last word of a Go name singular when it is a regular
// English plural (Links, Categories, URLs); other words stay as they are.
func singular(name string) string {
	ws := naming.Words(name)
	if len(ws) == 0 {
		return name
	}
	w := ws[len(ws)-1]
	head := strings.TrimSuffix(name, w)
	lw := strings.ToLower(w)
	switch {
	case len(w) > 4 && strings.HasSuffix(lw, "ies"):
		return head + w[:len(w)-3] + "y"
	case len(w) < 2 || !strings.HasSuffix(w, "s"):
		return name
	}
	for _, end := range []string{"ss", "us", "is", "ics"} {
		if strings.HasSuffix(lw, end) && len(w) > 2 {
			return name
		}
	}
	return head + w[:len(w)-1]
}

// sharedProp is the property name all users were found under, when they belong to more than one owner; "" otherwise.
func (b *builder) sharedProp(users []*model.Schema) string {
	name, owners := "", map[string]bool{}
	for i, m := range users {
		h := b.hints[m]
		if len(h.steps) == 0 || !strings.HasPrefix(h.steps[len(h.steps)-1], ".") {
			return ""
		}
		n := compose("", h.steps[len(h.steps)-1:])
		if i > 0 && n != name {
			return ""
		}
		name = n
		owners[h.ctx] = true
	}
	if len(owners) < 2 {
		return ""
	}
	return name
}

// entity is the resource every user is a response of (Customer for
// GetCustomers' items, GetCustomer and UpdateCustomer), or "".
func (b *builder) entity(users []*model.Schema) string {
	var entities [][]string
	for _, m := range users {
		entities = append(entities, naming.Words(b.hints[m].entity()))
	}
	if e := entities[0]; len(e) > 0 && len(commonPrefix(entities)) == len(e) && sameLen(entities) {
		return join(e)
	}
	return ""
}

// groupName names a shape its users share: their common natural name; the
// name it has inside the component schemas that hold it; the resource all
// their responses carry; the property name (of two words or more) most of
// them use; the words all
// their names begin and end with; else the first user's natural name.
// taken names are skipped.
func (b *builder) groupName(users []*model.Schema, taken map[string]bool) string {
	var naturals, entities, inComponents [][]string
	props := map[string]int{}
	for _, m := range users {
		h := b.hints[m]
		naturals = append(naturals, naming.Words(h.natural()))
		entities = append(entities, naming.Words(h.entity()))
		if h.op == "" {
			inComponents = append(inComponents, naming.Words(h.natural()))
		}
		if h.prop != "" {
			props[h.prop]++
		}
	}
	first := b.hints[users[0]].natural()
	var cands []string
	if n := join(commonPrefix(naturals)); n == first {
		return first
	}
	if len(inComponents) > 0 && sameLen(inComponents) && len(commonPrefix(inComponents)) == len(inComponents[0]) {
		cands = append(cands, join(inComponents[0]))
	}
	if e := b.entity(users); e != "" {
		cands = append(cands, e)
	}
	for _, p := range slices.Sorted(maps.Keys(props)) {
		if 2*props[p] > len(users) && len(naming.Words(p)) > 1 {
			cands = append(cands, naming.Exported(p))
		}
	}
	if c := affix(naturals); c != "" {
		cands = append(cands, c)
	}
	if !hasEmpty(entities) {
		if pre := commonPrefix(entities); len(pre) > 0 {
			cands = append(cands, join(pre)+join(commonSuffix(naturals, 0)))
		}
	}
	if cl := largestCluster(naturals); len(cl) > 1 {
		if c := affix(cl); c != "" {
			cands = append(cands, c)
		}
	}
	cands = append(cands, first)
	for _, c := range cands {
		if !taken[c] {
			return c
		}
	}
	return first
}

// affix is the words all names begin with followed by the words they all
// end with, when that makes at least two words.
func affix(names [][]string) string {
	pre := commonPrefix(names)
	suf := commonSuffix(names, len(pre))
	if len(pre)+len(suf) < 2 {
		return ""
	}
	return join(pre) + join(suf)
}

// largestCluster is the biggest set of names sharing a first word (the
// first such set on ties).
func largestCluster(names [][]string) [][]string {
	by := map[string][][]string{}
	var best string
	for _, ws := range names {
		by[ws[0]] = append(by[ws[0]], ws)
		if len(by[ws[0]]) > len(by[best]) {
			best = ws[0]
		}
	}
	return by[best]
}

func join(ws []string) string {
	var sb strings.Builder
	for _, w := range ws {
		sb.WriteString(w)
	}
	return sb.String()
}

func hasEmpty(wss [][]string) bool {
	for _, ws := range wss {
		if len(ws) == 0 {
			return true
		}
	}
	return false
}

func sameLen(wss [][]string) bool {
	for _, ws := range wss {
		if len(ws) != len(wss[0]) {
			return false
		}
	}
	return true
}

// commonPrefix is the leading words all lists share.
func commonPrefix(wss [][]string) []string {
	out := wss[0]
	for _, ws := range wss[1:] {
		n := 0
		for n < len(out) && n < len(ws) && out[n] == ws[n] {
			n++
		}
		out = out[:n]
	}
	return out
}

// commonSuffix is the trailing words all lists share, not overlapping
// their first skip words.
func commonSuffix(wss [][]string, skip int) []string {
	n := 0
	for {
		var w string
		for i, ws := range wss {
			k := len(ws) - 1 - n
			if k < skip {
				return wss[0][len(wss[0])-n:]
			}
			if i == 0 {
				w = ws[k]
			} else if ws[k] != w {
				return wss[0][len(wss[0])-n:]
			}
		}
		n++
	}
}

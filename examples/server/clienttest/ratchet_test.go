package clienttest

import (
	"flag"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// printKnown makes the matrix tests print the current failures as a
// known-failures list to paste (go test -run X -args -print-known).
var printKnown = flag.Bool("print-known", false, "print the current failures as Go known-failure entries")

// knownFailure names cases that still miss the target. Clients, Modes and
// Tools hold path.Match patterns ("*" for all). Every case an entry covers
// must fail: when one passes, the entry has to shrink. "*" matches
// anything; other patterns follow path.Match ("ts-v1/*").
type knownFailure struct {
	Clients, Modes, Tools []string
	// Why is what goes wrong, as measured.
	Why string
}

// covers reports whether k names the case.
func (k knownFailure) covers(client, mode, tool string) bool {
	return matchAny(k.Clients, client) && matchAny(k.Modes, mode) && matchAny(k.Tools, tool)
}

func matchAny(patterns []string, s string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(p, s); ok || p == "*" {
			return true
		}
	}
	return false
}

// verdict is one case's outcome against its target.
type verdict struct {
	Client, Mode, Tool string
	// Miss is why the case misses its target ("" when it meets it).
	Miss string
}

// ratchet fails t for every case that fails without being listed in known,
// and for every listed case that passes. It returns the per-client tally.
func ratchet(t *testing.T, listName string, known []knownFailure, verdicts []verdict) {
	t.Helper()
	for _, v := range verdicts {
		listed := -1
		for i, k := range known {
			if k.covers(v.Client, v.Mode, v.Tool) {
				listed = i
				break
			}
		}
		switch {
		case v.Miss != "" && listed < 0:
			t.Errorf("%s %s %s: %s (not in %s)", v.Client, v.Tool, v.Mode, v.Miss, listName)
		case v.Miss == "" && listed >= 0:
			t.Errorf("%s %s %s now meets its target: narrow or delete %s[%d] (%q)", v.Client, v.Tool, v.Mode, listName, listed, known[listed].Why)
		}
	}
	if *printKnown {
		t.Logf("current failures as %s entries:\n%s", listName, formatKnown(verdicts))
	}
}

// tally prints, per client, how many cases of each mode meet the target.
func tally(t *testing.T, title string, verdicts []verdict) {
	t.Helper()
	type key struct{ client, mode string }
	pass, total := map[key]int{}, map[key]int{}
	var clients, modes []string
	for _, v := range verdicts {
		k := key{v.Client, v.Mode}
		total[k]++
		if v.Miss == "" {
			pass[k]++
		}
		if !slices.Contains(clients, v.Client) {
			clients = append(clients, v.Client)
		}
		if !slices.Contains(modes, v.Mode) {
			modes = append(modes, v.Mode)
		}
	}
	var b strings.Builder
	slices.SortStableFunc(clients, func(a, b string) int { return clientRank(a) - clientRank(b) })
	fmt.Fprintf(&b, "%s (cases meeting the target / cases; \"all\" leaves tools-list out)\n%-14s", title, "client")
	for _, m := range modes {
		fmt.Fprintf(&b, " %11s", m)
	}
	fmt.Fprintf(&b, " %11s\n", "all")
	for _, c := range clients {
		fmt.Fprintf(&b, "%-14s", c)
		p, n := 0, 0
		for _, m := range modes {
			k := key{c, m}
			fmt.Fprintf(&b, " %11s", fmt.Sprintf("%d/%d", pass[k], total[k]))
			if m != "tools-list" {
				p, n = p+pass[k], n+total[k]
			}
		}
		fmt.Fprintf(&b, " %11s\n", fmt.Sprintf("%d/%d", p, n))
	}
	t.Log(b.String())
}

// formatKnown groups failing verdicts into known-failure entries: per
// mode and reason, the clients that share the same failing tools.
func formatKnown(verdicts []verdict) string {
	allTools := map[string][]string{} // mode -> every tool run in it
	fails := map[string]map[string][]string{}
	whys := map[string]string{}
	for _, v := range verdicts {
		if !slices.Contains(allTools[v.Mode], v.Tool) {
			allTools[v.Mode] = append(allTools[v.Mode], v.Tool)
		}
		if v.Miss == "" {
			continue
		}
		k := v.Mode + "\x00" + v.Client
		if fails[k] == nil {
			fails[k] = map[string][]string{}
		}
		why := reasonClass(v.Miss)
		fails[k][why] = append(fails[k][why], v.Tool)
		whys[v.Mode+why] = v.Miss
	}
	type entry struct {
		clients          []string
		mode, tools, why string
	}
	merged := map[string]*entry{}
	var order []string
	for k, byWhy := range fails {
		mode, client, _ := strings.Cut(k, "\x00")
		for why, tools := range byWhy {
			sort.Strings(tools)
			ts := `"` + strings.Join(tools, `", "`) + `"`
			if len(tools) == len(allTools[mode]) {
				ts = `"*"`
			}
			id := mode + "|" + ts + "|" + why
			if e, ok := merged[id]; ok {
				e.clients = append(e.clients, client)
				continue
			}
			merged[id] = &entry{clients: []string{client}, mode: mode, tools: ts, why: why}
			order = append(order, id)
		}
	}
	sort.Strings(order)
	var b strings.Builder
	for _, id := range order {
		e := merged[id]
		ex := whys[e.mode+e.why]
		if len(ex) > 160 {
			ex = ex[:160] + "…"
		}
		sort.Strings(e.clients)
		cs := `"` + strings.Join(e.clients, `", "`) + `"`
		fmt.Fprintf(&b, "\t{Clients: []string{%s}, Modes: []string{%q}, Tools: []string{%s},\n\t\tWhy: %q},\n", cs, e.mode, e.tools, ex)
	}
	return b.String()
}

// reasonClass is the kind of a miss, without case-specific detail, so that
// equal failures group together.
func reasonClass(miss string) string {
	miss = digits.ReplaceAllString(miss, "#")
	cut := strings.Index(miss, ": ")
	if strings.HasPrefix(miss, "unreadable: ") || strings.HasPrefix(miss, "callTool threw") {
		if next := strings.Index(miss[cut+2:], ": "); next > 0 {
			cut += 2 + next
		}
	}
	if i := strings.Index(miss, " ("); i > 0 && (cut < 0 || i < cut) {
		cut = i
	}
	if cut > 0 {
		return miss[:cut]
	}
	return miss
}

var digits = regexp.MustCompile(`[0-9]+`)

// clientRank orders clients as matrixClients lists them.
func clientRank(name string) int {
	for i, c := range matrixClients {
		if c.Name == name {
			return i
		}
	}
	return len(matrixClients)
}

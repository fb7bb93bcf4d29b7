package surfacediff

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dubgen/dubgen/generator/surface"
)

var update = flag.Bool("update", false, "rewrite the golden reports under testdata")

// load builds a surface for a test, failing it on error.
func load(t *testing.T, specPath, overlayPath string) []*surface.Tool {
	t.Helper()
	tools, _, err := Load(specPath, overlayPath)
	if err != nil {
		t.Fatalf("load %s: %v", specPath, err)
	}
	return tools
}

// entries renders every finding of a report on one line each, "!" marking
// breaking ones, so a test can state the complete expected set.
func entries(r *Report) []string {
	var out []string
	mark := func(s string, breaking bool) string {
		if breaking {
			return s + " !"
		}
		return s
	}
	for _, t := range r.Added {
		out = append(out, "added "+t.Name)
	}
	for _, t := range r.Removed {
		out = append(out, "removed "+t.Name+" !")
	}
	for _, rn := range r.Renamed {
		out = append(out, mark(fmt.Sprintf("renamed %s -> %s by %s", rn.From.Name, rn.To.Name, rn.By), rn.Breaking))
	}
	for _, tc := range r.Changed {
		for _, c := range tc.Changes {
			s := strings.TrimSpace(fmt.Sprintf("%s: %s %s", tc.Tool, c.Kind, c.Path))
			if len(c.Values) > 0 {
				s += " " + strings.Join(c.Values, ",")
			}
			if c.Old != "" || c.New != "" {
				s += fmt.Sprintf(" (%s -> %s)", c.Old, c.New)
			}
			out = append(out, mark(s, c.Breaking))
		}
	}
	for _, w := range r.DescriptionOnly {
		out = append(out, "wording "+w.Tool)
	}
	return out
}

// TestGolden diffs each hand-written spec pair under testdata (one per
// kind of change), checks the complete list of findings, and compares the
// Markdown and JSON reports with their goldens (-update rewrites them).
func TestGolden(t *testing.T) {
	cases := map[string]struct {
		want     []string
		breaking int
	}{
		"added":   {want: []string{"added create_thing"}},
		"removed": {want: []string{"removed create_thing !"}, breaking: 1},
		"renamed-route": {want: []string{
			"renamed retrieve_links -> retrieve_partner_links by route !",
		}, breaking: 1},
		"renamed-alias": {want: []string{
			"renamed list_things -> search_things by alias",
		}},
		"input-added": {want: []string{
			"create_link: input-added domain ( -> string) !",
			"create_link: input-added dryRun ( -> boolean)",
			"create_link: input-added testVariants[].weight ( -> number)",
			"create_link: input-added utm ( -> object)",
		}, breaking: 1},
		"input-removed": {want: []string{
			"create_link: input-removed domain (string -> ) !",
			"create_link: input-removed dryRun (boolean -> ) !",
			"create_link: input-removed testVariants[].weight (number -> ) !",
			"create_link: input-removed utm (object -> ) !",
		}, breaking: 4},
		"required-optional": {want: []string{
			"update_link: required testVariants[].url !",
			"update_link: required url !",
			"update_link: optional workspace",
		}, breaking: 2},
		"type-change": {want: []string{
			"get_links: type folders[] (string -> integer) !",
			"get_links: type pageSize (number -> integer) !",
			"get_links: type tagIds (string -> array) !",
		}, breaking: 3},
		"enum": {want: []string{
			"create_tag: enum-added color gray",
			"create_tag: enum-removed color brown !",
			"create_tag: enum-lifted continent AF,EU,NA",
			"create_tag: enum-limited interval 24h,7d !",
			"create_tag: enum-added labels[] c",
		}, breaking: 2},
		"annotations": {want: []string{
			"archive_link: annotation destructiveHint (false -> true) !",
			"archive_link: annotation idempotentHint (false -> true)",
			"delete_tag: annotation destructiveHint (true -> false)",
			"delete_tag: annotation idempotentHint (true -> false)",
			"get_stats: annotation readOnlyHint (true -> false) !",
			"get_stats: annotation idempotentHint (true -> false)",
			"search_stats: annotation readOnlyHint (true -> false) !",
			"search_stats: annotation idempotentHint (true -> false)",
		}, breaking: 3},
		"output": {want: []string{
			"get_customer: output-removed avatar (string -> ) !",
			"get_customer: output-type country (string -> integer) !",
			"get_customer: output-added firstSaleAt ( -> string)",
			"get_customer: output-type name (string -> any) !",
			"get_customer: output-added stripeCustomerId ( -> string)",
			"get_customers: output-removed items[].avatar (string -> ) !",
			"get_customers: output-type items[].country (string -> integer) !",
			"get_customers: output-added items[].firstSaleAt ( -> string)",
			"get_customers: output-type items[].name (string -> any) !",
			"get_customers: output-added items[].stripeCustomerId ( -> string)",
		}, breaking: 6},
		"map-value": {want: []string{
			"create_link: type geo{} (string -> integer) !",
			"create_link: input-added labels{}.rank ( -> integer)",
		}, breaking: 1},
		"description": {want: []string{"wording delete_domain", "wording list_domains"}},
		"reordered":   {},
	}
	dirs, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if _, ok := cases[d.Name()]; !ok {
			t.Errorf("testdata/%s has no expectations in TestGolden", d.Name())
		}
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", name)
			ov := filepath.Join(dir, "overlay.yaml")
			if _, err := os.Stat(ov); err != nil {
				ov = ""
			}
			r := Compare(load(t, filepath.Join(dir, "old.yaml"), ov), load(t, filepath.Join(dir, "new.yaml"), ov))
			if got := entries(r); !slices.Equal(got, tc.want) {
				t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
			if r.Breaking() != tc.breaking || r.Summary.Breaking != tc.breaking {
				t.Errorf("breaking = %d (summary %d), want %d", r.Breaking(), r.Summary.Breaking, tc.breaking)
			}
			if r.Empty() != (len(tc.want) == 0) {
				t.Errorf("Empty() = %t with %d findings", r.Empty(), len(tc.want))
			}
			js, err := r.JSON()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join(dir, "report.md.golden"), []byte(r.Markdown("old.yaml", "new.yaml")))
			golden(t, filepath.Join(dir, "report.json.golden"), js)
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test -update to create it): %v", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden (review, then go test -update):\n--- got\n%s", path, got)
	}
}

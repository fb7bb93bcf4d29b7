package surfacediff

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dubgen/dubgen/generator/surface"
)

// Dub's two shared spec snapshots (third-party files, read in place) and
// the project's overlay, applied to both.
const (
	oldDub     = "../../../shared/specs/dub/openapi-2025-12-31.json"
	newDub     = "../../../shared/specs/dub/openapi-2026-08-21.json"
	dubOverlay = "../../overlays/dub.yaml"
)

// TestDubSpecs diffs the real pair. The operation-level and
// parameter-level expectations were checked by hand with python3 over the
// two JSON files.
func TestDubSpecs(t *testing.T) {
	oldTools, newTools := load(t, oldDub, dubOverlay), load(t, newDub, dubOverlay)
	r := Compare(oldTools, newTools)

	var added, removed []string
	for _, a := range r.Added {
		added = append(added, a.OperationID)
	}
	for _, d := range r.Removed {
		removed = append(removed, d.OperationID)
	}
	slices.Sort(added)
	wantAdded := []string{
		"approveBountySubmission", "approvePartnerApplication", "bulkUpdateCommissions", "createCommission",
		"createDiscountCode", "deactivatePartner", "deleteDiscountCode", "listBountySubmissions",
		"listDiscountCodes", "listPartnerApplications", "listPayouts", "rejectBountySubmission",
		"rejectPartnerApplication",
	}
	if !slices.Equal(added, wantAdded) {
		t.Errorf("added %v\nwant  %v", added, wantAdded)
	}
	if !slices.Equal(removed, []string{"getWorkspace", "updateWorkspace"}) {
		t.Errorf("removed %v", removed)
	}
	want := Rename{
		From:     ToolRef{Name: "retrieve_links", OperationID: "retrieveLinks", Method: "GET", Route: "/partners/links", Toolset: "partners"},
		To:       ToolRef{Name: "retrieve_partner_links", OperationID: "retrievePartnerLinks", Method: "GET", Route: "/partners/links", Toolset: "partners"},
		By:       "alias", // dub.yaml keeps the old name as an alias (same route too)
		Breaking: false,
	}
	if len(r.Renamed) != 1 || r.Renamed[0] != want {
		t.Errorf("renamed %+v\nwant %+v", r.Renamed, want)
	}

	// Parameter-level changes, each checked in the spec files.
	all := entries(r)
	for _, w := range []string{
		// GET /links: cursor pagination replaced the sort parameters.
		"get_links: input-added startingAfter ( -> string)",
		"get_links: input-added endingBefore ( -> string)",
		"get_links: input-removed sortBy (string -> ) !",
		"get_links: input-removed sortOrder (string -> ) !",
		"get_links: type pageSize (number -> integer) !",
		// GET /analytics: new partner-tag filter and group, ref gone,
		// continent now free text with filter syntax.
		"retrieve_analytics: input-added partnerTagId ( -> string)",
		"retrieve_analytics: input-removed ref (string -> ) !",
		"retrieve_analytics: enum-added groupBy top_partner_tags",
		"retrieve_analytics: enum-lifted continent AF,AN,AS,EU,NA,OC,SA",
		"list_partners: input-added groupId ( -> string)",
		// Body enums and requirements.
		"create_tag: enum-added color gray",
		"track_sale: enum-added paymentProcessor apple,dub",
		"update_commission: enum-added status pending",
		"upsert_partner_link: required url !",
		"create_partner: input-removed linkProps.keyLength (number -> ) !",
		// Deprecated upstream: left out of the schema, still accepted.
		"bulk_update_links: input-hidden data.webhookIds (array -> )",
		// Customer name became nullable: the output schema drops its type.
		"get_customer: output-type name (string -> any) !",
		"get_customer: output-added stripeCustomerId ( -> any)",
	} {
		if !slices.Contains(all, w) {
			t.Errorf("missing finding %q", w)
		}
	}
	if md := r.Markdown("old", "new"); !strings.Contains(md, "**13 added, 2 removed, 1 renamed, ") {
		t.Errorf("summary line:\n%.300s", md)
	}
	if r.Breaking() == 0 || r.Breaking() != r.Summary.Breaking {
		t.Errorf("breaking %d, summary %d", r.Breaking(), r.Summary.Breaking)
	}

	checkFindings(t, r, oldTools, newTools)
}

// checkFindings verifies, independently of the flattening Compare uses,
// that every reported change on a matched tool is a real difference
// between the two schemas, that tools reported unchanged are unchanged,
// and that no top-level input was added or removed unreported.
func checkFindings(t *testing.T, r *Report, oldTools, newTools []*surface.Tool) {
	t.Helper()
	byName := func(ts []*surface.Tool) map[string]*surface.Tool {
		m := map[string]*surface.Tool{}
		for _, x := range ts {
			m[x.Name] = x
		}
		return m
	}
	olds, news := byName(oldTools), byName(newTools)
	oldOf := func(name string) *surface.Tool {
		for _, rn := range r.Renamed {
			if rn.To.Name == name {
				return olds[rn.From.Name]
			}
		}
		return olds[name]
	}
	reported := map[string]bool{}
	for _, tc := range r.Changed {
		reported[tc.Tool] = true
		o, n := oldOf(tc.Tool), news[tc.Tool]
		for _, c := range tc.Changes {
			if err := verify(o, n, c); err != nil {
				t.Errorf("%s: spurious %s %s: %v", tc.Tool, c.Kind, c.Path, err)
			}
		}
	}
	for _, w := range r.DescriptionOnly {
		reported[w.Tool] = true
		o, n := oldOf(w.Tool), news[w.Tool]
		if o.Description == n.Description && o.Title == n.Title && w.Properties == 0 {
			t.Errorf("%s: listed as reworded but its texts are equal", w.Tool)
		}
		if !sameSchema(strip(asMap(o.Input), "description"), strip(asMap(n.Input), "description")) || !sameOutput(o, n) || o.Annotations != n.Annotations {
			t.Errorf("%s: listed as description-only but its schemas or hints differ", w.Tool)
		}
	}
	for name, n := range news {
		o := oldOf(name)
		if o == nil || reported[name] {
			continue
		}
		if o.Title != n.Title || o.Description != n.Description || o.Annotations != n.Annotations ||
			!sameSchema(o.Input, n.Input) || !sameOutput(o, n) {
			t.Errorf("%s: differs but is not reported", name)
		}
	}
	// Top-level inputs: the added and removed ones must all be reported.
	for name, n := range news {
		o := oldOf(name)
		if o == nil {
			continue
		}
		op, np := asMap(o.Input)["properties"].(jmap), asMap(n.Input)["properties"].(jmap)
		for p := range np {
			if _, had := op[p]; !had && !reportedChange(r, name, p) {
				t.Errorf("%s: input %s was added, unreported", name, p)
			}
		}
		for p := range op {
			if _, has := np[p]; !has && !reportedChange(r, name, p) {
				t.Errorf("%s: input %s was removed, unreported", name, p)
			}
		}
	}
}

func reportedChange(r *Report, tool, path string) bool {
	for _, tc := range r.Changed {
		for _, c := range tc.Changes {
			if tc.Tool == tool && c.Path == path && (c.Kind == KindInputAdded || c.Kind == KindInputRemoved) {
				return true
			}
		}
	}
	return false
}

// lookup follows a change path ("a.b", "list[].c") through a schema and
// returns the property's schema and whether its parent requires it.
func lookup(s jmap, path string) (jmap, bool, bool) {
	required := false
	for _, seg := range strings.Split(path, ".") {
		name := strings.TrimSuffix(seg, strings.Repeat("[]", strings.Count(seg, "[]")))
		props, _ := s["properties"].(jmap)
		next, ok := props[name].(jmap)
		if !ok {
			return nil, false, false
		}
		required, s = slices.Contains(strs(s["required"]), name), next
		for range strings.Count(seg, "[]") {
			if s, ok = s["items"].(jmap); !ok {
				return nil, false, false
			}
			required = false
		}
	}
	return s, required, true
}

// verify checks one change against the two tools' schemas.
func verify(o, n *surface.Tool, c Change) error {
	in := func(s *surface.Schema) (jmap, bool, bool) { return lookup(asMap(s), c.Path) }
	typeOfOr := func(s jmap) string {
		if t, ok := s["type"].(string); ok {
			return t
		}
		var typed surface.Schema
		if b, err := json.Marshal(s); err != nil || json.Unmarshal(b, &typed) != nil {
			return "?"
		}
		return typeOf(&typed)
	}
	switch c.Kind {
	case KindInputAdded, KindOutputAdded, KindInputRemoved, KindOutputRemoved:
		os, ns := o.Input, n.Input
		if c.Kind == KindOutputAdded || c.Kind == KindOutputRemoved {
			os, ns = o.Result, n.Result
		}
		_, _, inOld := in(os)
		_, _, inNew := in(ns)
		added := c.Kind == KindInputAdded || c.Kind == KindOutputAdded
		if inOld == added || inNew != added {
			return fmt.Errorf("present before %t, after %t", inOld, inNew)
		}
	case KindInputHidden:
		_, _, inOld := in(o.Input)
		_, _, inNew := in(n.Input)
		if !inOld || inNew || !slices.Contains(n.Hidden, c.Path) {
			return fmt.Errorf("present before %t, after %t, hidden %v", inOld, inNew, n.Hidden)
		}
	case KindType, KindOutputType:
		os, ns := o.Input, n.Input
		if c.Kind == KindOutputType {
			os, ns = o.Result, n.Result
		}
		a, _, ok1 := in(os)
		b, _, ok2 := in(ns)
		if !ok1 || !ok2 || typeOfOr(a) != c.Old || typeOfOr(b) != c.New || c.Old == c.New {
			return fmt.Errorf("types %v → %v", a["type"], b["type"])
		}
	case KindRequired, KindOptional:
		_, ra, ok1 := in(o.Input)
		_, rb, ok2 := in(n.Input)
		if !ok1 || !ok2 || ra == rb || rb != (c.Kind == KindRequired) {
			return fmt.Errorf("required %t → %t", ra, rb)
		}
	case KindEnumAdded, KindEnumRemoved, KindEnumLimited, KindEnumLifted:
		a, _, _ := in(o.Input)
		b, _, _ := in(n.Input)
		ea, eb := strs(a["enum"]), strs(b["enum"])
		for _, v := range c.Values {
			nowIn := slices.Contains(eb, v)
			wasIn := slices.Contains(ea, v)
			gained := c.Kind == KindEnumAdded || c.Kind == KindEnumLimited
			if gained && (!nowIn || wasIn && c.Kind == KindEnumAdded) || !gained && (wasIn == false || nowIn) {
				return fmt.Errorf("value %q: before %t, after %t", v, wasIn, nowIn)
			}
		}
	case KindFormat, KindDefault, KindMaxItems:
		a, _, ok1 := in(o.Input)
		b, _, ok2 := in(n.Input)
		key := map[Kind]string{KindFormat: "format", KindDefault: "default", KindMaxItems: "maxItems"}[c.Kind]
		if !ok1 || !ok2 || facet(a[key]) != c.Old || facet(b[key]) != c.New || c.Old == c.New {
			return fmt.Errorf("%s %v → %v", key, a[key], b[key])
		}
	case KindLimit:
		a, _, ok1 := in(o.Input)
		b, _, ok2 := in(n.Input)
		found := false
		for _, k := range limitKeywords {
			if facet(a[k]) == c.Old && facet(b[k]) == c.New && c.Old != c.New {
				found = true
			}
		}
		if !ok1 || !ok2 || !found {
			return fmt.Errorf("no limit went %s → %s", c.Old, c.New)
		}
	case KindAnnotation:
		if o.Annotations == n.Annotations {
			return fmt.Errorf("hints are equal")
		}
	case KindDescription:
		if o.Description == n.Description && o.Title == n.Title && sameSchema(o.Input, n.Input) {
			return fmt.Errorf("texts are equal")
		}
	case KindName:
		if o.Name == n.Name {
			return fmt.Errorf("names are equal")
		}
	default:
		return fmt.Errorf("unexpected kind")
	}
	return nil
}

// jmap is a schema as generic JSON, for walking it by keyword.
type jmap = map[string]any

// asMap is a schema as generic JSON (nil for nil).
func asMap(s *surface.Schema) jmap {
	if s == nil {
		return nil
	}
	var m jmap
	if b, err := json.Marshal(s); err != nil || json.Unmarshal(b, &m) != nil {
		return jmap{"error": "unmarshalable schema"}
	}
	return m
}

// strs reads a JSON list of strings (required, enum), nulls left out.
func strs(v any) []string {
	list, _ := v.([]any)
	return stringList(list)
}

// strip returns a copy of a schema without the given keywords.
func strip(s jmap, keywords ...string) jmap {
	out := jmap{}
	for k, v := range s {
		switch x := v.(type) {
		case jmap:
			if k == "properties" {
				props := jmap{}
				for name, p := range x {
					props[name] = strip(p.(jmap), keywords...)
				}
				out[k] = props
			} else {
				out[k] = strip(x, keywords...)
			}
		default:
			if !slices.Contains(keywords, k) {
				out[k] = v
			}
		}
	}
	return out
}

// sameOutput compares result shapes as the report does: by properties
// and types, not by formats or defaults.
func sameOutput(o, n *surface.Tool) bool {
	return sameSchema(strip(asMap(o.Result), "format", "default"), strip(asMap(n.Result), "format", "default"))
}

func sameSchema(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

// TestDubSpecAgainstItself: a spec diffed with itself reports nothing.
func TestDubSpecAgainstItself(t *testing.T) {
	r := Compare(load(t, newDub, dubOverlay), load(t, newDub, dubOverlay))
	if !r.Empty() || r.Breaking() != 0 || r.Size.DeltaBytes != 0 {
		t.Fatalf("the spec differs from itself: %v", entries(r))
	}
}

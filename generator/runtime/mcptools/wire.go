package mcptools

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dubgen/dubgen/generator/runtime/apiclient"
)

// wireRules refuse values the request's encoding would misread: a path
// variable that changes the route, a list item that the comma joining a
// query list would split in two.
type wireRules struct {
	// path are the arguments that fill path variables.
	path []string
	// joined are the query arguments whose list items are joined with
	// commas (not repeated per item).
	joined []string
}

// newWireRules collects the arguments of s that need wireRules.
func newWireRules(s *Spec) wireRules {
	var w wireRules
	for _, a := range s.Args {
		switch {
		case a.In == InPath:
			w.path = append(w.path, a.Name)
		case a.In == InQuery && !a.Explode:
			w.joined = append(w.joined, a.Name)
		}
	}
	slices.Sort(w.path)
	slices.Sort(w.joined)
	return w
}

// check returns the first misreadable value of args as an *argError.
func (w wireRules) check(args map[string]any) error {
	for _, name := range w.path {
		v, ok := args[name]
		if !ok || v == nil {
			continue
		}
		switch s := apiclient.QueryValue(v); s {
		case "", ".", "..":
			return &argError{fmt.Sprintf("argument %q cannot be %q: as a path segment it would change the request's route to another endpoint; pass the ID itself", name, s)}
		}
	}
	for _, name := range w.joined {
		list, ok := args[name].([]any)
		if !ok {
			continue
		}
		for i, e := range list {
			if strings.Contains(apiclient.QueryValue(e), ",") {
				return &argError{fmt.Sprintf("%s[%d] contains a comma: the items of %s are sent joined by commas, so it would count as several items; pass each as its own item", name, i, name)}
			}
		}
	}
	return nil
}

// sentItems checks, once a comma-joined query list is encoded, that the
// items the API will see after splitting it are within the argument's
// limit (the argument's items were checked one by one before).
func sentItems(name, joined string, l Limit) error {
	if n := strings.Count(joined, ",") + 1; l.MaxItems > 0 && n > l.MaxItems {
		return &argError{fmt.Sprintf("%s: %d items once joined, at most %d; split the work into several calls", name, n, l.MaxItems)}
	}
	return nil
}

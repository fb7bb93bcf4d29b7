package surface

import (
	"slices"
	"strings"

	"github.com/dubgen/dubgen/generator/diag"
	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/overlay"
)

// corrected returns op with its success response replaced as the
// overlay's response entry says (op itself when there is none or it
// cannot be applied), plus the named types the correction adds. op and the
// API are not modified: loaded specs are shared. A type name the spec does
// not have is drift (the spec moved on): a warning, or an error when
// strict, and the spec's response stays.
func corrected(api *model.API, op *model.Operation, f *overlay.File, r *overlay.Response, strict bool, ds *diag.List) (*model.Operation, []*model.Schema) {
	if r == nil {
		return op, nil
	}
	var variants []*model.Schema
	for _, name := range r.Items {
		i := slices.IndexFunc(api.Types, func(s *model.Schema) bool { return s.Name == name })
		if i < 0 {
			where := f.Where(f.ResponsePos(op.ID, "items"))
			format := "operation %s: response.items: the spec has no type %s (known types include %s); the spec's response is kept"
			known := typeNames(api, 5)
			if strict {
				ds.Errorf(where, format, op.ID, name, known)
			} else {
				ds.Warnf(where, format, op.ID, name, known)
			}
			return op, nil
		}
		variants = append(variants, api.Types[i])
	}
	var added []*model.Schema
	var answer *model.Schema
	if len(variants) > 0 {
		item := variants[0]
		if len(variants) > 1 {
			item = &model.Schema{Kind: model.KindUnion, Name: op.GoName + "ResponseItem", Origin: "overlay " + op.ID + ".response.items",
				Desc: "One element of " + op.GoName + "'s answer: " + strings.Join(r.Items, " or ") + ".", Variants: variants}
			added = append(added, item)
		}
		answer = &model.Schema{Kind: model.KindArray, Items: item}
	}
	var alts []*model.Schema
	if answer != nil {
		alts = append(alts, answer)
	}
	for _, t := range r.Or {
		alts = append(alts, &model.Schema{Kind: jsonKind(t)})
	}
	if len(alts) > 1 {
		answer = &model.Schema{Kind: model.KindUnion, Name: op.GoName + "Response", Origin: "overlay " + op.ID + ".response",
			Desc: strings.TrimSpace(r.Why), Variants: alts}
		added = append(added, answer)
	} else {
		answer = alts[0]
	}
	c := *op
	resp := model.Response{Status: 200, ContentType: "application/json"}
	if op.Response != nil {
		resp = *op.Response
	}
	resp.Schema = answer
	c.Response = &resp
	return &c, added
}

// jsonKind is the model kind of a JSON type name.
func jsonKind(t string) model.Kind {
	switch t {
	case "string":
		return model.KindString
	case "integer":
		return model.KindInteger
	case "number":
		return model.KindNumber
	case "boolean":
		return model.KindBoolean
	case "array":
		return model.KindArray
	case "object":
		return model.KindObject
	}
	return model.KindAny
}

// typeNames lists up to n of the API's type names, for messages.
func typeNames(api *model.API, n int) string {
	var names []string
	for _, s := range api.Types {
		if len(names) == n {
			names = append(names, "…")
			break
		}
		names = append(names, s.Name)
	}
	return strings.Join(names, ", ")
}

// CorrectedAPI returns api with the overlay's response corrections
// applied (api itself when there are none), for the client emitter: the
// operations corrected are copies, the types they add are listed with the
// others, sorted by name. Problems are reported by BuildWithOverlay.
func CorrectedAPI(api *model.API, f *overlay.File) *model.API {
	if f == nil {
		return api
	}
	var ds diag.List
	out := *api
	out.Operations = slices.Clone(api.Operations)
	out.Types = slices.Clone(api.Types)
	changed := false
	for i, op := range out.Operations {
		entry := overlayEntry(f, op.ID)
		if entry == nil || entry.Response == nil {
			continue
		}
		c, added := corrected(api, op, f, entry.Response, false, &ds)
		if c != op {
			out.Operations[i] = c
			out.Types = append(out.Types, added...)
			changed = true
		}
	}
	if !changed {
		return api
	}
	slices.SortStableFunc(out.Types, func(a, b *model.Schema) int { return strings.Compare(a.Name, b.Name) })
	return &out
}

// Package emitclient writes the typed Go client package (generated/dub)
// from the intermediate model: one named type per schema that needs one,
// one parameter struct and one method per operation, plus the package's
// entry points over the hand-written runtime it imports
// (generator/runtime/apiclient).
package emitclient

import (
	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/render"
)

type emitter struct {
	api    *model.API
	idents map[string]bool
}

// Emit returns the files of the client package, by file name.
func Emit(api *model.API, pkg string) (map[string][]byte, error) {
	files := map[string][]byte{}
	var err error
	if files["client.go"], err = render.Jen("client.go", facade(pkg)); err != nil {
		return nil, err
	}
	e := &emitter{api: api, idents: map[string]bool{}}
	for _, t := range api.Types {
		e.idents[t.Name] = true
	}

	types := render.NewFile(pkg, "generator/emitclient (named schemas)")
	for _, t := range api.Types {
		e.emitType(types, t)
	}
	if files["types_gen.go"], err = render.Jen("types_gen.go", types); err != nil {
		return nil, err
	}

	ops := render.NewFile(pkg, "generator/emitclient (operations)")
	for _, o := range api.Operations {
		if len(o.Params) > 0 {
			e.emitParams(ops, o)
		}
		e.emitMethod(ops, o)
	}
	if files["operations_gen.go"], err = render.Jen("operations_gen.go", ops); err != nil {
		return nil, err
	}
	return files, nil
}

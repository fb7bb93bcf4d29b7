package spec

import (
	"fmt"
	"maps"
	"mime"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dubgen/dubgen/generator/diag"
	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/naming"
)

type builder struct {
	doc        *openapi3.T
	ds         diag.List
	components map[string]*model.Schema
	// componentNames are the components' Go names, by spec name.
	componentNames map[string]string
	hints          map[*model.Schema]hint
}

// Build turns a parsed document into the model. Unsupported constructs are
// reported: as warnings when the operation can still be generated (or
// skipped without harm), as errors when the output would be wrong.
func Build(doc *openapi3.T) (*model.API, diag.List) {
	b := &builder{doc: doc, components: map[string]*model.Schema{}, hints: map[*model.Schema]hint{}}
	api := &model.API{}
	if doc.Info != nil {
		api.Title, api.Version = doc.Info.Title, doc.Info.Version
	}
	if len(doc.Servers) > 0 && doc.Servers[0] != nil {
		api.ServerURL = strings.TrimRight(doc.Servers[0].URL, "/")
	}

	var roots, opRoots []*model.Schema
	if doc.Components != nil {
		components := slices.Sorted(maps.Keys(doc.Components.Schemas))
		b.nameComponents(components)
		for _, name := range components {
			roots = append(roots, b.component(name))
		}
	}
	if doc.Paths == nil || doc.Paths.Len() == 0 {
		b.ds.Errorf("paths", "the spec has no paths, so there is nothing to generate")
		return nil, b.ds
	}
	paths := doc.Paths.Map()
	ids := map[string]string{}
	goNames := map[string]string{}
	for _, path := range slices.Sorted(maps.Keys(paths)) {
		item := paths[path]
		for _, method := range methodOrder {
			op := item.GetOperation(method)
			if op == nil {
				continue
			}
			o := b.operation(method, path, item, op)
			if o == nil {
				continue
			}
			where := opWhere(method, path, op)
			if prev, dup := ids[o.ID]; dup {
				b.ds.Errorf(where, "operationId %q is also used by %s; operationIds must be unique", o.ID, prev)
				continue
			}
			if prev, dup := goNames[o.GoName]; dup {
				base := o.GoName
				for i := 2; goNames[o.GoName] != ""; i++ {
					o.GoName = base + strconv.Itoa(i)
				}
				b.ds.Warnf(where, "operationId %q gives the Go name %s, which %s already has; it is called %s in Go", o.ID, base, prev, o.GoName)
			}
			ids[o.ID], goNames[o.GoName] = where, where
			api.Operations = append(api.Operations, o)
			for _, p := range o.Params {
				opRoots = append(opRoots, p.Schema)
			}
			if o.Body != nil {
				opRoots = append(opRoots, o.Body.Schema)
			}
			if o.Response != nil && o.Response.Schema != nil {
				opRoots = append(opRoots, o.Response.Schema)
			}
		}
	}
	if len(api.Operations) == 0 && len(b.ds.Errors()) == 0 {
		b.ds.Errorf("paths", "no operation could be generated")
	}
	api.Types = b.nameTypes(append(roots, opRoots...), opRoots)
	describeRoles(api, roots)
	return api, b.ds
}

var pathParamRE = regexp.MustCompile(`\{([^}]+)\}`)

// operation builds one operation, or returns nil (with a diagnostic) when it
// has to be skipped.
func (b *builder) operation(method, path string, item *openapi3.PathItem, op *openapi3.Operation) *model.Operation {
	where := opWhere(method, path, op)
	id := op.OperationID
	if id == "" {
		id = naming.Snake(strings.ToLower(method) + " " + path)
		id = lowerCamel(id)
		b.ds.Warnf(where, "operation has no operationId; using %q", id)
	}
	o := &model.Operation{
		ID: id, GoName: naming.Exported(id), Method: method, Path: path,
		Summary: strings.TrimSpace(op.Summary), Desc: strings.TrimSpace(op.Description),
		Tags: append([]string(nil), op.Tags...), Deprecated: op.Deprecated,
	}
	if len(naming.Words(id)) == 0 {
		// "_", "-": nothing to name the operation after but its route.
		o.GoName = naming.Exported(strings.ToLower(method) + " " + path)
		b.ds.Warnf(where, "operationId %q has no letters or digits; the Go method is called %s", id, o.GoName)
	}

	// Parameters: path-level ones apply unless the operation overrides them.
	params := map[string]*openapi3.Parameter{}
	for _, list := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, pr := range list {
			if pr == nil || pr.Value == nil {
				b.ds.Errorf(where, "unresolved parameter reference")
				return nil
			}
			params[string(pr.Value.In)+":"+pr.Value.Name] = pr.Value
		}
	}
	for _, key := range slices.Sorted(maps.Keys(params)) {
		p := b.param(o, where, params[key])
		if p == nil {
			if params[key].Required {
				b.ds.Warnf(where, "required parameter %s cannot be generated; operation skipped", params[key].Name)
				return nil
			}
			continue
		}
		o.Params = append(o.Params, p)
	}
	sort.SliceStable(o.Params, func(i, j int) bool { return o.Params[i].In == model.InPath && o.Params[j].In != model.InPath })
	for _, m := range pathParamRE.FindAllStringSubmatch(path, -1) {
		found := false
		for _, p := range o.Params {
			found = found || p.In == model.InPath && p.Name == m[1]
		}
		if !found {
			b.ds.Errorf(where, "path parameter {%s} is not declared", m[1])
			return nil
		}
	}
	usedGo, keys := map[string]string{}, map[string]model.Location{}
	for _, p := range o.Params {
		at := where + " parameter " + p.Name
		p.GoName = b.uniqueGoName(usedGo, p.Name, at, string(p.In)+" parameter")
		p.Key = p.Name
		if in, dup := keys[p.Name]; dup {
			p.Key = string(p.In) + "_" + p.Name
			b.ds.Warnf(at, "a %s parameter has the same name; this one is the tool argument %q", in, p.Key)
		}
		keys[p.Key] = p.In
	}

	if op.RequestBody != nil {
		if op.RequestBody.Value == nil {
			b.ds.Errorf(where, "unresolved request body reference %q", op.RequestBody.Ref)
			return nil
		}
		rb := op.RequestBody.Value
		mt, ct := jsonMedia(rb.Content)
		if mt == nil {
			b.ds.Warnf(where, "request body content types %v are not supported (only JSON); operation skipped", contentTypes(rb.Content))
			return nil
		}
		o.Body = &model.Body{ContentType: ct, Required: rb.Required, Desc: rb.Description,
			Schema: b.convert(mt.Schema, hint{ctx: o.GoName + "Body", op: o.GoName, root: rootBody}, where+" request body")}
	}
	o.Response = b.response(o, where, op)
	return o
}

func lowerCamel(snake string) string {
	e := naming.Exported(snake)
	return strings.ToLower(e[:1]) + e[1:]
}

// param builds one parameter or returns nil when it is unsupported.
func (b *builder) param(o *model.Operation, where string, v *openapi3.Parameter) *model.Param {
	at := where + " parameter " + v.Name
	p := &model.Param{Name: v.Name, GoName: naming.Exported(v.Name), Desc: strings.TrimSpace(v.Description),
		Required: v.Required, Deprecated: v.Deprecated, Explode: true}
	switch v.In {
	case openapi3.ParameterInPath:
		p.In, p.Required = model.InPath, true
	case openapi3.ParameterInQuery:
		p.In = model.InQuery
	default:
		b.ds.Warnf(at, "%s parameters are not supported; parameter skipped", v.In)
		return nil
	}
	if v.Explode != nil {
		p.Explode = *v.Explode
	}
	if v.Style != "" && v.Style != "form" && v.Style != "simple" {
		b.ds.Warnf(at, "style %q is not supported; parameter skipped", v.Style)
		return nil
	}
	if v.Schema == nil {
		b.ds.Warnf(at, "parameter has no schema (content-encoded parameters are not supported); skipped")
		return nil
	}
	p.Schema = b.convert(v.Schema, hint{ctx: o.GoName + naming.Exported(v.Name), prop: v.Name, op: o.GoName, root: rootParam, steps: []string{"." + v.Name}}, at)
	switch p.Schema.Kind {
	case model.KindObject, model.KindMap, model.KindUnion, model.KindAny:
		b.ds.Warnf(at, "a %s in a %s parameter is not supported; parameter skipped", p.Schema.Kind, p.In)
		return nil
	case model.KindArray:
		if !isPrimitive(p.Schema.Items.Kind) {
			b.ds.Warnf(at, "an array of %s in a parameter is not supported; parameter skipped", p.Schema.Items.Kind)
			return nil
		}
	}
	if p.Desc == "" {
		p.Desc = p.Schema.Desc
	}
	if p.Deprecated || p.Schema.Deprecated {
		p.Deprecated = true
	}
	return p
}

// response picks the lowest 2xx response.
func (b *builder) response(o *model.Operation, where string, op *openapi3.Operation) *model.Response {
	if op.Responses == nil {
		b.ds.Warnf(where, "no responses documented; the response body is ignored")
		return &model.Response{Status: 200}
	}
	codes := slices.Sorted(maps.Keys(op.Responses.Map()))
	for _, code := range codes {
		n, err := strconv.Atoi(code)
		if err != nil || n < 200 || n > 299 {
			if code == "2XX" || code == "default" && len(codes) == 1 {
				n = 200
			} else {
				continue
			}
		}
		rr := op.Responses.Value(code)
		if rr == nil || rr.Value == nil {
			b.ds.Errorf(where, "unresolved response %s", code)
			return nil
		}
		r := &model.Response{Status: n}
		if rr.Value.Description != nil {
			r.Desc = strings.TrimSpace(*rr.Value.Description)
		}
		if len(rr.Value.Content) == 0 {
			return r
		}
		if mt, ct := jsonMedia(rr.Value.Content); mt != nil {
			r.ContentType = ct
			r.Schema = b.convert(mt.Schema, hint{ctx: o.GoName + "Response", op: o.GoName, root: rootResponse}, fmt.Sprintf("%s response %s", where, code))
			return r
		}
		r.ContentType = contentTypes(rr.Value.Content)[0]
		return r
	}
	b.ds.Warnf(where, "no 2xx response documented; the response body is ignored")
	return &model.Response{Status: 200}
}

// jsonMedia returns the JSON media type of content, if any.
func jsonMedia(c openapi3.Content) (*openapi3.MediaType, string) {
	for _, ct := range contentTypes(c) {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil {
			continue
		}
		if mt == "application/json" || strings.HasSuffix(mt, "+json") {
			return c[ct], ct
		}
	}
	return nil, ""
}

func contentTypes(c openapi3.Content) []string { return slices.Sorted(maps.Keys(c)) }

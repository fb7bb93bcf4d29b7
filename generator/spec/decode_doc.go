package spec

import (
	"encoding/json"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// The document around the schemas (paths, operations, parameters, bodies,
// responses, components), decoded from plain values as kin-openapi would:
// unknown keys go to Extensions, and objects or fields this decoder does
// not take apart (info, servers, security, tags, headers, links,
// callbacks, examples, encodings, references with siblings) are decoded by
// kin-openapi from their own, small, subtree.

// kin decodes v into dst with kin-openapi's own UnmarshalJSON methods,
// recording what it refuses at the location given.
func (d *fastDecoder) kin(v any, dst any, at *loc) {
	b, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(b, dst)
	}
	if err != nil {
		d.fail(at, err)
	}
}

// inline returns v when it is an object to decode here; a reference, or
// a value of another type, it decodes into dst with kin-openapi and
// returns nil.
func (d *fastDecoder) inline(v any, dst any, at *loc) map[string]any {
	m, isObject := v.(map[string]any)
	if !isObject || m["$ref"] != nil {
		d.kin(v, dst, at)
		return nil
	}
	return m
}

// extensions returns m's keys that are not known, as kin-openapi keeps them.
func extensions(m map[string]any, known map[string]bool) map[string]any {
	var out map[string]any
	for k, v := range m {
		if !known[k] {
			if out == nil {
				out = map[string]any{}
			}
			out[k] = v
		}
	}
	return out
}

func keySet(keys string) map[string]bool {
	out := map[string]bool{}
	for _, k := range strings.Fields(keys) {
		out[k] = true
	}
	return out
}

var (
	docKeys       = keySet("openapi components info paths security servers tags externalDocs webhooks jsonSchemaDialect")
	componentKeys = keySet("schemas parameters headers requestBodies responses securitySchemes examples links callbacks")
	pathItemKeys  = keySet("$ref summary description connect delete get head options patch post put trace query servers parameters additionalOperations")
	operationKeys = keySet("tags summary description operationId parameters requestBody responses callbacks deprecated security servers externalDocs")
	parameterKeys = keySet("name in description style explode allowEmptyValue allowReserved deprecated required schema example examples content")
	bodyKeys      = keySet("description required content")
	responseKeys  = keySet("description headers content links")
	mediaKeys     = keySet("schema itemSchema example examples encoding")
)

// document decodes the whole document.
func (d *fastDecoder) document(m map[string]any, at *loc) *openapi3.T {
	doc := &openapi3.T{Extensions: extensions(m, docKeys)}
	doc.OpenAPI = d.text(m["openapi"], at.at("openapi"))
	d.is31 = strings.HasPrefix(doc.OpenAPI, "3.1") || strings.HasPrefix(doc.OpenAPI, "3.2")
	doc.JSONSchemaDialect = d.text(m["jsonSchemaDialect"], at.at("jsonSchemaDialect"))
	for k, v := range m {
		at := at.at(k)
		switch k {
		case "info":
			d.kin(v, &doc.Info, at)
		case "servers":
			d.kin(v, &doc.Servers, at)
		case "security":
			d.kin(v, &doc.Security, at)
		case "tags":
			d.kin(v, &doc.Tags, at)
		case "externalDocs":
			d.kin(v, &doc.ExternalDocs, at)
		case "webhooks":
			d.kin(v, &doc.Webhooks, at)
		case "components":
			doc.Components = d.components(d.object(v, at), at)
		case "paths":
			doc.Paths = d.paths(d.object(v, at), at)
		}
	}
	return doc
}

func (d *fastDecoder) components(m map[string]any, at *loc) *openapi3.Components {
	c := &openapi3.Components{Extensions: extensions(m, componentKeys)}
	for k, v := range m {
		at := at.at(k)
		switch k {
		case "schemas":
			c.Schemas = openapi3.Schemas{}
			for name, s := range d.object(v, at) {
				c.Schemas[name] = d.ref(s, at.at(name))
			}
		case "parameters":
			c.Parameters = openapi3.ParametersMap{}
			for name, p := range d.object(v, at) {
				c.Parameters[name] = d.parameter(p, at.at(name))
			}
		case "requestBodies":
			c.RequestBodies = openapi3.RequestBodies{}
			for name, rb := range d.object(v, at) {
				c.RequestBodies[name] = d.requestBody(rb, at.at(name))
			}
		case "responses":
			c.Responses = openapi3.ResponseBodies{}
			for name, r := range d.object(v, at) {
				c.Responses[name] = d.response(r, at.at(name))
			}
		case "headers":
			d.kin(v, &c.Headers, at)
		case "securitySchemes":
			d.kin(v, &c.SecuritySchemes, at)
		case "examples":
			d.kin(v, &c.Examples, at)
		case "links":
			d.kin(v, &c.Links, at)
		case "callbacks":
			d.kin(v, &c.Callbacks, at)
		}
	}
	return c
}

func (d *fastDecoder) paths(m map[string]any, at *loc) *openapi3.Paths {
	ps := openapi3.NewPathsWithCapacity(len(m))
	for k, v := range m {
		if strings.HasPrefix(k, "x-") {
			if ps.Extensions == nil {
				ps.Extensions = map[string]any{}
			}
			ps.Extensions[k] = v
			continue
		}
		ps.Set(k, d.pathItem(v, at.at(k)))
	}
	return ps
}

func (d *fastDecoder) pathItem(v any, at *loc) *openapi3.PathItem {
	item := &openapi3.PathItem{}
	m, isObject := v.(map[string]any)
	if !isObject || m["$ref"] != nil || m["query"] != nil || m["additionalOperations"] != nil {
		d.kin(v, item, at)
		return item
	}
	item.Extensions = extensions(m, pathItemKeys)
	for k, x := range m {
		switch k {
		case "summary":
			item.Summary = d.text(x, at.at(k))
		case "description":
			item.Description = d.text(x, at.at(k))
		case "servers":
			d.kin(x, &item.Servers, at.at(k))
		case "parameters":
			item.Parameters = d.parameters(x, at.at(k))
		case "connect", "delete", "get", "head", "options", "patch", "post", "put", "trace":
			item.SetOperation(strings.ToUpper(k), d.operation(x, at.at(k)))
		}
	}
	return item
}

func (d *fastDecoder) operation(v any, at *loc) *openapi3.Operation {
	op := &openapi3.Operation{}
	m, isObject := v.(map[string]any)
	if r, present := m["responses"]; !isObject || present && r == nil {
		d.kin(v, op, at)
		return op
	}
	op.Extensions = extensions(m, operationKeys)
	for k, x := range m {
		at := at.at(k)
		switch k {
		case "tags":
			d.kin(x, &op.Tags, at)
		case "summary":
			op.Summary = d.text(x, at)
		case "description":
			op.Description = d.text(x, at)
		case "operationId":
			op.OperationID = d.text(x, at)
		case "deprecated":
			op.Deprecated = d.boolean(x, at)
		case "parameters":
			op.Parameters = d.parameters(x, at)
		case "requestBody":
			op.RequestBody = d.requestBody(x, at)
		case "responses":
			op.Responses = d.responses(d.object(x, at), at)
		case "callbacks":
			d.kin(x, &op.Callbacks, at)
		case "security":
			d.kin(x, &op.Security, at)
		case "servers":
			d.kin(x, &op.Servers, at)
		case "externalDocs":
			d.kin(x, &op.ExternalDocs, at)
		}
	}
	return op
}

func (d *fastDecoder) parameters(v any, at *loc) openapi3.Parameters {
	l := d.array(v, at)
	out := make(openapi3.Parameters, len(l))
	for i, p := range l {
		out[i] = d.parameter(p, at.item(i))
	}
	return out
}

func (d *fastDecoder) parameter(v any, at *loc) *openapi3.ParameterRef {
	r := &openapi3.ParameterRef{}
	m := d.inline(v, r, at)
	if m == nil {
		return r
	}
	p := &openapi3.Parameter{Extensions: extensions(m, parameterKeys)}
	for k, x := range m {
		at := at.at(k)
		switch k {
		case "name":
			p.Name = d.text(x, at)
		case "in":
			p.In = d.text(x, at)
		case "description":
			p.Description = d.text(x, at)
		case "style":
			p.Style = d.text(x, at)
		case "explode":
			if x != nil {
				b := d.boolean(x, at)
				p.Explode = &b
			}
		case "allowEmptyValue":
			p.AllowEmptyValue = d.boolean(x, at)
		case "allowReserved":
			p.AllowReserved = d.boolean(x, at)
		case "deprecated":
			p.Deprecated = d.boolean(x, at)
		case "required":
			p.Required = d.boolean(x, at)
		case "schema":
			p.Schema = d.ref(x, at)
		case "example":
			p.Example = x
		case "examples":
			d.kin(x, &p.Examples, at)
		case "content":
			p.Content = d.content(x, at)
		}
	}
	r.Value = p
	return r
}

func (d *fastDecoder) requestBody(v any, at *loc) *openapi3.RequestBodyRef {
	r := &openapi3.RequestBodyRef{}
	m := d.inline(v, r, at)
	if m == nil {
		return r
	}
	rb := &openapi3.RequestBody{Extensions: extensions(m, bodyKeys)}
	rb.Description = d.text(m["description"], at.at("description"))
	rb.Required = d.boolean(m["required"], at.at("required"))
	rb.Content = d.content(m["content"], at.at("content"))
	r.Value = rb
	return r
}

func (d *fastDecoder) responses(m map[string]any, at *loc) *openapi3.Responses {
	rs := openapi3.NewResponsesWithCapacity(len(m))
	rs.Extensions = map[string]any{}
	for k, v := range m {
		if strings.HasPrefix(k, "x-") {
			rs.Extensions[k] = v
			continue
		}
		rs.Set(k, d.response(v, at.at(k)))
	}
	return rs
}

func (d *fastDecoder) response(v any, at *loc) *openapi3.ResponseRef {
	r := &openapi3.ResponseRef{}
	m := d.inline(v, r, at)
	if m == nil {
		return r
	}
	resp := &openapi3.Response{Extensions: extensions(m, responseKeys)}
	for k, x := range m {
		at := at.at(k)
		switch k {
		case "description":
			if x != nil {
				desc := d.text(x, at)
				resp.Description = &desc
			}
		case "headers":
			d.kin(x, &resp.Headers, at)
		case "content":
			resp.Content = d.content(x, at)
		case "links":
			d.kin(x, &resp.Links, at)
		}
	}
	r.Value = resp
	return r
}

func (d *fastDecoder) content(v any, at *loc) openapi3.Content {
	m, isObject := v.(map[string]any)
	if !isObject {
		if v != nil {
			var c openapi3.Content
			d.kin(v, &c, at)
			return c
		}
		return nil
	}
	c := make(openapi3.Content, len(m))
	for name, x := range m {
		at := at.at(name)
		mt := &openapi3.MediaType{}
		xm, isObject := x.(map[string]any)
		if !isObject || xm["itemSchema"] != nil {
			d.kin(x, mt, at)
			c[name] = mt
			continue
		}
		mt.Extensions = extensions(xm, mediaKeys)
		for k, y := range xm {
			switch k {
			case "schema":
				mt.Schema = d.ref(y, at.at(k))
			case "example":
				mt.Example = y
			case "examples":
				d.kin(y, &mt.Examples, at.at(k))
			case "encoding":
				d.kin(y, &mt.Encoding, at.at(k))
			}
		}
		c[name] = mt
	}
	return c
}

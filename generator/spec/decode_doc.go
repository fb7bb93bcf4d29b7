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

// kin decodes v into dst with kin-openapi's own UnmarshalJSON methods.
func (d *fastDecoder) kin(v any, dst any) {
	b, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(b, dst)
	}
	if err != nil && d.err == nil {
		d.err = err
	}
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
func (d *fastDecoder) document(m map[string]any) *openapi3.T {
	doc := &openapi3.T{Extensions: extensions(m, docKeys)}
	doc.OpenAPI, _ = m["openapi"].(string)
	doc.JSONSchemaDialect, _ = m["jsonSchemaDialect"].(string)
	for k, v := range m {
		switch k {
		case "info":
			d.kin(v, &doc.Info)
		case "servers":
			d.kin(v, &doc.Servers)
		case "security":
			d.kin(v, &doc.Security)
		case "tags":
			d.kin(v, &doc.Tags)
		case "externalDocs":
			d.kin(v, &doc.ExternalDocs)
		case "webhooks":
			d.kin(v, &doc.Webhooks)
		case "components":
			doc.Components = d.components(asObject(v))
		case "paths":
			doc.Paths = d.paths(asObject(v))
		}
	}
	return doc
}

func (d *fastDecoder) components(m map[string]any) *openapi3.Components {
	c := &openapi3.Components{Extensions: extensions(m, componentKeys)}
	for k, v := range m {
		switch k {
		case "schemas":
			c.Schemas = openapi3.Schemas{}
			for name, s := range asObject(v) {
				c.Schemas[name] = d.ref(s)
			}
		case "parameters":
			c.Parameters = openapi3.ParametersMap{}
			for name, p := range asObject(v) {
				c.Parameters[name] = d.parameter(p)
			}
		case "requestBodies":
			c.RequestBodies = openapi3.RequestBodies{}
			for name, rb := range asObject(v) {
				c.RequestBodies[name] = d.requestBody(rb)
			}
		case "responses":
			c.Responses = openapi3.ResponseBodies{}
			for name, r := range asObject(v) {
				c.Responses[name] = d.response(r)
			}
		case "headers":
			d.kin(v, &c.Headers)
		case "securitySchemes":
			d.kin(v, &c.SecuritySchemes)
		case "examples":
			d.kin(v, &c.Examples)
		case "links":
			d.kin(v, &c.Links)
		case "callbacks":
			d.kin(v, &c.Callbacks)
		}
	}
	return c
}

func (d *fastDecoder) paths(m map[string]any) *openapi3.Paths {
	ps := openapi3.NewPathsWithCapacity(len(m))
	for k, v := range m {
		if strings.HasPrefix(k, "x-") {
			if ps.Extensions == nil {
				ps.Extensions = map[string]any{}
			}
			ps.Extensions[k] = v
			continue
		}
		ps.Set(k, d.pathItem(v))
	}
	return ps
}

func (d *fastDecoder) pathItem(v any) *openapi3.PathItem {
	m := asObject(v)
	item := &openapi3.PathItem{}
	if m == nil || m["$ref"] != nil || m["query"] != nil || m["additionalOperations"] != nil {
		d.kin(v, item)
		return item
	}
	item.Extensions = extensions(m, pathItemKeys)
	item.Summary, _ = m["summary"].(string)
	item.Description, _ = m["description"].(string)
	for k, x := range m {
		switch k {
		case "servers":
			d.kin(x, &item.Servers)
		case "parameters":
			item.Parameters = d.parameters(x)
		case "connect", "delete", "get", "head", "options", "patch", "post", "put", "trace":
			item.SetOperation(strings.ToUpper(k), d.operation(x))
		}
	}
	return item
}

func (d *fastDecoder) operation(v any) *openapi3.Operation {
	m := asObject(v)
	op := &openapi3.Operation{}
	if r, present := m["responses"]; m == nil || present && r == nil {
		d.kin(v, op)
		return op
	}
	op.Extensions = extensions(m, operationKeys)
	for k, x := range m {
		switch k {
		case "tags":
			d.kin(x, &op.Tags)
		case "summary":
			op.Summary, _ = x.(string)
		case "description":
			op.Description, _ = x.(string)
		case "operationId":
			op.OperationID, _ = x.(string)
		case "deprecated":
			op.Deprecated, _ = x.(bool)
		case "parameters":
			op.Parameters = d.parameters(x)
		case "requestBody":
			op.RequestBody = d.requestBody(x)
		case "responses":
			op.Responses = d.responses(asObject(x))
		case "callbacks":
			d.kin(x, &op.Callbacks)
		case "security":
			d.kin(x, &op.Security)
		case "servers":
			d.kin(x, &op.Servers)
		case "externalDocs":
			d.kin(x, &op.ExternalDocs)
		}
	}
	return op
}

func (d *fastDecoder) parameters(v any) openapi3.Parameters {
	l := asArray(v)
	out := make(openapi3.Parameters, len(l))
	for i, p := range l {
		out[i] = d.parameter(p)
	}
	return out
}

func (d *fastDecoder) parameter(v any) *openapi3.ParameterRef {
	r := &openapi3.ParameterRef{}
	m, whole := d.open(v, "name", "in", "description", "style")
	if whole || m["$ref"] != nil {
		d.kin(v, r)
		return r
	}
	p := &openapi3.Parameter{Extensions: extensions(m, parameterKeys)}
	p.Name, _ = m["name"].(string)
	p.In, _ = m["in"].(string)
	p.Description, _ = m["description"].(string)
	p.Style, _ = m["style"].(string)
	for k, x := range m {
		switch k {
		case "explode":
			b, _ := x.(bool)
			p.Explode = &b
		case "allowEmptyValue":
			p.AllowEmptyValue, _ = x.(bool)
		case "allowReserved":
			p.AllowReserved, _ = x.(bool)
		case "deprecated":
			p.Deprecated, _ = x.(bool)
		case "required":
			p.Required, _ = x.(bool)
		case "schema":
			p.Schema = d.ref(x)
		case "example":
			p.Example = x
		case "examples":
			d.kin(x, &p.Examples)
		case "content":
			p.Content = d.content(x)
		}
	}
	r.Value = p
	return r
}

// open returns v as an object, or whole = true when kin-openapi is to
// decode it: not an object, a reference (small; kin-openapi keeps its
// siblings as it sees fit), or fields of the wrong type (see typed).
func (d *fastDecoder) open(v any, strs ...string) (m map[string]any, whole bool) {
	m = asObject(v)
	return m, m == nil || m["$ref"] != nil || !d.typed(m, strs...)
}

// typed reports whether m's string fields are strings and its flags
// booleans; if not, kin-openapi decodes the object (and says what is
// wrong with it).
func (d *fastDecoder) typed(m map[string]any, strs ...string) bool {
	for _, k := range strs {
		if v, ok := m[k]; ok {
			if _, isStr := v.(string); !isStr {
				return false
			}
		}
	}
	for _, k := range []string{"explode", "allowEmptyValue", "allowReserved", "deprecated", "required"} {
		if v, ok := m[k]; ok {
			if _, isBool := v.(bool); !isBool {
				return false
			}
		}
	}
	return true
}

func (d *fastDecoder) requestBody(v any) *openapi3.RequestBodyRef {
	r := &openapi3.RequestBodyRef{}
	m, whole := d.open(v, "description")
	if whole || m["$ref"] != nil {
		d.kin(v, r)
		return r
	}
	rb := &openapi3.RequestBody{Extensions: extensions(m, bodyKeys)}
	rb.Description, _ = m["description"].(string)
	rb.Required, _ = m["required"].(bool)
	rb.Content = d.content(m["content"])
	r.Value = rb
	return r
}

func (d *fastDecoder) responses(m map[string]any) *openapi3.Responses {
	rs := openapi3.NewResponsesWithCapacity(len(m))
	rs.Extensions = map[string]any{}
	for k, v := range m {
		if strings.HasPrefix(k, "x-") {
			rs.Extensions[k] = v
			continue
		}
		rs.Set(k, d.response(v))
	}
	return rs
}

func (d *fastDecoder) response(v any) *openapi3.ResponseRef {
	r := &openapi3.ResponseRef{}
	m, whole := d.open(v, "description")
	if whole || m["$ref"] != nil {
		d.kin(v, r)
		return r
	}
	resp := &openapi3.Response{Extensions: extensions(m, responseKeys)}
	if desc, ok := m["description"].(string); ok {
		resp.Description = &desc
	}
	for k, x := range m {
		switch k {
		case "headers":
			d.kin(x, &resp.Headers)
		case "content":
			resp.Content = d.content(x)
		case "links":
			d.kin(x, &resp.Links)
		}
	}
	r.Value = resp
	return r
}

func (d *fastDecoder) content(v any) openapi3.Content {
	m := asObject(v)
	if m == nil {
		if v != nil {
			var c openapi3.Content
			d.kin(v, &c)
			return c
		}
		return nil
	}
	c := make(openapi3.Content, len(m))
	for name, x := range m {
		mt := &openapi3.MediaType{}
		xm := asObject(x)
		if xm == nil || xm["itemSchema"] != nil {
			d.kin(x, mt)
			c[name] = mt
			continue
		}
		mt.Extensions = extensions(xm, mediaKeys)
		for k, y := range xm {
			switch k {
			case "schema":
				mt.Schema = d.ref(y)
			case "example":
				mt.Example = y
			case "examples":
				d.kin(y, &mt.Examples)
			case "encoding":
				d.kin(y, &mt.Encoding)
			}
		}
		c[name] = mt
	}
	return c
}

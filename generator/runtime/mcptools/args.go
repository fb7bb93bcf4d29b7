package mcptools

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
)

// argError reports invalid tool arguments; errorResult tells the model how
// to fix them.
type argError struct {
	msg string
}

func (e *argError) Error() string { return e.msg }

// argsOf returns the call's arguments as a map. Arguments set
// programmatically as another Go value go through JSON; anything that is
// not a JSON object yields an *argError.
func argsOf(tool string, req mcp.CallToolRequest) (map[string]any, error) {
	args := req.GetArguments()
	if args == nil && req.Params.Arguments != nil {
		b, err := json.Marshal(req.Params.Arguments)
		if err == nil {
			err = json.Unmarshal(b, &args)
		}
		if err != nil {
			return nil, &argError{fmt.Sprintf("arguments for %s must be a JSON object", tool)}
		}
	}
	if args == nil {
		args = map[string]any{}
	}
	return args, nil
}

// unknownArgs fails unless every argument name is in allowed, which must
// be sorted.
func unknownArgs(tool string, args map[string]any, allowed []string) error {
	var unknown []string
	for name := range args {
		if _, ok := slices.BinarySearch(allowed, name); !ok {
			unknown = append(unknown, fmt.Sprintf("%q", name))
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	slices.Sort(unknown)
	plural := ""
	if len(unknown) > 1 {
		plural = "s"
	}
	valid := "it takes no arguments"
	if len(allowed) > 0 {
		valid = "valid arguments: " + strings.Join(allowed, ", ")
	}
	return &argError{fmt.Sprintf("unknown argument%s %s for %s; %s", plural, strings.Join(unknown, ", "), tool, valid)}
}

// checkTypes checks the JSON type of every given argument (and of the
// elements of array arguments) against the tool's input schema. A single
// value where the schema wants an array of such values is accepted and
// becomes a one-element list, as Dub accepts it. It returns the arguments
// with such values wrapped.
func checkTypes(args map[string]any, props map[string]map[string]any) (map[string]any, error) {
	var buf [argNamesOnStack]string
	for _, name := range sortedArgNames(args, buf[:]) {
		v := args[name]
		schema, ok := props[name]
		if v == nil || !ok {
			continue
		}
		want, _ := schema["type"].(string)
		if want == "array" {
			if _, isList := v.([]any); !isList {
				items, _ := schema["items"].(map[string]any)
				itemType, _ := items["type"].(string)
				if itemType == "" || itemType == "array" || !isJSONType(v, itemType) {
					return nil, typeError(name, want, v)
				}
				v = []any{v}
				args[name] = v
			}
			items, _ := schema["items"].(map[string]any)
			itemType, _ := items["type"].(string)
			for i, e := range v.([]any) {
				if e != nil && !isJSONType(e, itemType) {
					return nil, typeError(fmt.Sprintf("%s[%d]", name, i), itemType, e)
				}
			}
			continue
		}
		if !isJSONType(v, want) {
			return nil, typeError(name, want, v)
		}
	}
	return args, nil
}

// typeError says which JSON type an argument should have had.
func typeError(name, want string, v any) error {
	return &argError{fmt.Sprintf("argument %q: expected %s, got %s", name, want, jsonKindOf(v))}
}

// jsonKindOf names the JSON type of v for messages; a fraction is shown
// with its value, since it is only wrong where an integer is due.
func jsonKindOf(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	if f, ok := number(v); ok {
		if f != math.Trunc(f) {
			return "number " + jsonText(v)
		}
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

// argNamesOnStack is how many argument names the per-call checks sort
// without allocating (more still work, on the heap).
const argNamesOnStack = 16

// sortedArgNames returns the names of args, sorted, in buf's storage when
// it has room: callers pass a stack array, so that the checks run on
// every call allocate nothing for it.
func sortedArgNames(args map[string]any, buf []string) []string {
	names := buf[:0]
	for name := range args {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

package dubmcp

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
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

// decodeArgs decodes the call's arguments into each of dst (pointers to
// structs with json tags), after checking that every argument name is in
// allowed, which must be sorted. Absent arguments ("null" or missing)
// leave the fields untouched. Invalid arguments yield an *argError.
func decodeArgs(tool string, req mcp.CallToolRequest, allowed []string, dst ...any) error {
	args := req.GetArguments()
	if args == nil && req.Params.Arguments != nil {
		// Not a map[string]any, e.g. set programmatically: go through JSON.
		b, err := json.Marshal(req.Params.Arguments)
		if err == nil {
			err = json.Unmarshal(b, &args)
		}
		if err != nil {
			return &argError{fmt.Sprintf("arguments for %s must be a JSON object", tool)}
		}
	}

	var unknown []string
	for name := range args {
		if _, ok := slices.BinarySearch(allowed, name); !ok {
			unknown = append(unknown, fmt.Sprintf("%q", name))
		}
	}
	if len(unknown) > 0 {
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

	if args == nil {
		args = map[string]any{}
	}
	raw, err := json.Marshal(args)
	if err != nil {
		return &argError{fmt.Sprintf("arguments for %s: %v", tool, err)}
	}
	for _, d := range dst {
		if err := json.Unmarshal(raw, d); err != nil {
			return argumentError(err)
		}
	}
	return nil
}

// argumentError turns a decoding error into an *argError naming the
// argument and, for type mismatches, the expected JSON type.
func argumentError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		if typeErr.Field == "" {
			return &argError{fmt.Sprintf("expected %s, got %s", jsonTypeName(typeErr.Type), typeErr.Value)}
		}
		return &argError{fmt.Sprintf("argument %q: expected %s, got %s", typeErr.Field, jsonTypeName(typeErr.Type), typeErr.Value)}
	}
	return &argError{err.Error()}
}

// jsonTypeName describes the JSON value that decodes into a Go type t.
func jsonTypeName(t reflect.Type) string {
	if t == nil {
		return "a different type"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	}
	return t.String()
}

package apiclient

import (
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

// AddQuery adds the query parameter name=v to q, which must be non-nil.
// A nil pointer adds nothing; other pointers are dereferenced.
func AddQuery[T any](q url.Values, name string, v T) {
	if s, ok := formatQuery(reflect.ValueOf(any(v))); ok {
		q.Add(name, s)
	}
}

// AddQueryList adds the values vs for name to q, which must be non-nil. If
// explode is true each value is added under its own key (a=1&a=2);
// otherwise they are joined by commas into one (a=1,2). An empty list adds
// nothing.
func AddQueryList[T any](q url.Values, name string, vs []T, explode bool) {
	strs := make([]string, 0, len(vs))
	for _, v := range vs {
		if s, ok := formatQuery(reflect.ValueOf(any(v))); ok {
			strs = append(strs, s)
		}
	}
	if len(strs) == 0 {
		return
	}
	if explode {
		for _, s := range strs {
			q.Add(name, s)
		}
		return
	}
	q.Add(name, strings.Join(strs, ","))
}

// QueryValue renders v as a path or query value, as [AddQuery] does
// (nil gives "").
func QueryValue(v any) string {
	s, _ := formatQuery(reflect.ValueOf(v))
	return s
}

// formatQuery renders v as a query value. A fmt.Stringer formats itself;
// string, bool, integer and float kinds (including named types such as
// enums) use strconv, floats without an exponent. It reports false for nil.
func formatQuery(v reflect.Value) (string, bool) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "", false
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return "", false
	}
	if s, ok := v.Interface().(fmt.Stringer); ok {
		return s.String(), true
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), true
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10), true
	case reflect.Float32:
		return strconv.FormatFloat(v.Float(), 'f', -1, 32), true
	case reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'f', -1, 64), true
	}
	return fmt.Sprint(v.Interface()), true
}

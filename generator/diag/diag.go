// Package diag holds the warnings and errors the generator reports about its
// inputs (specs and overlays), each with the place it applies to.
package diag

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Severity says whether a diagnostic stops generation.
type Severity int

// Severities.
const (
	Warning Severity = iota
	Error
)

// String returns "warning" or "error".
func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Diagnostic is one finding about an input.
type Diagnostic struct {
	Severity Severity
	// Where names the place: "GET /links (getLinks) parameter tagIds",
	// "components.schemas.LinkSchema", or "overlays/dub.yaml:12:5".
	Where string
	// Msg says what is wrong.
	Msg string
}

// String formats the diagnostic as "severity: where: msg".
func (d Diagnostic) String() string {
	if d.Where == "" {
		return fmt.Sprintf("%s: %s", d.Severity, d.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", d.Severity, d.Where, d.Msg)
}

// List collects diagnostics.
type List []Diagnostic

// Warnf records a warning.
func (l *List) Warnf(where, format string, args ...any) {
	*l = append(*l, Diagnostic{Severity: Warning, Where: where, Msg: fmt.Sprintf(format, args...)})
}

// Errorf records an error.
func (l *List) Errorf(where, format string, args ...any) {
	*l = append(*l, Diagnostic{Severity: Error, Where: where, Msg: fmt.Sprintf(format, args...)})
}

// Errors returns the error-level diagnostics.
func (l List) Errors() List {
	var out List
	for _, d := range l {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Err returns nil when l holds no errors, else an error listing them.
func (l List) Err() error {
	errs := l.Errors()
	if len(errs) == 0 {
		return nil
	}
	return &Failure{List: errs}
}

// Print writes every diagnostic on its own line, in a stable order.
func (l List) Print(w io.Writer) {
	for _, d := range l.Sorted() {
		fmt.Fprintln(w, d.String())
	}
}

// Sorted returns a copy ordered by place, then message.
func (l List) Sorted() List {
	out := append(List(nil), l...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Where != out[j].Where {
			return out[i].Where < out[j].Where
		}
		return out[i].Msg < out[j].Msg
	})
	return out
}

// Failure is the error returned when generation cannot go on.
type Failure struct {
	List List
}

// Error lists every error-level diagnostic.
func (f *Failure) Error() string {
	lines := make([]string, 0, len(f.List))
	for _, d := range f.List {
		lines = append(lines, d.String())
	}
	return strings.Join(lines, "\n")
}

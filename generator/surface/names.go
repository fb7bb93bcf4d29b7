package surface

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/naming"
)

// toolName is the tool name an operation gets: its operationId in
// snake_case, spelled in ASCII. An id that starts with a digit gets the
// method in front ("1d_stats" → get_1d_stats); one without a letter
// ("_", "-", "123") gives the method and route (POST /links →
// post_links).
func toolName(op *model.Operation) string {
	n := naming.Snake(naming.ASCII(op.ID))
	switch {
	case !strings.ContainsAny(n, "abcdefghijklmnopqrstuvwxyz"):
		return naming.Snake(strings.ToLower(op.Method) + " " + naming.ASCII(op.Path))
	case n[0] < 'a' || n[0] > 'z':
		return strings.ToLower(op.Method) + "_" + n
	}
	return n
}

// derivedName says why t's name is not its operationId in snake_case
// ("" when it is).
func derivedName(t *Tool) string {
	if t.Name == naming.Snake(t.Op.ID) {
		return ""
	}
	return fmt.Sprintf("operationId %q gives no portable tool name as it is", t.Op.ID)
}

// unclaimed returns name, or name_2, name_3, ... if taken.
func unclaimed(name string, taken map[string]string) string {
	out := name
	for i := 2; ; i++ {
		if _, dup := taken[out]; !dup {
			return out
		}
		out = name + "_" + strconv.Itoa(i)
	}
}

// opWhere locates an operation in diagnostics: "POST /links (createLink)".
func opWhere(op *model.Operation) string {
	return fmt.Sprintf("%s %s (%s)", op.Method, op.Path, op.ID)
}

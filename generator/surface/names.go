package surface

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dubgen/dubgen/generator/model"
	"github.com/dubgen/dubgen/generator/naming"
	"github.com/dubgen/dubgen/generator/portable"
)

// maxName is the longest tool name clients accept behind their prefix.
const maxName = portable.MaxName - len(portable.Prefix)

// toolName is the tool name an operation gets, and why it is not its
// operationId in snake_case ("" when it is). The id is spelled in ASCII;
// one that starts with a digit gets the method in front ("1d_stats" →
// get_1d_stats); one without a letter ("_", "-", "123") gives the method
// and route (POST /links → post_links); a name longer than clients
// accept is cut at a word.
func toolName(op *model.Operation) (name, why string) {
	n := naming.Snake(naming.ASCII(op.ID))
	switch {
	case !strings.ContainsAny(n, "abcdefghijklmnopqrstuvwxyz"):
		n = naming.Snake(strings.ToLower(op.Method) + " " + naming.ASCII(op.Path))
	case n[0] < 'a' || n[0] > 'z':
		n = strings.ToLower(op.Method) + "_" + n
	}
	if len(n) > maxName {
		return fit(n, maxName), fmt.Sprintf("operationId %q gives a tool name longer than the %d characters clients accept with their prefix", op.ID, maxName)
	}
	if n != naming.Snake(op.ID) {
		return n, fmt.Sprintf("operationId %q gives no portable tool name as it is", op.ID)
	}
	return n, ""
}

// fit cuts name to at most max bytes, at a word if one ends there.
func fit(name string, max int) string {
	if len(name) <= max {
		return name
	}
	cut := name[:max]
	if i := strings.LastIndexByte(cut, '_'); i > 0 {
		cut = cut[:i]
	}
	return cut
}

// unclaimed returns name, or name_2, name_3, ... (cut to fit) if taken.
func unclaimed(name string, taken map[string]string) string {
	out := name
	for i := 2; ; i++ {
		if _, dup := taken[out]; !dup {
			return out
		}
		suffix := "_" + strconv.Itoa(i)
		out = fit(name, maxName-len(suffix)) + suffix
	}
}

// opWhere locates an operation in diagnostics: "POST /links (createLink)".
func opWhere(op *model.Operation) string {
	return fmt.Sprintf("%s %s (%s)", op.Method, op.Path, op.ID)
}

package budget

import (
	"fmt"
	"io"
	"strings"
)

// Remedy says what to do about an overrun; every report of one ends with it.
const Remedy = "budgets inform, they do not block: the code was generated. To clear the overrun, " +
	"shorten the largest tools (overlay: a shorter description, hidden fields, fieldsOf/describedBy " +
	"for fields other tools already list) or, after review, raise the budget in the overlay's budgets: " +
	"section; `make surface-report` lists the largest tools"

// Parts describes what a tool's bytes are made of, to show what grew:
// "update_link 8321 (input 7012, output 0, description 410)".
func (t Tool) Parts() string {
	return fmt.Sprintf("%s %d (input %d, output %d, description %d)", t.Name, t.Bytes, t.Input, t.Output, t.Description)
}

// WriteOverruns writes one line per violation, then the largest tools
// concerned with their parts, then the remedy. It writes nothing for none.
func WriteOverruns(w io.Writer, prefix string, vs []Violation) {
	if len(vs) == 0 {
		return
	}
	seen := map[string]bool{}
	var tools []string
	for _, v := range vs {
		fmt.Fprintf(w, "%s%s\n", prefix, v)
		for _, t := range v.Largest {
			if !seen[t.Name] {
				seen[t.Name] = true
				tools = append(tools, t.Parts())
			}
		}
	}
	fmt.Fprintf(w, "%slargest tools concerned: %s\n", prefix, strings.Join(tools, "; "))
	fmt.Fprintf(w, "%s%s\n", prefix, Remedy)
}

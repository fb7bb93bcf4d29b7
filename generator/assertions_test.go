package generator

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoUncheckedTypeAssertions: the generator reads specs, overlays and
// JSON schemas whose shapes it does not control, so every type assertion
// in its (non-test) code is the checked v, ok := x.(T) form (ok not
// discarded) or a type switch; a wrong shape then becomes an error naming where, never a panic
// or a silent zero value.
func TestNoUncheckedTypeAssertions(t *testing.T) {
	bad := uncheckedAssertions(t, ".")
	for _, b := range bad {
		t.Error(b)
	}
	t.Logf("%d unchecked type assertions", len(bad))
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

// uncheckedAssertions lists x.(T) expressions under root whose result is
// used without looking at the ok flag (v := x.(T) and v, _ := x.(T)).
func uncheckedAssertions(t *testing.T, root string) []string {
	var bad []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "runtime") {
			return filepath.SkipDir // generated fixtures; the runtime packages are checked where they live
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		checked := map[*ast.TypeAssertExpr]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == 2 && len(n.Rhs) == 1 && !isBlank(n.Lhs[1]) {
					if ta, ok := ast.Unparen(n.Rhs[0]).(*ast.TypeAssertExpr); ok {
						checked[ta] = true
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == 2 && len(n.Values) == 1 && n.Names[1].Name != "_" {
					if ta, ok := ast.Unparen(n.Values[0]).(*ast.TypeAssertExpr); ok {
						checked[ta] = true
					}
				}
			case *ast.TypeAssertExpr:
				if n.Type != nil && !checked[n] { // n.Type == nil is x.(type) in a switch
					bad = append(bad, fset.Position(n.Pos()).String()+": unchecked type assertion")
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return bad
}

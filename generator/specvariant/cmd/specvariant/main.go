// Command specvariant writes a variant of an OpenAPI 3.0 JSON document:
//
//	go run ./generator/specvariant/cmd/specvariant -to31 IN OUT
//	go run ./generator/specvariant/cmd/specvariant -shape wide-object IN OUT
//
// -to31 rewrites the document as OpenAPI 3.1 (see specvariant.To31);
// -shape injects one of the shapes of specvariant.Shapes into an operation.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/dubgen/dubgen/generator/specvariant"
)

func main() {
	to31 := flag.Bool("to31", false, "rewrite as OpenAPI 3.1")
	shape := flag.String("shape", "", "inject a shape: "+strings.Join(specvariant.ShapeNames(), ", "))
	op := flag.String("op", "", "operationId to inject the shape into (default: the first operation with a JSON object body)")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: specvariant [-to31] [-shape NAME [-op ID]] IN.json OUT.json")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), flag.Arg(1), *to31, *shape, *op); err != nil {
		fmt.Fprintln(os.Stderr, "specvariant:", err)
		os.Exit(1)
	}
}

func run(in, out string, to31 bool, shape, op string) error {
	d, err := specvariant.Read(in)
	if err != nil {
		return err
	}
	if shape != "" {
		if err := specvariant.Inject(d, shape, op); err != nil {
			return err
		}
	}
	if to31 {
		specvariant.To31(d)
	}
	return specvariant.Write(out, d)
}

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// setUsage makes fs print lines (a synopsis, a blank line, an explanation)
// and then its flags.
func setUsage(fs *flag.FlagSet, w io.Writer, lines ...string) {
	fs.Usage = func() {
		for _, l := range lines {
			fmt.Fprintln(w, l)
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Flags:")
		fs.PrintDefaults()
	}
}

// parseArgs parses args into fs. When it returns false the command must
// stop with the returned status: 0 after --help, 2 on a bad flag (the
// flag package has printed why).
func parseArgs(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}

package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/stance-nlp/stance/classifier"
)

// writeVersion writes what a bug report needs to name this stance: the
// module version the binary was built from (with the commit, when the
// build recorded one), the Go release that built it, and the model file
// format it writes and those it reads.
func writeVersion(w io.Writer) error {
	version, commit, modified := "(unknown)", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		version = bi.Main.Version
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	fmt.Fprintf(w, "stance %s", version)
	if commit != "" {
		fmt.Fprintf(w, " (commit %.12s", commit)
		if modified {
			fmt.Fprint(w, ", modified")
		}
		fmt.Fprint(w, ")")
	}
	_, err := fmt.Fprintf(w, "\n%s %s/%s\nmodel file format %d (reads formats %d, %d and %d)\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH,
		classifier.FormatVersion, classifier.FormatPlain, classifier.FormatGroups, classifier.FormatVersion)
	return err
}

package seeds

import (
	"embed"
	"io/fs"
	"slices"
)

//go:embed *.txt
var files embed.FS

// File is one embedded seed document.
type File struct {
	Name string // base name, e.g. 000_80490c9b2aeffcca.txt
	Data []byte
}

// Files returns the seed documents in name order.
func Files() []File {
	names, err := fs.Glob(files, "*.txt")
	if err != nil {
		panic("seeds: " + err.Error()) // the pattern is a constant
	}
	slices.Sort(names)
	out := make([]File, len(names))
	for i, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			panic("seeds: " + err.Error())
		}
		out[i] = File{Name: n, Data: b}
	}
	return out
}

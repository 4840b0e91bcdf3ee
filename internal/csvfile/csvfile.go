package csvfile

import (
	"fmt"
	"os"
	"slices"

	"github.com/stance-nlp/stance/data"
)

// Read returns the rows of the comma-separated file at path, each cut down
// to the fields of the named columns in the order named:
//
//	rows[i][j] = the field of column names[j] in the file's row i+1
//
// The header row is not among them. A column missing from the header is an
// error naming the file and the columns it has. The whole file is held in
// memory.
func Read(path string, names ...string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := data.NewCSVReader(f, path)
	if err != nil {
		return nil, err
	}
	header := r.Header()
	cols := make([]int, len(names))
	for j, name := range names {
		if cols[j] = slices.Index(header, name); cols[j] < 0 {
			return nil, fmt.Errorf("%s: no column %q; columns are: %s", path, name, data.QuoteList(header))
		}
	}
	records, err := data.ReadAll(r)
	if err != nil {
		return nil, err
	}
	rows := make([][]string, len(records))
	for i, rec := range records {
		rows[i] = make([]string, len(cols))
		for j, c := range cols {
			rows[i][j] = rec[c]
		}
	}
	return rows, nil
}

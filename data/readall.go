package data

import "io"

// ReadAll reads the remaining records of r and returns their fields, like
// csv.Reader.ReadAll. It holds the whole input in memory: use it for
// small inputs (training sets, tests), and Read for streams.
func ReadAll(r Reader) ([][]string, error) {
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, rec.Fields)
	}
}

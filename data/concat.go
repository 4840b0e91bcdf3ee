package data

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Concat writes the records of every reader, in order, to w as one table:
// a header that is the union of the readers' headers (columns in order of
// first appearance), then every record with its fields under their
// columns and "" under the columns its reader lacks. done, when not nil,
// is called after each reader is exhausted with its index and its number
// of records. It returns the number of records written; w is flushed.
func Concat(w *Writer, readers []Reader, done func(i, n int)) (int, error) {
	var header []string
	headers := make([][]string, len(readers))
	for i, r := range readers {
		headers[i] = r.Header()
		for _, c := range headers[i] {
			if !slices.Contains(header, c) {
				header = append(header, c)
			}
		}
	}
	if err := w.Write(header); err != nil {
		return 0, err
	}
	total := 0
	for i, r := range readers {
		// src[k] is the field of r under column k of header, -1 for none;
		// nil when r's header is the union itself.
		var src []int
		if !slices.Equal(headers[i], header) {
			src = make([]int, len(header))
			for k, c := range header {
				src[k] = slices.Index(headers[i], c)
			}
		}
		n := 0
		out := make([]string, len(header))
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return total, err
			}
			fields := rec.Fields
			if src != nil {
				for k, j := range src {
					out[k] = ""
					if j >= 0 && j < len(fields) {
						out[k] = fields[j]
					}
				}
				fields = out
			}
			if err := w.Write(fields); err != nil {
				return total, err
			}
			n++
			total++
		}
		if done != nil {
			done(i, n)
		}
	}
	w.Flush()
	return total, w.Error()
}

// ParseDelimiter returns the CSV separator named by s, ignoring case:
// "auto" or "" (0: sniff it), ",", ";", "|", "tab" (or a tab, or `\t`),
// "comma", "semicolon" or "pipe".
func ParseDelimiter(s string) (rune, error) {
	switch strings.ToLower(s) {
	case "auto", "":
		return 0, nil
	case "tab", `\t`, "\t":
		return '\t', nil
	case ",", ";", "|":
		return rune(s[0]), nil
	case "comma":
		return ',', nil
	case "semicolon":
		return ';', nil
	case "pipe":
		return '|', nil
	}
	return 0, fmt.Errorf("%q: want auto, ',', ';', tab or '|'", s)
}

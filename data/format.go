package data

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Format names an input format.
type Format int

// The input formats. FormatAuto picks one from the file name.
const (
	FormatAuto Format = iota
	FormatCSV
	FormatJSONL
	FormatThread
)

// String returns the name ParseFormat accepts for f.
func (f Format) String() string {
	switch f {
	case FormatAuto:
		return "auto"
	case FormatCSV:
		return "csv"
	case FormatJSONL:
		return "jsonl"
	case FormatThread:
		return "thread"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ParseFormat returns the Format named s, ignoring case: "auto", "csv",
// "jsonl" (or "ndjson") and "thread" (or "txt", "text").
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "auto":
		return FormatAuto, nil
	case "csv":
		return FormatCSV, nil
	case "jsonl", "ndjson":
		return FormatJSONL, nil
	case "thread", "txt", "text":
		return FormatThread, nil
	}
	return FormatAuto, fmt.Errorf("unknown format %q (want auto, csv, jsonl or thread)", s)
}

// DetectFormat returns the format of path judging by its extension, ignoring
// case: .csv and .tsv are FormatCSV, .jsonl and .ndjson FormatJSONL, and
// anything else (including "-" for standard input) FormatThread.
func DetectFormat(path string) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv":
		return FormatCSV
	case ".jsonl", ".ndjson":
		return FormatJSONL
	}
	return FormatThread
}

// Open returns a Reader for r in format f; file names the input in errors
// and in the source column. FormatAuto uses DetectFormat(file). CSV input
// whose file name ends in .tsv is read with tab as the separator.
func Open(r io.Reader, file string, f Format) (Reader, error) {
	if f == FormatAuto {
		f = DetectFormat(file)
	}
	switch f {
	case FormatCSV:
		comma := ','
		if strings.EqualFold(filepath.Ext(file), ".tsv") {
			comma = '\t'
		}
		return newDelimitedReader(r, file, comma)
	case FormatJSONL:
		return NewJSONLReader(r, file)
	case FormatThread:
		return NewThreadReader(r, file), nil
	}
	return nil, fmt.Errorf("%s: unknown format %v", file, f)
}

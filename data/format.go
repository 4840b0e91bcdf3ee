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
//
// A final .gz is looked through (data.csv.gz is CSV): gzip input is
// recognised by its first bytes and read decompressed whatever its name.
func DetectFormat(path string) Format {
	switch nameExt(path) {
	case ".csv", ".tsv":
		return FormatCSV
	case ".jsonl", ".ndjson":
		return FormatJSONL
	}
	return FormatThread
}

// Options configures OpenWith.
type Options struct {
	// Delimiter is the CSV field separator; 0 sniffs it from the header
	// line (',' ';' '\t' or '|'; see Diagnostics.Sniffed). A .tsv file name
	// means '\t' unless Delimiter is set. A first line "sep=X", as Excel
	// writes, is consumed rather than read as the header, and gives the
	// separator when Delimiter is 0 (Diagnostics.SepLine).
	Delimiter rune
	// Lenient passes ragged CSV rows (wrong number of fields) through with
	// a note instead of failing: short rows are padded with empty fields,
	// and the extra fields of long rows are joined, with the delimiter,
	// onto the last field, so nothing is lost.
	Lenient bool
	// MaxRecordBytes bounds the input one record may span, so that memory
	// stays bounded whatever the input: a quote never closed, a JSON line
	// or a thread comment without end. 0 means DefaultMaxRecordBytes; a
	// negative value, no limit. A longer record is a *ParseError wrapping
	// ErrRecordTooLong. The readers read ahead up to 4 KiB, so the limit
	// holds to within that: it is meant for megabytes, not bytes.
	MaxRecordBytes int64
}

// Open returns a Reader for r in format f; file names the input in errors
// and in the source column. FormatAuto uses DetectFormat(file). CSV input
// whose file name ends in .tsv is read with tab as the separator; other CSV
// input has its separator sniffed from the header line.
func Open(r io.Reader, file string, f Format) (Reader, error) {
	return OpenWith(r, file, f, Options{})
}

// OpenWith is Open with options. Open(r, file, f) == OpenWith(r, file, f, Options{}).
// Delimiter and Lenient only concern CSV, and other formats ignore them,
// so that a command can pass the same options for every input whatever
// its format; MaxRecordBytes applies to all.
// Every Reader it returns implements Diagnoser.
//
// Whatever the format, gzip input is decompressed and UTF-16 with a byte
// order mark decoded (Diagnostics.Decoded says so), and a workbook or zip
// archive is an error wrapping ErrNotText.
func OpenWith(r io.Reader, file string, f Format, opt Options) (Reader, error) {
	if f == FormatAuto {
		f = DetectFormat(file)
	}
	r, decoded, err := decodeInput(r, file)
	if err != nil {
		return nil, err
	}
	switch f {
	case FormatCSV:
		if opt.Delimiter == 0 && nameExt(file) == ".tsv" {
			opt.Delimiter = '\t'
		}
		c, err := newCSVReader(r, file, opt)
		if err != nil {
			return nil, err
		}
		c.diag.Decoded = decoded
		return c, nil
	case FormatJSONL:
		j, err := newJSONLReader(r, file, opt.MaxRecordBytes)
		if err != nil {
			return nil, err
		}
		j.diag.Decoded = decoded
		return j, nil
	case FormatThread:
		t := newThreadReader(r, file, opt.MaxRecordBytes)
		t.diag.Decoded = decoded
		return t, nil
	}
	return nil, fmt.Errorf("%s: unknown format %v", file, f)
}

// nameExt returns the extension of path in lower case, looking through a
// final .gz.
func nameExt(path string) string {
	ext := strings.ToLower(filepath.Ext(path))
	if ext == ".gz" {
		ext = strings.ToLower(filepath.Ext(strings.TrimSuffix(path, filepath.Ext(path))))
	}
	return ext
}

package data

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Record is one row of input.
type Record struct {
	Line   int      // 1-based line in the source file where the record starts
	Fields []string // one value per header column
	// Notes are problems repaired while reading this record, e.g. "invalid
	// UTF-8 replaced by U+FFFD"; nil for a clean record.
	Notes []string
}

// Reader is a stream of records with a fixed header.
type Reader interface {
	// Header returns the column names. The caller may modify the result.
	Header() []string
	// Read returns the next record, or io.EOF after the last one.
	Read() (*Record, error)
}

// CanonicalColumns returns the canonical column names id, source, author,
// location, text. It returns a fresh slice on every call so that no caller
// can change the canonical layout for everyone else.
func CanonicalColumns() []string {
	return []string{"id", "source", "author", "location", "text"}
}

// Indexes of the canonical columns in CanonicalColumns.
const (
	colID = iota
	colSource
	colAuthor
	colLocation
	colText
	numCanonical
)

// SourceName returns the value of the source column for records read from
// file: its base name without extension. Standard input ("-") is "stdin",
// because "-" says nothing to someone reading the output later. A name that
// is not valid UTF-8 has U+FFFD in place of the bad bytes, since it becomes
// a field and every field a Reader returns is valid UTF-8.
func SourceName(file string) string {
	switch file {
	case "":
		return ""
	case "-":
		return "stdin"
	}
	base := filepath.Base(file)
	// A compressed file is named after what it holds: x.csv.gz is x.
	if ext := filepath.Ext(base); strings.EqualFold(ext, ".gz") && ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	if ext := filepath.Ext(base); ext != "" && ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	return strings.ToValidUTF8(base, "\uFFFD")
}

// checkHeader rejects header rows whose names cannot be addressed
// unambiguously by column name later in the pipeline.
func checkHeader(header []string) error {
	seen := make(map[string]int, len(header))
	for i, name := range header {
		if strings.TrimSpace(name) == "" {
			return fmt.Errorf("empty column name in column %d", i+1)
		}
		if j, dup := seen[name]; dup {
			return fmt.Errorf("duplicate column name %q in columns %d and %d", name, j+1, i+1)
		}
		seen[name] = i
	}
	return nil
}

// headerCopy keeps a Reader's header immutable from the outside.
func headerCopy(h []string) []string {
	return append([]string(nil), h...)
}

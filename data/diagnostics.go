package data

import (
	"strings"
	"unicode/utf8"
)

// Diagnostics says what a Reader chose or repaired so far; commands print
// warnings from it after reading.
type Diagnostics struct {
	Delimiter rune // CSV: the field separator in use (0 for other formats)
	Sniffed   bool // Delimiter was sniffed rather than given or implied by .tsv
	// SepLine is set when the input began with Excel's "sep=;" line, which
	// was consumed rather than taken for the header. Without a given
	// delimiter, Delimiter is the one that line names.
	SepLine bool
	// InvalidUTF8 counts records in which invalid UTF-8 was replaced by
	// U+FFFD. A CSV header row with invalid UTF-8 counts as one too: it has
	// no Record to carry a note, and the repair should not go unreported.
	InvalidUTF8 int
	Ragged      int // records Lenient passed through with the wrong field count
	// Decoded says how the input was turned into UTF-8 text: "gzip",
	// "UTF-16 little-endian", "gzip, UTF-16 big-endian"; "" when it was
	// UTF-8 already.
	Decoded string
	// UnnamedColumns counts the empty names that ended a CSV header, as a
	// spreadsheet's trailing separator leaves them, and that were dropped
	// because no row had a value under them.
	UnnamedColumns int
}

// Diagnoser is implemented by every Reader in this package (and by the
// Reader Canonicalize returns, which forwards to the one it wraps).
type Diagnoser interface{ Diagnostics() Diagnostics }

// noteInvalidUTF8 is the Record note for repaired UTF-8. Commands match on
// "UTF-8", so keep that word in it.
const noteInvalidUTF8 = "invalid UTF-8 replaced by U+FFFD"

// repairUTF8 replaces each run of invalid UTF-8 in fields, in place, with
// U+FFFD, and reports whether there was any. The text is kept rather than
// rejected because one mis-encoded byte should not cost a whole comment,
// and U+FFFD shows a reader of the output where the damage was.
func repairUTF8(fields []string) bool {
	bad := false
	for i, s := range fields {
		if !utf8.ValidString(s) {
			fields[i] = strings.ToValidUTF8(s, "\uFFFD")
			bad = true
		}
	}
	return bad
}

package data

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MissingColumn returns the error for a column that header lacks, in the
// words every command uses: `no text column "text"; columns are: "id",
// "Text "`. kind says what the column is for ("text", "label") and flag
// names the flag that sets it. When a column of header differs from name
// only in letter case or surrounding white space (the usual spreadsheet
// slip: "Text", " text", "TEXT "), the error suggests it, with the flag
// that selects it, rather than leaving the user to spot the difference.
func MissingColumn(kind, name string, header []string, flag string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "no %s column %q; columns are: %s", kind, name, QuoteList(header))
	for _, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(name)) {
			fmt.Fprintf(&b, "; did you mean %q?", h)
			if flag != "" {
				fmt.Fprintf(&b, " (%s %s)", flag, shellQuote(h))
			}
			break
		}
	}
	return errors.New(b.String())
}

// Bounds of QuoteList, so that a header of binary garbage or a file with
// thousands of columns gives a message of a few lines.
const (
	maxListedNames = 20
	maxNameBytes   = 60
)

// QuoteList returns the strings of s Go-quoted and comma-separated, so
// that an empty name or one with a trailing space shows. Past 20 names it
// says how many more there are, and a name over 60 bytes is cut (at a
// character boundary) and marked with "...".
func QuoteList(s []string) string {
	var b strings.Builder
	for i, v := range s {
		if i == maxListedNames {
			fmt.Fprintf(&b, ", and %d more", len(s)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		cut := ""
		if len(v) > maxNameBytes {
			n := maxNameBytes
			for n > 0 && !utf8.RuneStart(v[n]) {
				n--
			}
			v, cut = v[:n], "..."
		}
		b.WriteString(strconv.Quote(v) + cut)
	}
	return b.String()
}

// shellQuote returns s as a shell word: bare when it is made of letters,
// digits and "-_.", else in single quotes.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

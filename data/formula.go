package data

import "io"

// FormulaGuard is where a Writer's cells go when they may be opened in a
// spreadsheet. A cell that begins with '=', '+', '-', '@', a tab or a
// carriage return is taken by Excel, LibreOffice and Google Sheets for a
// formula (or, after the tab or CR, trimmed into one), so a scraped
// comment "=HYPERLINK(...)" or "+cmd|' /C calc'!A0" in the output could
// run when the file is opened (OWASP, "CSV Injection").
//
// NewWriter given a *FormulaGuard writes through it to W and checks every
// cell, the header's included. With Neutralize set, such a cell is
// written with a single quote in front, which a spreadsheet shows as text
// and does not evaluate (OWASP's advice); otherwise it is written as it
// is and counted, so that the command can warn. A cell that is a plain
// decimal number ("-0.5", "+3", "1e-3") is neither: it is a number to a
// spreadsheet, not a formula, and quoting it would turn it into text.
//
// Neutralizing changes the data: the quote is part of the cell for any
// other reader (R, pandas, stance itself), which is why it is asked for,
// not done by default.
type FormulaGuard struct {
	W          io.Writer
	Neutralize bool
	// Cells counts the cells that began like a formula: those written
	// with a quote in front when Neutralize is set, else those written
	// as they were.
	Cells int
}

// Write writes p to W: the guard passes bytes through, the checking is
// done cell by cell by the Writer over it.
func (g *FormulaGuard) Write(p []byte) (int, error) { return g.W.Write(p) }

// plainNumber reports whether s is a decimal number as a spreadsheet
// reads one: an optional sign, digits with at most one decimal point (at
// least one digit), and an optional exponent.
func plainNumber(s string) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	n := digits()
	if i < len(s) && s[i] == '.' {
		i++
		n += digits()
	}
	if n == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// FormulaLike reports whether a spreadsheet could take cell s for a
// formula: it begins with '=', '+', '-', '@', a tab or a carriage return
// and is not a plain decimal number.
func FormulaLike(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return !plainNumber(s)
	}
	return false
}

// guard applies g to fields, returning them as they are to be written:
// the same slice when nothing changes, else a copy, since the caller's
// record must not change under it.
func (g *FormulaGuard) guard(fields []string) []string {
	out, copied := fields, false
	for i, f := range fields {
		if !FormulaLike(f) {
			continue
		}
		g.Cells++
		if !g.Neutralize {
			continue
		}
		if !copied {
			out, copied = append([]string(nil), fields...), true
		}
		out[i] = "'" + f
	}
	return out
}

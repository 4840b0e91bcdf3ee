package data

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// sniffLimit bounds how much of the input is examined to find the CSV
// separator, so that a header line without an end cannot make the reader
// hold the whole input.
const sniffLimit = 64 << 10

// sniffCandidates are the separators sniffDelimiter chooses from, in order
// of preference when counts tie: comma first because it is the default.
const sniffCandidates = ",;\t|"

// sniffDelimiter returns the separator used in the header line at the
// start of br without consuming any input: the candidate that occurs most
// often outside double quotes, or ',' if none does. Only the header line is
// looked at because data rows are free text: a header "id;text" followed by
// comments full of commas is still separated by ';'.
//
// Input is peeked only as far as the end of the header line (or sniffLimit
// bytes), so a slow stream, such as a terminal, is not read ahead.
func sniffDelimiter(br *bufio.Reader) (rune, error) {
	var s headerScan
	seen := 0
	for !s.done && seen < sniffLimit {
		// Look at what is buffered, and wait for more only when all of it
		// has been scanned.
		n := min(max(br.Buffered(), seen+1), sniffLimit)
		b, err := br.Peek(n)
		s.scan(b[seen:])
		seen = len(b)
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, bufio.ErrBufferFull) {
				break
			}
			return 0, err
		}
	}
	best, bestN := rune(','), 0
	for i, n := range s.counts {
		if n > bestN {
			best, bestN = rune(sniffCandidates[i]), n
		}
	}
	return best, nil
}

// headerScan counts separator candidates in a header line fed to it in
// pieces.
type headerScan struct {
	counts [len(sniffCandidates)]int
	quoted bool // inside a double-quoted field, where separators are text
	text   bool // the line so far has more than a line ending
	done   bool // the end of the header line was seen
}

func (s *headerScan) scan(b []byte) {
	for _, c := range b {
		switch c {
		case '"':
			// An escaped quote "" toggles twice, which is a no-op, as it
			// should be.
			s.quoted = !s.quoted
			s.text = true
		case '\n':
			// encoding/csv skips blank lines, so the header is the first
			// line with text.
			if !s.quoted && s.text {
				s.done = true
				return
			}
		case '\r':
			// Part of a CRLF line ending, so not text.
		default:
			s.text = true
			if s.quoted {
				continue
			}
			if i := strings.IndexByte(sniffCandidates, c); i >= 0 {
				s.counts[i]++
			}
		}
	}
}

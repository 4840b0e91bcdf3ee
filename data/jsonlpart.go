package data

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// JSONLPart says which part of a JSON Lines file to read: the lines that
// begin within bytes [Start, End). Parts that tile a file, [0, a), [a, b),
// ..., [z, size), read each of its lines exactly once, whatever the
// boundaries, so that a big file can be read by many workers at once. A
// CSV file cannot be cut so, since a quoted field may hold newlines.
type JSONLPart struct {
	Start, End int64
	// NewlinesBefore is the number of '\n' bytes in [0, Start) of the
	// file, which gives the records their line numbers: the sum, over the
	// parts before this one, of the newlines each holds (CountNewlines).
	NewlinesBefore int64
	// Header is the file's header, the keys of its first object, as
	// NewJSONLReader reads it: a part after the first cannot see them.
	Header []string
}

// CountNewlines reads r until io.EOF and returns the number of '\n'
// bytes in it and the number of bytes read.
func CountNewlines(r io.Reader) (newlines, size int64, err error) {
	buf := make([]byte, 1<<16)
	for {
		k, err := r.Read(buf)
		newlines += int64(bytes.Count(buf[:k], []byte{'\n'}))
		size += int64(k)
		if err == io.EOF {
			return newlines, size, nil
		}
		if err != nil {
			return newlines, size, err
		}
	}
}

// NewJSONLPartReader returns a JSONLReader of the records of part p of a
// plain (not compressed, UTF-8) JSON Lines file named file. r reads the
// file from byte p.Start-1, or from 0 when p.Start is 0: the byte before
// the part says whether a line begins at p.Start. Records carry the line
// numbers, and errors the lines, that NewJSONLReader would give them
// reading the whole file; an object whose keys are not p.Header's is the
// same error too. maxRecord is Options.MaxRecordBytes.
func NewJSONLPartReader(r io.Reader, file string, p JSONLPart, maxRecord int64) (*JSONLReader, error) {
	if len(p.Header) == 0 {
		return nil, errors.New("data: a JSONL part needs the file's header")
	}
	pr := &partReader{br: bufio.NewReaderSize(r, 1<<16), pos: p.Start, end: p.End}
	line := p.NewlinesBefore
	if p.Start > 0 {
		// The byte before the part: a newline means a line begins at
		// Start (it was counted in NewlinesBefore); anything else means
		// the line under way belongs to the part before, and the first
		// line of this one starts after the next newline.
		c, err := pr.br.ReadByte()
		if err == io.EOF {
			pr.done = true
		} else if err != nil {
			return nil, ioError(file, err)
		}
		if err == nil && c != '\n' {
			skipped, err := pr.br.ReadSlice('\n')
			for errors.Is(err, bufio.ErrBufferFull) {
				pr.pos += int64(len(skipped))
				skipped, err = pr.br.ReadSlice('\n')
			}
			pr.pos += int64(len(skipped))
			switch {
			case err == io.EOF:
				pr.done = true
			case err != nil:
				return nil, ioError(file, err)
			default:
				line++
			}
		}
	}
	lim := newRecordLimit(pr, maxRecord)
	br := bufio.NewReader(lim)
	if p.Start == 0 {
		if err := skipBOM(br); err != nil {
			return nil, ioError(file, err)
		}
	}
	j := &JSONLReader{br: br, lim: lim, file: file, header: headerCopy(p.Header), line: int(line)}
	j.index = make(map[string]int, len(j.header))
	for i, k := range j.header {
		j.index[k] = i
	}
	return j, nil
}

// partReader passes on the bytes of the lines that begin before end: it
// ends at the first line start at or after end. It starts at a line start.
type partReader struct {
	br     *bufio.Reader
	pos    int64 // file offset of the next byte
	end    int64
	midway bool // the last byte passed on was not a newline
	done   bool
}

func (p *partReader) Read(b []byte) (int, error) {
	if p.done {
		return 0, io.EOF
	}
	if len(b) == 0 {
		return 0, nil
	}
	var n int
	var err error
	switch {
	case p.pos < p.end:
		if room := p.end - p.pos; int64(len(b)) > room {
			b = b[:room]
		}
		n, err = p.br.Read(b)
	case !p.midway:
		// A line begins at or past end: the next part's.
		p.done = true
		return 0, io.EOF
	default:
		// The last line begun before end: up to its newline.
		var peek []byte
		if peek, err = p.br.Peek(1); len(peek) == 0 {
			break
		}
		k := min(len(b), p.br.Buffered())
		peek, _ = p.br.Peek(k)
		if i := bytes.IndexByte(peek, '\n'); i >= 0 {
			k = i + 1
		}
		n, _ = p.br.Read(b[:k])
		err = nil
	}
	p.pos += int64(n)
	if n > 0 {
		p.midway = b[n-1] != '\n'
	}
	if err == io.EOF {
		p.done = true
	}
	return n, err
}

package data

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// JSONLReader reads records from JSON Lines input: one JSON object per
// line. The header is the keys of the first object, in the order they
// appear in the text. It implements Reader and Diagnoser.
type JSONLReader struct {
	br     *bufio.Reader
	lim    *recordLimit // under br
	file   string
	header []string
	index  map[string]int // header name -> column
	line   int            // number of lines consumed so far
	first  *Record        // the record read to learn the header, not yet returned
	diag   Diagnostics
	err    error // sticky non-parse error or io.EOF
}

// NewJSONLReader returns a reader for JSON Lines input named file (used in
// errors) and reads the first object now to learn the header. Blank lines
// are skipped. String values are returned as is, numbers as their literal
// text, true and false as such, null as "", and nested arrays and objects as
// compact JSON text. A line over DefaultMaxRecordBytes is an error.
func NewJSONLReader(r io.Reader, file string) (*JSONLReader, error) {
	return newJSONLReader(r, file, 0)
}

// newJSONLReader is NewJSONLReader with Options.MaxRecordBytes.
func newJSONLReader(r io.Reader, file string, maxRecord int64) (*JSONLReader, error) {
	lim := newRecordLimit(r, maxRecord)
	br := bufio.NewReader(lim)
	if err := skipBOM(br); err != nil {
		return nil, ioError(file, err)
	}
	j := &JSONLReader{br: br, lim: lim, file: file}
	text, err := j.nextLine()
	if errors.Is(err, io.EOF) {
		return nil, ioError(file, ErrEmpty)
	}
	if err != nil {
		return nil, err
	}
	text, bad := repairLine(text)
	keys, values, err := decodeObject(text)
	if err != nil {
		return nil, j.parseError(err)
	}
	if len(keys) == 0 {
		return nil, j.parseError(errors.New("first object has no keys, so there is no header"))
	}
	if err := checkHeader(keys); err != nil {
		return nil, j.parseError(err)
	}
	j.header = keys
	j.index = make(map[string]int, len(keys))
	for i, k := range keys {
		j.index[k] = i
	}
	j.first = j.record(values, bad)
	return j, nil
}

// repairLine replaces invalid UTF-8 in a raw line before it is decoded:
// encoding/json would replace it too, but silently, and the record would
// carry no note.
func repairLine(text string) (string, bool) {
	if utf8.ValidString(text) {
		return text, false
	}
	return strings.ToValidUTF8(text, "\uFFFD"), true
}

// record makes the record for the current line, noting a UTF-8 repair.
func (j *JSONLReader) record(fields []string, bad bool) *Record {
	rec := &Record{Line: j.line, Fields: fields}
	if bad {
		rec.Notes = []string{noteInvalidUTF8}
		j.diag.InvalidUTF8++
	}
	return rec
}

// Diagnostics returns the repairs made so far.
func (j *JSONLReader) Diagnostics() Diagnostics { return j.diag }

// Header returns the keys of the first object.
func (j *JSONLReader) Header() []string { return headerCopy(j.header) }

// Read returns the next record, or io.EOF after the last one. A key that
// the first object did not have is a *ParseError; a missing key yields "".
func (j *JSONLReader) Read() (*Record, error) {
	if j.first != nil {
		rec := j.first
		j.first = nil
		return rec, nil
	}
	if j.err != nil {
		return nil, j.err
	}
	text, err := j.nextLine()
	if err != nil {
		return nil, err
	}
	text, bad := repairLine(text)
	keys, values, err := decodeObject(text)
	if err != nil {
		return nil, j.parseError(err)
	}
	fields := make([]string, len(j.header))
	for i, k := range keys {
		col, ok := j.index[k]
		if !ok {
			return nil, j.parseError(fmt.Errorf("unknown key %q: the header (from the first object) has %s", k, strings.Join(j.header, ", ")))
		}
		fields[col] = values[i]
	}
	return j.record(fields, bad), nil
}

// nextLine returns the next non-blank line. bufio.Reader.ReadString is used
// rather than bufio.Scanner because Scanner cannot read lines over its
// token size limit.
func (j *JSONLReader) nextLine() (string, error) {
	for {
		j.lim.mark()
		s, err := j.br.ReadString('\n')
		if errors.Is(err, ErrRecordTooLong) {
			j.err = &ParseError{File: j.file, Line: j.line + 1, Err: j.lim.tooLong("the line", "")}
			return "", j.err
		}
		if err != nil && !errors.Is(err, io.EOF) {
			j.err = ioError(j.file, err)
			return "", j.err
		}
		if s == "" && err != nil {
			j.err = io.EOF
			return "", io.EOF
		}
		j.line++
		if strings.TrimSpace(s) != "" {
			return s, nil
		}
	}
}

func (j *JSONLReader) parseError(err error) error {
	pe := &ParseError{File: j.file, Line: j.line, Err: err}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		pe.Column = int(se.Offset)
	}
	return pe
}

// decodeObject decodes one JSON object, returning its keys in text order
// and their values as strings. json.Decoder.Token is used because
// unmarshaling into a map would lose the key order the header depends on.
func decodeObject(text string) (keys, values []string, err error) {
	dec := json.NewDecoder(strings.NewReader(text))
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, nil, errors.New("line is not a JSON object")
	}
	seen := make(map[string]bool)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, unexpectedEOF(err)
		}
		key, ok := tok.(string)
		if !ok {
			return nil, nil, fmt.Errorf("object key is %v, not a string", tok)
		}
		if seen[key] {
			return nil, nil, fmt.Errorf("duplicate key %q", key)
		}
		seen[key] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, unexpectedEOF(err)
		}
		v, err := rawString(raw)
		if err != nil {
			return nil, nil, fmt.Errorf("key %q: %w", key, err)
		}
		keys = append(keys, key)
		values = append(values, v)
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return nil, nil, unexpectedEOF(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, nil, errors.New("unexpected data after the JSON object")
	}
	return keys, values, nil
}

// unexpectedEOF reports a truncated object as such rather than as a clean
// end of input.
func unexpectedEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// rawString flattens one JSON value to the text stored in a field.
func rawString(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", io.ErrUnexpectedEOF
	}
	switch raw[0] {
	case '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case 'n':
		return "", nil
	case '{', '[':
		var b bytes.Buffer
		err := json.Compact(&b, raw)
		return b.String(), err
	default:
		// Numbers keep their literal text, so 1.50 stays "1.50" and large
		// integers are not rounded through float64.
		return string(raw), nil
	}
}

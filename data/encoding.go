package data

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Leading bytes that say what an input is before any text is read.
const (
	magicGzip    = "\x1f\x8b"
	magicZip     = "PK\x03\x04"
	magicZipNone = "PK\x05\x06" // an empty zip archive
	magicOLE2    = "\xd0\xcf\x11\xe0"
	bomUTF16LE   = "\xff\xfe"
	bomUTF16BE   = "\xfe\xff"
	bomUTF32LE   = "\xff\xfe\x00\x00"
	bomUTF32BE   = "\x00\x00\xfe\xff"
)

// ErrNotText is wrapped by the error for an input that is a workbook or an
// archive rather than text: a .xlsx or .xls named .csv, a zip file.
var ErrNotText = errors.New("not text")

// decodeInput returns the text of r as the readers take it, UTF-8, and
// what was done to get it ("" when nothing was): a gzip stream is
// decompressed, and UTF-16 with a byte order mark (what Excel's "Unicode
// text" and many Windows tools write) is decoded. A zip archive (.xlsx,
// .ods) and an OLE2 file (.xls) are refused with an error that says how to
// get CSV from them, since read as CSV they give only a puzzling parse
// error on line 1.
//
// Only the bytes the first read brings are looked at, so that a terminal
// is not made to wait for more.
func decodeInput(r io.Reader, file string) (io.Reader, string, error) {
	var how []string
	for range 2 { // gzip, then what the gzip holds
		br, ok := r.(*bufio.Reader)
		if !ok {
			br = bufio.NewReader(r)
			r = br
		}
		if _, err := br.Peek(1); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, "", ioError(file, err)
		}
		peek, _ := br.Peek(min(br.Buffered(), 4))
		b := string(peek)
		switch {
		case strings.HasPrefix(b, magicGzip) && len(how) == 0:
			z, err := gzip.NewReader(br)
			if err != nil {
				return nil, "", ioError(file, fmt.Errorf("gzip: %w", err))
			}
			r = z
			how = append(how, "gzip")
			continue
		case strings.HasPrefix(b, magicZip) || strings.HasPrefix(b, magicZipNone):
			return nil, "", ioError(file, fmt.Errorf("%w: a zip archive (an Excel .xlsx or OpenDocument workbook?); save the sheet as \"CSV UTF-8\", or unzip it", ErrNotText))
		case strings.HasPrefix(b, magicOLE2):
			return nil, "", ioError(file, fmt.Errorf("%w: an old Excel .xls workbook (or another OLE2 file); save the sheet as \"CSV UTF-8\"", ErrNotText))
		case strings.HasPrefix(b, bomUTF32LE) || strings.HasPrefix(b, bomUTF32BE):
			return nil, "", ioError(file, fmt.Errorf("%w: UTF-32 text; re-save it as UTF-8", ErrNotText))
		case strings.HasPrefix(b, bomUTF16LE) || strings.HasPrefix(b, bomUTF16BE):
			big := b[0] == 0xfe
			br.Discard(2)
			r = &utf16Reader{r: br, big: big}
			if big {
				how = append(how, "UTF-16 big-endian")
			} else {
				how = append(how, "UTF-16 little-endian")
			}
		}
		break
	}
	if len(how) == 0 {
		return r, "", nil
	}
	s := how[0]
	if len(how) > 1 {
		s += ", " + how[1]
	}
	return r, s, nil
}

// utf16Reader decodes UTF-16 (after its byte order mark) into UTF-8. An
// unpaired surrogate becomes U+FFFD, as invalid UTF-8 does in the readers;
// an odd byte at the end is an error, since it means the input is not
// UTF-16 at all or was cut.
type utf16Reader struct {
	r   io.Reader
	big bool
	in  []byte // undecoded input: a lone byte, or a high surrogate awaiting its pair
	out []byte // decoded UTF-8 not yet returned
	err error
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		u.fill()
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

// fill reads a chunk and decodes every complete code unit of it.
func (u *utf16Reader) fill() {
	const chunk = 16 << 10
	buf := make([]byte, len(u.in)+chunk)
	copy(buf, u.in)
	n, err := u.r.Read(buf[len(u.in):])
	buf = buf[:len(u.in)+n]
	u.in = u.in[:0]
	i := 0
	for ; i+1 < len(buf); i += 2 {
		c := u.unit(buf[i:])
		if utf16.IsSurrogate(rune(c)) && c < 0xdc00 {
			if i+3 >= len(buf) {
				if err == nil {
					break // the pair's second half comes with the next read
				}
				u.out = utf8.AppendRune(u.out, utf8.RuneError)
				continue
			}
			if r := utf16.DecodeRune(rune(c), rune(u.unit(buf[i+2:]))); r != utf8.RuneError {
				u.out = utf8.AppendRune(u.out, r)
				i += 2
				continue
			}
			u.out = utf8.AppendRune(u.out, utf8.RuneError)
			continue
		}
		if utf16.IsSurrogate(rune(c)) {
			u.out = utf8.AppendRune(u.out, utf8.RuneError)
			continue
		}
		u.out = utf8.AppendRune(u.out, rune(c))
	}
	u.in = append(u.in, buf[i:]...)
	if err != nil {
		if errors.Is(err, io.EOF) && len(u.in) > 0 {
			err = errors.New("UTF-16 input ends in the middle of a character (an odd number of bytes)")
		}
		u.err = err
	}
}

// unit returns the code unit at the start of b in the input's byte order.
func (u *utf16Reader) unit(b []byte) uint16 {
	if u.big {
		return uint16(b[0])<<8 | uint16(b[1])
	}
	return uint16(b[1])<<8 | uint16(b[0])
}

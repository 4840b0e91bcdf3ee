package classifier

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"unicode"
	"unicode/utf8"
)

// MaxTextHashes caps the training-text hashes a model file stores: 8 bytes
// each, 100,000 of them are 800 KB (about 1.1 MB in base64), beside a
// model that is already that large for such a set. A larger training set
// keeps the 100,000 smallest hashes: a bottom-k sketch, which is a uniform
// random sample of its distinct texts, since FNV-1a scatters texts evenly.
const MaxTextHashes = 100_000

// InSampleShare is the share of input rows, among those the check can
// decide, from which the input counts as largely the model's own training
// data: from half on, the labels and confidences reported for it say more
// about what the model memorised than about how it labels new comments.
const InSampleShare = 0.5

// TextHash returns the 64-bit FNV-1a hash of text normalised as the
// in-sample check compares texts: lower-cased, with every run of
// whitespace one space and none at either end, so that a copy re-exported
// through a spreadsheet or re-wrapped still matches. It is 0, never a
// real hash here, for a text that is empty once normalised.
func TextHash(text string) uint64 {
	// FNV-1a over the normalised bytes, normalised on the fly: labelling
	// hashes every row, and building the lower-cased, re-spaced copy
	// first cost three allocations a row.
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	var buf [utf8.UTFMax]byte
	wrote, space := false, false
	for _, r := range text {
		if unicode.IsSpace(r) {
			space = wrote
			continue
		}
		if space {
			h = (h ^ ' ') * prime
			space = false
		}
		for _, c := range utf8.AppendRune(buf[:0], unicode.ToLower(r)) {
			h = (h ^ uint64(c)) * prime
		}
		wrote = true
	}
	switch {
	case !wrote:
		return 0
	case h == 0:
		return 1
	}
	return h
}

// encodeTextHashes returns the sorted distinct hashes of texts, at most
// MaxTextHashes of them (the smallest), as base64 of 8-byte big-endian
// words; "" when no text has one.
func encodeTextHashes(texts []string) string {
	hs := make([]uint64, 0, len(texts))
	for _, t := range texts {
		if h := TextHash(t); h != 0 {
			hs = append(hs, h)
		}
	}
	slices.Sort(hs)
	hs = slices.Compact(hs)
	if len(hs) > MaxTextHashes {
		hs = hs[:MaxTextHashes]
	}
	if len(hs) == 0 {
		return ""
	}
	buf := make([]byte, 8*len(hs))
	for i, h := range hs {
		binary.BigEndian.PutUint64(buf[8*i:], h)
	}
	return base64.StdEncoding.EncodeToString(buf)
}

// InSample counts how many input rows are the model's own training rows,
// by their TextHash against DataInfo.TextHashes. Add each row's text, then
// read the counts.
//
// When the model stores every training hash, Checked counts every row
// with text and Matched those that are training texts. When it stores a
// sketch (more than MaxTextHashes training texts), only rows whose hash
// falls within the sketch's range can be decided: Checked counts those,
// and Matched/Checked estimates the share over all rows.
type InSample struct {
	hashes   []uint64
	limit    uint64 // the largest hash a row may have to be decided
	Sketched bool   // the model stores a sketch: the share is an estimate
	Rows     int    // rows added
	Checked  int    // rows the check could decide
	Matched  int    // rows among Checked whose text is a training text
}

// InSampleCheck returns a check of input against the training texts of b,
// or nil when b stores none (it was written before they were recorded).
// An invalid record is treated as none: the check is advice, and the
// model file's own checksum has already vouched for its contents.
func (b *Bundle) InSampleCheck() *InSample {
	raw, err := base64.StdEncoding.DecodeString(b.Data.TextHashes)
	if err != nil || len(raw) == 0 || len(raw)%8 != 0 {
		return nil
	}
	hs := make([]uint64, len(raw)/8)
	for i := range hs {
		hs[i] = binary.BigEndian.Uint64(raw[8*i:])
	}
	c := &InSample{hashes: hs, limit: math.MaxUint64}
	if b.Data.Rows > len(hs) && len(hs) == MaxTextHashes {
		c.Sketched, c.limit = true, hs[len(hs)-1]
	}
	return c
}

// Add counts one input row by its text.
func (c *InSample) Add(text string) {
	c.Rows++
	h := TextHash(text)
	if h == 0 || h > c.limit {
		return
	}
	c.Checked++
	if _, ok := slices.BinarySearch(c.hashes, h); ok {
		c.Matched++
	}
}

// Share returns Matched / Checked, the share of training rows among the
// rows the check decided (0 when it decided none).
func (c *InSample) Share() float64 {
	if c == nil || c.Checked == 0 {
		return 0
	}
	return float64(c.Matched) / float64(c.Checked)
}

// Largely reports whether the input is largely the training data: a share
// of at least InSampleShare.
func (c *InSample) Largely() bool {
	return c != nil && c.Checked > 0 && c.Share() >= InSampleShare
}

// Message returns the warning for an input that is largely the training
// data, "" otherwise.
func (c *InSample) Message() string {
	if !c.Largely() {
		return ""
	}
	n := fmt.Sprintf("%d of %d rows are", c.Matched, c.Rows)
	if c.Sketched {
		n = fmt.Sprintf("about %.0f of %d rows (%d of the %d rows the sketch decides) are", c.Share()*float64(c.Rows), c.Rows, c.Matched, c.Checked)
	}
	return n + " the model's training rows: their labels and confidences are in-sample, not a measure of accuracy; use stance cv"
}

// Fresh returns a check against the same training texts with no rows
// counted, for one batch of rows counted apart (see Merge); nil for nil.
func (c *InSample) Fresh() *InSample {
	if c == nil {
		return nil
	}
	return &InSample{hashes: c.hashes, limit: c.limit, Sketched: c.Sketched}
}

// Merge adds the counts of o, a Fresh copy of c, to c.
func (c *InSample) Merge(o *InSample) {
	if c == nil || o == nil {
		return
	}
	c.Rows += o.Rows
	c.Checked += o.Checked
	c.Matched += o.Matched
}

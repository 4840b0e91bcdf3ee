package classifier

import (
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"slices"
	"strings"
)

// FieldError is a field of a model file whose value no trainer writes: a
// negative count, an empty or repeated name, a share outside [0, 1]. A
// file that holds one was altered (with its checksum recomputed) or
// written by a broken program; ReadBundle refuses it rather than label
// with it, since such a value surfaces later as a confidence of 1.5 or a
// header stance cannot read back.
type FieldError struct {
	Field   string // the JSON path of the field in the payload, such as columns[0].counts[1]
	Problem string
}

func (e *FieldError) Error() string { return "model file field " + e.Field + ": " + e.Problem }

// maxCount bounds every count a model file holds (documents, words,
// rows): far above any corpus, and low enough that summing a few million
// of them cannot overflow an int.
const maxCount = 1 << 40

// checkFields checks the fields of b that its models do not: every
// integer non-negative and at most maxCount, names non-empty and unique,
// each column's counts one per label, scores and shares within [0, 1].
// The models' weights, the vectorizer, calibration, structure and profile
// shape are checked by init.
func (b *Bundle) checkFields() error {
	if err := checkInts(reflect.ValueOf(b).Elem(), ""); err != nil {
		return err
	}
	if err := b.Recipe.Validate(); err != nil {
		return &FieldError{"recipe", err.Error()}
	}
	if s := b.Data.SHA256; s != "" {
		if _, err := hex.DecodeString(s); err != nil || len(s) != 64 {
			return &FieldError{"data.sha256", fmt.Sprintf("%q is not a SHA-256 in hex", s)}
		}
	}
	if err := checkColumns(b.Columns, "columns"); err != nil {
		return err
	}
	for i, c := range b.Columns {
		if c.Name == b.GroupBy {
			return &FieldError{fmt.Sprintf("columns[%d].name", i), fmt.Sprintf("%q is also the group column", c.Name)}
		}
	}
	for i := range b.Groups {
		if err := checkColumns(b.Groups[i].Columns, fmt.Sprintf("groups[%d].columns", i)); err != nil {
			return err
		}
	}
	if len(b.GroupCV) > 0 && len(b.GroupCV) != len(b.Columns) {
		return &FieldError{"group_cv", fmt.Sprintf("%d scores for %d label columns", len(b.GroupCV), len(b.Columns))}
	}
	for i := range b.GroupCV {
		if err := checkCV(&b.GroupCV[i], nil, fmt.Sprintf("group_cv[%d]", i)); err != nil {
			return err
		}
	}
	if p := b.Profile; p != nil {
		if err := checkShares("profile", p.Unknown, p.FewKnown); err != nil {
			return err
		}
		if err := checkShares("profile.known_quantiles", p.KnownQuantiles...); err != nil {
			return err
		}
		for i, c := range p.Columns {
			field := fmt.Sprintf("profile.columns[%d]", i)
			if err := checkShares(field, append([]float64{c.Distance, c.Confidence}, c.Predicted...)...); err != nil {
				return err
			}
		}
	}
	if s := b.Search; s != nil {
		for i, e := range s.Board {
			if err := checkShares(fmt.Sprintf("search.board[%d]", i), e.MacroF1, e.SD); err != nil {
				return err
			}
		}
	}
	if a := b.Adapt; a != nil {
		if !(a.Weight >= 0 && a.Weight <= maxCount) {
			return &FieldError{"adapt.weight", fmt.Sprintf("%g is not a weight", a.Weight)}
		}
		for i, s := range a.Scores {
			if err := checkShares(fmt.Sprintf("adapt.scores[%d]", i), s.MacroF1, s.MacroF1SD); err != nil {
				return err
			}
		}
	}
	if e := b.EM; e != nil {
		if err := checkShares("em.lambda", e.Lambda); err != nil {
			return err
		}
		for i, s := range e.Scores {
			if err := checkShares(fmt.Sprintf("em.scores[%d]", i), s.Lambda, s.MacroF1, s.MacroF1SD); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkColumns checks the label columns cols, at field: each named, once;
// labels named, each once, in sorted order (their class index order); one
// non-negative count per label, some of them positive; cross-validated
// scores within [0, 1].
func checkColumns(cols []Column, field string) error {
	seen := map[string]bool{}
	for i := range cols {
		c := &cols[i]
		at := fmt.Sprintf("%s[%d]", field, i)
		if err := checkName(c.Name); err != "" {
			return &FieldError{at + ".name", err}
		}
		if seen[c.Name] {
			return &FieldError{at + ".name", fmt.Sprintf("column %q appears twice", c.Name)}
		}
		seen[c.Name] = true
		for k, l := range c.Labels {
			if err := checkName(l); err != "" {
				return &FieldError{fmt.Sprintf("%s.labels[%d]", at, k), err}
			}
			if k > 0 && c.Labels[k-1] >= l {
				return &FieldError{at + ".labels", fmt.Sprintf("%q and %q are repeated or out of order", c.Labels[k-1], l)}
			}
		}
		if len(c.Counts) != len(c.Labels) {
			return &FieldError{at + ".counts", fmt.Sprintf("%d counts for %d labels", len(c.Counts), len(c.Labels))}
		}
		total := 0
		for _, n := range c.Counts {
			total += n
		}
		if total == 0 {
			return &FieldError{at + ".counts", "no training documents"}
		}
		if c.CV != nil {
			if err := checkCV(c.CV, c.Labels, at+".cv"); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkName returns what is wrong with a column or label name, or "".
// Names come from the header and cells of the training data: an empty
// one gives an output header stance cannot read back. (Invalid UTF-8
// cannot reach here: JSON decoding replaces it.)
func checkName(s string) string {
	switch {
	case strings.TrimSpace(s) == "":
		return fmt.Sprintf("the name %q is empty", s)
	case strings.ContainsRune(s, 0):
		return fmt.Sprintf("the name %q holds a NUL", s)
	}
	return ""
}

// checkCV checks cross-validated scores at field: accuracies and F1s and
// their standard deviations within [0, 1], and the baseline's label one
// of labels when labels is not nil.
func checkCV(cv *CVScores, labels []string, field string) error {
	if err := checkShares(field, cv.Accuracy, cv.AccuracySD, cv.MacroF1, cv.MacroF1SD, cv.BaselineAcc, cv.BaselineMacro); err != nil {
		return err
	}
	if labels != nil && cv.BaselineLabel != "" && !slices.Contains(labels, cv.BaselineLabel) {
		return &FieldError{field + ".baseline_label", fmt.Sprintf("%q is not a label of the column", cv.BaselineLabel)}
	}
	return nil
}

// checkShares returns a FieldError at field unless every x is within [0, 1].
func checkShares(field string, xs ...float64) error {
	for _, x := range xs {
		if !(x >= 0 && x <= 1) {
			return &FieldError{field, fmt.Sprintf("%g is not within [0, 1]", x)}
		}
	}
	return nil
}

// checkInts returns a FieldError for the first integer in v, at path,
// that is negative or over maxCount: no field of a model file may be
// either (the seed, a uint64, may be anything). It looks into every
// exported field that the payload's JSON sets, by its JSON name.
func checkInts(v reflect.Value, path string) error {
	switch v.Kind() {
	case reflect.Int, reflect.Int64, reflect.Int32:
		switch n := v.Int(); {
		case n < 0:
			return &FieldError{path, fmt.Sprintf("a negative number, %d, where a count belongs", n)}
		case n > maxCount:
			return &FieldError{path, fmt.Sprintf("%d is over the limit of 2^40 on any count", n)}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			return checkInts(v.Elem(), path)
		}
	case reflect.Slice, reflect.Array:
		switch v.Type().Elem().Kind() {
		case reflect.Struct, reflect.Pointer, reflect.Slice, reflect.Int, reflect.Int64, reflect.Int32:
			for i := range v.Len() {
				if err := checkInts(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if path != "" {
				name = path + "." + name
			}
			if err := checkInts(v.Field(i), name); err != nil {
				return err
			}
		}
	}
	return nil
}

// MaxStreamBytes bounds the payload of a model file that ReadBundle reads
// from a stream whose size it cannot learn, such as a pipe: 256 MiB, 160
// times the shipped model and 55 times the largest model of
// BENCHMARKS.md (4.5 MB). From a file, or anything else that says how
// much is left to read (a bytes.Reader), the bound is that size.
const MaxStreamBytes = 256 << 20

// remaining returns how many bytes r has left to read, when r can say:
// bytes and strings readers by Len, regular files by their size less the
// offset reached.
func remaining(r io.Reader) (int64, bool) {
	if l, ok := r.(interface{ Len() int }); ok {
		return int64(l.Len()), true
	}
	f, ok := r.(interface {
		Stat() (fs.FileInfo, error)
		io.Seeker
	})
	if !ok {
		return 0, false
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return 0, false
	}
	at, err := f.Seek(0, io.SeekCurrent)
	if err != nil || at > fi.Size() {
		return 0, false
	}
	return fi.Size() - at, true
}

package classifier

import (
	"bytes"
	"hash/fnv"
	"reflect"
	"strings"
	"testing"
)

func TestTextHashNormalises(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"Assad must go.", "  assad   MUST\ngo. ", true}, // case and whitespace only
		{"Assad must go.", "Assad must go!", false},      // punctuation counts
		{"", " \n\t", true},                              // both empty: hash 0
	}
	for _, tt := range tests {
		if got := TextHash(tt.a) == TextHash(tt.b); got != tt.same {
			t.Errorf("TextHash(%q) == TextHash(%q) is %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
	if TextHash("") != 0 || TextHash("x") == 0 {
		t.Error("TextHash: 0 must mean empty, and only empty")
	}
}

// TestInSampleCheck trains on the toy corpus and checks inputs made of
// its texts and new ones against the 50% threshold.
func TestInSampleCheck(t *testing.T) {
	s := toySet()
	r := DefaultRecipe()
	r.Folds = 0
	b, err := Train(s, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Written and read back: the hashes survive the model file.
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if b, err = ReadBundle(&buf); err != nil {
		t.Fatal(err)
	}
	// The toy corpus has 90 texts but only 12 distinct ones (3 labels ×
	// 4 lengths of the x run).
	if n := len(b.Data.TextHashes) * 6 / 8 / 8; n != 12 {
		t.Errorf("%d hashes stored, want 12", n)
	}
	tests := []struct {
		name             string
		texts            []string
		matched, checked int
		largely          bool
	}{
		{"all training", s.Texts[:10], 10, 10, true},
		{"half, re-spaced", []string{"GOOD great  film number x", "bad awful film number xx", "a new text", "another one"}, 2, 4, true},
		{"one of three", []string{"good great film number x", "new", "newer"}, 1, 3, false},
		{"empty rows are not decided", []string{"", "  ", "new"}, 0, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := b.InSampleCheck()
			for _, x := range tt.texts {
				c.Add(x)
			}
			if c.Matched != tt.matched || c.Checked != tt.checked || c.Rows != len(tt.texts) || c.Largely() != tt.largely {
				t.Errorf("matched %d of %d checked (%d rows), largely %v; want %d of %d, %v", c.Matched, c.Checked, c.Rows, c.Largely(), tt.matched, tt.checked, tt.largely)
			}
			if m := c.Message(); (m != "") != tt.largely || (tt.largely && !strings.Contains(m, "in-sample, not a measure of accuracy; use stance cv")) {
				t.Errorf("message %q", m)
			}
		})
	}
	// A model file without hashes (written before they were recorded)
	// has no check.
	b.Data.TextHashes = ""
	if b.InSampleCheck() != nil {
		t.Error("InSampleCheck of a model without hashes is not nil")
	}
}

// TestTextHashesCap checks the bottom-k sketch: more distinct texts than
// MaxTextHashes keep the smallest hashes, and the check then decides only
// rows in their range.
func TestTextHashesCap(t *testing.T) {
	texts := make([]string, MaxTextHashes+500)
	for i := range texts {
		texts[i] = "comment number " + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + " " + itoa(i)
	}
	enc := encodeTextHashes(texts)
	b := &Bundle{Data: DataInfo{Rows: len(texts), TextHashes: enc}}
	c := b.InSampleCheck()
	if c == nil || !c.Sketched || len(c.hashes) != MaxTextHashes {
		t.Fatalf("sketch of %d texts: %+v", len(texts), c)
	}
	for _, x := range texts {
		c.Add(x)
	}
	// Every training text in range is found; those out of range are not
	// decided: exactly MaxTextHashes decided, all matched.
	if c.Checked != MaxTextHashes || c.Matched != MaxTextHashes || !c.Largely() {
		t.Errorf("checked %d, matched %d of %d rows", c.Checked, c.Matched, c.Rows)
	}
	if m := c.Message(); !strings.HasPrefix(m, "about ") {
		t.Errorf("a sketch's message should say it estimates: %q", m)
	}
}

func itoa(i int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + i%10)}, b...)
		if i /= 10; i == 0 {
			return string(b)
		}
	}
}

// TestOutOfFold checks that the out-of-fold labels of the seed corpus are
// honest: they agree with the gold labels less often than the model's own
// in-sample predictions (which are near perfect on texts it was fitted
// on), every training text has one, and a set that is not the model's is
// refused.
func TestOutOfFold(t *testing.T) {
	s := seedSet(t)
	r := DefaultRecipe()
	b, err := Train(s, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	oof, err := OutOfFold(s, b)
	if err != nil {
		t.Fatal(err)
	}
	again, err := OutOfFold(s, b)
	if err != nil || !reflect.DeepEqual(oof, again) {
		t.Errorf("OutOfFold is not deterministic (err %v)", err)
	}
	pred := b.NewPredictor()
	var inRight, oofRight int
	for i, x := range s.Texts {
		p, ok := oof[TextHash(x)]
		if !ok {
			t.Fatalf("text %d has no out-of-fold prediction", i)
		}
		if p[0].Label == s.Labels[0][i] {
			oofRight++
		}
		if pred.Predict(x)[0].Label == s.Labels[0][i] {
			inRight++
		}
	}
	t.Logf("stance accuracy: in-sample %d/%d, out-of-fold %d/%d", inRight, len(s.Texts), oofRight, len(s.Texts))
	if oofRight >= inRight {
		t.Errorf("out-of-fold right %d times, in-sample %d: out-of-fold should be the harder test", oofRight, inRight)
	}
	other := seedSet(t)
	other.Labels[0][0] = "neutral"
	if other.Labels[0][0] == s.Labels[0][0] {
		other.Labels[0][0] = "pro-assad"
	}
	if _, err := OutOfFold(other, b); err == nil || !strings.Contains(err.Error(), "not the model's") {
		t.Errorf("OutOfFold of another set: %v", err)
	}
}

// TestTextHashIsFNVOfNormalised checks the streaming TextHash against
// its definition: FNV-1a of the text lower-cased (strings.ToLower) with its
// whitespace runs (strings.Fields) joined by one space, over ASCII,
// non-ASCII letters and spaces, and invalid UTF-8.
func TestTextHashIsFNVOfNormalised(t *testing.T) {
	for _, text := range []string{
		"x", "  Assad   MUST go\n", "ÉTAT\u00a0de\u2003Syrie", "İstanbul ΣΟΦΙΑ", "bad \xff\xfe bytes", "\t\r\n", "a\u2028b",
	} {
		norm := strings.Join(strings.Fields(strings.ToLower(text)), " ")
		want := uint64(0)
		if norm != "" {
			h := fnv.New64a()
			h.Write([]byte(norm))
			if want = h.Sum64(); want == 0 {
				want = 1
			}
		}
		if got := TextHash(text); got != want {
			t.Errorf("TextHash(%q) = %x, want %x (FNV-1a of %q)", text, got, want, norm)
		}
	}
}

func BenchmarkTextHash(b *testing.B) {
	text := "The regime will never let its officers defect;  they know what happens to families. "
	for b.Loop() {
		TextHash(text)
	}
}

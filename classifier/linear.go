package classifier

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/stance-nlp/stance/features"
)

// Link names how a Linear model's scores become probabilities.
type Link string

// The links. With s_c the score of class c and σ(t) = 1/(1+e^{-t}):
//
//	Softmax: p_c = e^{s_c} / Σ_k e^{s_k}
//	OvR:     p_c = σ(s_c) / Σ_k σ(s_k)   (one-vs-rest, as liblinear and scikit-learn)
const (
	Softmax Link = "softmax"
	OvR     Link = "ovr-sigmoid"
)

// Linear is a fitted linear model: one weight row and bias per class.
type Linear struct {
	Link Link      `json:"link"`
	W    Rows      `json:"w_f64le"` // W[c][j]: weight of term j for class c
	B    []float64 `json:"b"`
}

// Classes returns the number of classes.
func (m *Linear) Classes() int { return len(m.B) }

// Probs writes the class probabilities of x into dst (grown if short) and
// returns it. They sum to 1.
func (m *Linear) Probs(x features.Vector, dst []float64) []float64 {
	k := len(m.B)
	if cap(dst) < k {
		dst = make([]float64, k)
	}
	dst = dst[:k]
	for c := range dst {
		dst[c] = x.Dot(m.W[c]) + m.B[c]
	}
	m.link(dst)
	return dst
}

// link turns the scores in dst into probabilities, in place.
func (m *Linear) link(dst []float64) {
	link := m.Link
	if link == OvR && allBelow(dst, -700) {
		// Every σ would underflow towards 0 (to exactly 0 below about
		// -745) and the ratios become 0/0. Down there σ(s) = e^s/(1+e^s)
		// is e^s to double precision, so the ratios are the softmax's.
		link = Softmax
	}
	switch link {
	case Softmax:
		max := math.Inf(-1)
		for _, s := range dst {
			max = math.Max(max, s)
		}
		var z float64
		for c, s := range dst {
			dst[c] = math.Exp(s - max)
			z += dst[c]
		}
		for c := range dst {
			dst[c] /= z
		}
	case OvR:
		var z float64
		for c, s := range dst {
			dst[c] = 1 / (1 + math.Exp(-s))
			z += dst[c]
		}
		for c := range dst {
			dst[c] /= z
		}
	default:
		panic("classifier: unknown link " + string(m.Link))
	}
}

// byTerm holds the weights of one or more Linear models (a bundle's label
// columns) laid out term-major: for term j, the weights of every class of
// every model side by side, WT[j*k + off[i] + c] = ms[i].W[c][j] with k
// classes in all. Scoring a sparse vector then reads each of its terms'
// weights from one place instead of k rows far apart, which is what costs
// on a vocabulary larger than the CPU cache. Scores add up in the same
// order as Linear.Probs, so the probabilities are bit-identical.
type byTerm struct {
	ms  []*Linear
	off []int // off[i]: the first class of ms[i]; off[len(ms)] = k
	n   int   // terms
	wt  []float64
	// ragged: the models differ in their number of terms (or are
	// malformed), so wt cannot hold them and scores goes model by model.
	ragged bool
}

func newByTerm(ms ...*Linear) *byTerm {
	t := &byTerm{ms: ms, off: []int{0}}
	for _, m := range ms {
		t.off = append(t.off, t.off[len(t.off)-1]+len(m.B))
		if len(m.W) > 0 {
			t.n = max(t.n, len(m.W[0]))
		}
	}
	for i, m := range ms {
		if len(m.W) > 0 && len(m.W[0]) != t.n || len(m.W) != t.off[i+1]-t.off[i] {
			t.ragged = true
		}
	}
	if t.ragged {
		return t
	}
	k := t.off[len(ms)]
	t.wt = make([]float64, t.n*k)
	for i, m := range ms {
		for c, row := range m.W {
			for j, w := range row {
				t.wt[j*k+t.off[i]+c] = w
			}
		}
	}
	return t
}

// scores writes the scores of x for every class of every model into dst
// (grown if short) and returns it. Terms a model does not know count as
// zero, as in Vector.Dot.
func (t *byTerm) scores(x features.Vector, dst []float64) []float64 {
	k := t.off[len(t.ms)]
	if cap(dst) < k {
		dst = make([]float64, k)
	}
	dst = dst[:k]
	clear(dst)
	if t.ragged {
		for i, m := range t.ms {
			for c := range m.W {
				dst[t.off[i]+c] = x.Dot(m.W[c])
			}
		}
	} else {
		for i, j := range x.Index {
			if int(j) >= t.n {
				continue
			}
			v := x.Value[i]
			row := t.wt[int(j)*k : int(j)*k+k : int(j)*k+k]
			for c, w := range row {
				dst[c] += v * w
			}
		}
	}
	for i, m := range t.ms {
		for c, b := range m.B {
			dst[t.off[i]+c] += b
		}
	}
	return dst
}

// allBelow reports whether every score is below limit.
func allBelow(scores []float64, limit float64) bool {
	for _, s := range scores {
		if !(s < limit) {
			return false
		}
	}
	return true
}

// maxParam bounds the weights and biases a model file may hold. Trained
// models stay many orders of magnitude below it (the shipped model's
// largest is under 2), and it keeps every score finite: features are at
// most about 1e109 (term counts times an idf bounded alike), so a score
// is a sum of terms under 1e209, far from overflowing to Inf, whose
// softmax is NaN.
const maxParam = 1e100

func (m *Linear) check(nFeatures int) error {
	if m.Link != Softmax && m.Link != OvR {
		return fmt.Errorf("classifier: unknown link %q", m.Link)
	}
	if len(m.B) < 2 || len(m.W) != len(m.B) {
		return fmt.Errorf("classifier: %d weight rows for %d classes", len(m.W), len(m.B))
	}
	for c, w := range m.W {
		if len(w) != nFeatures {
			return fmt.Errorf("classifier: class %d has %d weights for %d features", c, len(w), nFeatures)
		}
		for _, v := range w {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return errors.New("classifier: weights hold NaN or Inf")
			}
			if math.Abs(v) > maxParam {
				return fmt.Errorf("classifier: weight %g of class %d is beyond ±%g", v, c, maxParam)
			}
		}
	}
	for c, v := range m.B {
		if !(math.Abs(v) <= maxParam) {
			return fmt.Errorf("classifier: bias %g of class %d is not a number within ±%g", v, c, maxParam)
		}
	}
	return nil
}

// checkFit validates the arguments shared by every Fit.
func checkFit(X []features.Vector, y []int, nFeatures, nClasses int) error {
	switch {
	case len(X) == 0:
		return errors.New("classifier: no training documents")
	case len(X) != len(y):
		return fmt.Errorf("classifier: %d documents but %d labels", len(X), len(y))
	case nClasses < 2:
		return fmt.Errorf("classifier: %d classes; need at least 2", nClasses)
	case nFeatures < 1:
		return errors.New("classifier: no features")
	}
	for i, c := range y {
		if c < 0 || c >= nClasses {
			return fmt.Errorf("classifier: label %d of document %d outside 0..%d", c, i, nClasses-1)
		}
	}
	for i, x := range X {
		for _, j := range x.Index {
			if int(j) >= nFeatures || j < 0 {
				return fmt.Errorf("classifier: document %d has feature %d outside 0..%d", i, j, nFeatures-1)
			}
		}
	}
	return nil
}

// Rows is a weight matrix, one row per class. In a model file each row is
// one base64 string of its float64s, little-endian IEEE 754: exact, and
// read about ten times faster than the same numbers written in decimal,
// which is most of the time it takes to load the shipped model cold.
type Rows [][]float64

// MarshalJSON writes the rows as an array of base64 strings.
func (w Rows) MarshalJSON() ([]byte, error) {
	enc := make([]string, len(w))
	for c, row := range w {
		buf := make([]byte, 8*len(row))
		for j, v := range row {
			binary.LittleEndian.PutUint64(buf[8*j:], math.Float64bits(v))
		}
		enc[c] = base64.StdEncoding.EncodeToString(buf)
	}
	return json.Marshal(enc)
}

// UnmarshalJSON reads rows written by MarshalJSON. The strings are cut out
// here rather than by encoding/json, whose byte-by-byte scanning of a
// megabyte of base64 would cost more than the decoding: base64 has no
// quotes or escapes, so each string ends at the next quote.
func (w *Rows) UnmarshalJSON(b []byte) error {
	bad := errors.New("weight rows: want an array of base64 strings")
	b = bytes.TrimSpace(b)
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return bad
	}
	b = bytes.TrimSpace(b[1 : len(b)-1])
	rows := Rows{}
	for len(b) > 0 {
		if len(rows) > 0 {
			if b[0] != ',' {
				return bad
			}
			b = bytes.TrimSpace(b[1:])
		}
		if len(b) == 0 || b[0] != '"' {
			return bad
		}
		end := bytes.IndexByte(b[1:], '"')
		if end < 0 {
			return bad
		}
		enc := b[1 : 1+end]
		b = bytes.TrimSpace(b[2+end:])
		buf := make([]byte, base64.StdEncoding.DecodedLen(len(enc)))
		n, err := base64.StdEncoding.Decode(buf, enc)
		if err != nil {
			return fmt.Errorf("weight row %d: %w", len(rows), err)
		}
		if n%8 != 0 {
			return fmt.Errorf("weight row %d: %d bytes, not a whole number of float64s", len(rows), n)
		}
		row := make([]float64, n/8)
		for j := range row {
			row[j] = math.Float64frombits(binary.LittleEndian.Uint64(buf[8*j:]))
		}
		rows = append(rows, row)
	}
	*w = rows
	return nil
}

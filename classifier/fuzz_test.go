package classifier

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/features"
)

// fuzzRecipes are the recipes of the valid models in FuzzReadBundle's seed
// corpus: both model kinds and both links, binary weights and tf-idf (whose
// idf values only a tf-idf model file holds), 1- to 3-grams. The logistic
// regression uses the sparse trainer, so that making a seed needs no cgo.
func fuzzRecipes() map[string]Recipe {
	nb := RecipeV1()
	nb.Model, nb.Folds = KindNaiveBayes, 2
	lr := RecipeV1()
	lr.Trainer, lr.Folds = TrainerSparse, 2
	lr.Features.NGramMax, lr.Features.Weighting = 3, features.TFIDF
	lr.Features.Sublinear, lr.Features.Normalize = true, true
	return map[string]Recipe{"nb": nb, "logreg-tfidf": lr}
}

// fuzzModel trains r on a set small enough that the model file, about
// 3 KB, keeps fuzzing fast: two columns, so that the predictor's term-major
// layout of several models is exercised, of three and two labels.
func fuzzModel(t testing.TB, r Recipe) []byte {
	t.Helper()
	s := &TrainingSet{Columns: []string{"stance", "sentiment"}, Labels: make([][]string, 2)}
	docs := []struct{ text, stance, sentiment string }{
		{"Help the officers defect!", "pro", "positive"},
		{"Paying defectors is bribery", "anti", "negative"},
		{"Why would they?", "neutral", "negative"},
		{"Defections weaken Assad", "pro", "positive"},
		{"Don't reward war criminals", "anti", "negative"},
		{"Interesting article, thanks", "neutral", "positive"},
	}
	for _, d := range docs {
		s.Texts = append(s.Texts, d.text)
		s.Labels[0] = append(s.Labels[0], d.stance)
		s.Labels[1] = append(s.Labels[1], d.sentiment)
	}
	b, err := Train(s, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// seal puts a valid header (this format, the payload's length and
// SHA-256) before payload, so that a fuzzed payload gets past the
// checksum to the JSON decoding and Bundle.init.
func seal(payload []byte) []byte {
	sum := sha256.Sum256(payload)
	head := fmt.Sprintf("%s\nformat %d\nlength %d\nsha256 %s\n\n", magic, FormatVersion, len(payload), hex.EncodeToString(sum[:]))
	return append([]byte(head), payload...)
}

// payloadOf returns what follows the header of a model file, or all of b
// when it has no header.
func payloadOf(b []byte) []byte {
	if bytes.HasPrefix(b, []byte(magic+"\n")) {
		if _, rest, ok := bytes.Cut(b, []byte("\n\n")); ok {
			return rest
		}
	}
	return b
}

// FuzzReadBundle checks that ReadBundle never panics, and that whatever it
// accepts is a usable model: every column predicts one probability per
// label, each in [0, 1] and summing to 1, and the bundle writes out to a
// file that reads back with the same predictions. With reseal, the input's
// payload gets a fresh valid header first; without, the header is fuzzed
// too and the checksum turns away nearly every change. The seed corpus in
// testdata/fuzz/FuzzReadBundle holds the models of fuzzRecipes and broken
// copies of them (TestFuzzReadBundleSeeds writes it).
func FuzzReadBundle(f *testing.F) {
	// A model of the current format, in case the committed seeds have gone
	// stale (TestFuzzReadBundleSeeds says when).
	fresh := fuzzModel(f, fuzzRecipes()["nb"])
	f.Add(fresh, false)
	f.Add(payloadOf(fresh), true)
	// A model with groups, whose group models init checks too.
	r := groupRecipe()
	r.Folds = 0
	grouped, err := Train(groupedSet(), r, nil)
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := grouped.WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes(), false)
	// A structured model, whose structure init checks against its labels.
	tiny := &TrainingSet{
		Texts:   []string{"we must defect", "never defect", "stay out", "go in now", "hello", "nice day"},
		Columns: []string{"stance"},
		Labels:  [][]string{{"pro-defection", "anti-defection", "anti-intervention", "pro-intervention", "neutral", "neutral"}},
	}
	structured, err := Train(tiny, structuredRecipe(), nil)
	if err != nil {
		f.Fatal(err)
	}
	buf.Reset()
	if _, err := structured.WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes(), false)
	f.Add(payloadOf(buf.Bytes()), true)
	f.Fuzz(func(t *testing.T, in []byte, reseal bool) {
		if reseal {
			in = seal(payloadOf(in))
		}
		b, err := ReadBundle(bytes.NewReader(in))
		if err != nil {
			if b != nil {
				t.Fatalf("ReadBundle returned a bundle with the error %v", err)
			}
			return
		}
		// Known terms, twice over: several nonzero features and a term
		// frequency above 1.
		known := strings.Join(b.Vectorizer.Terms[:min(len(b.Vectorizer.Terms), 20)], " ")
		texts := []string{"some text", "", known + " " + known}
		want := checkPredictions(t, b, texts)
		var out bytes.Buffer
		if _, err := b.WriteTo(&out); err != nil {
			t.Fatalf("a model that reads does not write: %v", err)
		}
		c, err := ReadBundle(&out)
		if err != nil {
			t.Fatalf("a model that reads does not read back once written: %v", err)
		}
		if got := checkPredictions(t, c, texts); got != want {
			t.Fatalf("predictions before writing:\n%s\nafter reading back:\n%s", want, got)
		}
	})
}

// checkPredictions fails t unless every column of b gives a probability
// distribution over its labels for each text, by the pooled model and by
// the model of each group, and returns the predictions as text, to
// compare.
func checkPredictions(t *testing.T, b *Bundle, texts []string) string {
	t.Helper()
	var sb strings.Builder
	p := b.NewPredictor()
	groups := []string{"not a group"}
	for _, g := range b.Groups {
		groups = append(groups, g.Value)
	}
	for _, gt := range crossJoin(groups, texts) {
		group, text := gt[0], gt[1]
		preds := p.PredictGroup(group, text)
		if len(preds) != len(b.Columns) {
			t.Fatalf("%q: %d predictions for %d columns", text, len(preds), len(b.Columns))
		}
		for i, pr := range preds {
			c := &b.Columns[i]
			if len(pr.Probs) != len(c.Labels) {
				t.Fatalf("%q, column %s: %d probabilities for %d labels", text, c.Name, len(pr.Probs), len(c.Labels))
			}
			var sum float64
			for _, q := range pr.Probs {
				if !(q >= 0 && q <= 1) {
					t.Fatalf("%q, column %s: probability %g outside [0, 1] in %v", text, c.Name, q, pr.Probs)
				}
				sum += q
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Fatalf("%q, column %s: probabilities %v sum to %g", text, c.Name, pr.Probs, sum)
			}
			if pr.Index < 0 || pr.Index >= len(c.Labels) || pr.Label != c.Labels[pr.Index] || pr.Confidence != pr.Probs[pr.Index] {
				t.Fatalf("%q, column %s: prediction %+v does not match labels %q", text, c.Name, pr, c.Labels)
			}
			fmt.Fprintf(&sb, "%s %v\n", pr.Label, pr.Probs)
		}
	}
	return sb.String()
}

// crossJoin returns every pair of an a and a b.
func crossJoin(a, b []string) [][2]string {
	var out [][2]string
	for _, x := range a {
		for _, y := range b {
			out = append(out, [2]string{x, y})
		}
	}
	return out
}

// TestFuzzReadBundleSeeds checks that the valid models of the committed
// seed corpus still read, so that a change of the model format cannot
// leave the fuzzer starting from files it rejects at the header. With
// STANCE_FUZZ_SEEDS=1 it writes the corpus afresh: for each recipe of
// fuzzRecipes the model, and broken copies of it.
func TestFuzzReadBundleSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzReadBundle")
	if os.Getenv("STANCE_FUZZ_SEEDS") != "" {
		writeFuzzSeeds(t, dir)
	}
	for name := range fuzzRecipes() {
		in, reseal := readFuzzSeed(t, filepath.Join(dir, name))
		if reseal {
			in = seal(payloadOf(in))
		}
		b, err := ReadBundle(bytes.NewReader(in))
		if err != nil {
			t.Fatalf("seed %s: %v (STANCE_FUZZ_SEEDS=1 go test -run TestFuzzReadBundleSeeds ./classifier rewrites the seeds)", name, err)
		}
		checkPredictions(t, b, []string{"some text"})
	}
}

func writeFuzzSeeds(t *testing.T, dir string) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, in []byte, reseal bool) {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\nbool(%v)\n", strconv.Quote(string(in)), reseal)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, r := range fuzzRecipes() {
		good := fuzzModel(t, r)
		payload := payloadOf(good)
		write(name, good, false)
		// Header damage, checked before any decoding.
		write(name+"-truncated", good[:len(good)/2], false)
		write(name+"-other-format", bytes.Replace(good, fmt.Appendf(nil, "format %d\n", FormatVersion), []byte("format 9\n"), 1), false)
		// Payload damage behind a valid header, for the decoder and init.
		write(name+"-payload-truncated", payload[:len(payload)*2/3], true)
		write(name+"-no-columns", []byte(strings.Replace(string(payload), `"columns":[`, `"columns":[],"x":[`, 1)), true)
		flipped := bytes.Clone(payload)
		if i := bytes.Index(flipped, []byte(`"w_f64le":["`)); i >= 0 {
			flipped[i+len(`"w_f64le":["`)+3] ^= 0x01 // one weight of the first row
		}
		write(name+"-weight-flipped", flipped, true)
		// Whole files with extreme parameters that no trainer makes but a
		// file may hold: scores all far below zero, whose sigmoids all
		// underflow; weights whose sum overflows; an idf that overflows
		// once multiplied by a term frequency above 1.
		extreme := func(suffix string, edit func(b *Bundle)) {
			b, err := ReadBundle(bytes.NewReader(good))
			if err != nil {
				t.Fatal(err)
			}
			edit(b)
			var buf bytes.Buffer
			if _, err := b.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			write(name+suffix, buf.Bytes(), false)
		}
		extreme("-low-biases", func(b *Bundle) {
			for _, m := range b.linears() {
				for c := range m.B {
					m.B[c] = -1000
				}
			}
		})
		extreme("-huge-weights", func(b *Bundle) {
			for _, m := range b.linears() {
				for j := range m.W[0] {
					m.W[0][j] = 1.5e308
				}
			}
		})
		// Calibration at both ends of the temperature range.
		extreme("-calibrated", func(b *Bundle) {
			b.Recipe.Calibrate = CalibrateTemperature
			b.Columns[0].Calibration = &Calibration{Method: CalibrateTemperature, Temperature: MinTemperature, Docs: 6}
			b.Columns[1].Calibration = &Calibration{Method: CalibrateTemperature, Temperature: MaxTemperature, Docs: 6}
		})
		if r.Features.Weighting == features.TFIDF {
			extreme("-huge-idf", func(b *Bundle) {
				for j := range b.Vectorizer.IDF {
					b.Vectorizer.IDF[j] = 1.7e308
				}
			})
		}
	}
	write("empty", nil, false)
	write("csv", []byte("id,text\nc001,hello\n"), true)
}

// readFuzzSeed reads a corpus file written by writeFuzzSeeds.
func readFuzzSeed(t *testing.T, path string) ([]byte, bool) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) != 3 || lines[0] != "go test fuzz v1" {
		t.Fatalf("%s: not a corpus file of two values", path)
	}
	lit, ok := strings.CutPrefix(lines[1], "[]byte(")
	lit, ok2 := strings.CutSuffix(lit, ")")
	s, err := strconv.Unquote(lit)
	if !ok || !ok2 || err != nil {
		t.Fatalf("%s:2: not a []byte literal", path)
	}
	return []byte(s), lines[2] == "bool(true)"
}

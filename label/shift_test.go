package label

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"math"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/internal/benchdata"
	"github.com/stance-nlp/stance/internal/testkit"
	"github.com/stance-nlp/stance/seeds"
)

// textsReader is a data.Reader of one text column.
func textsReader(texts []string) data.Reader {
	var b strings.Builder
	b.WriteString("text\n")
	for _, t := range texts {
		b.WriteString(csvQuote(t) + "\n")
	}
	r, err := data.NewCSVReader(strings.NewReader(b.String()), "texts.csv")
	if err != nil {
		panic(err) // the CSV is made right above
	}
	return r
}

// benchTexts returns the texts of a benchmark's test split, or skips t
// when the benchmark is not there.
func benchTexts(t *testing.T, name string) []string {
	dir, err := benchdata.Dir(name)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s not found beside the module (../shared/benchmarks): %v", name, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if name == "sst2" {
		s, err := benchdata.SST2(dir, "test")
		if err != nil {
			t.Fatal(err)
		}
		return s.Texts
	}
	sets, err := benchdata.PStance(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, s := range sets {
		texts = append(texts, s.Texts...)
	}
	return texts
}

// seedFile returns a reader of the embedded seed document whose name
// starts with prefix, read as stance label reads a thread file.
func seedFile(t *testing.T, prefix string) data.Reader {
	for _, f := range seeds.Files() {
		if strings.HasPrefix(f.Name, prefix) {
			r, err := data.Open(bytes.NewReader(f.Data), f.Name, data.FormatAuto)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
	}
	t.Fatalf("no seed file %s", prefix)
	return nil
}

// TestShiftThresholds pins where the shift check's thresholds sit: the
// shipped model labelling its own thread gives no warning, and the SST-2
// test sentences, the P-Stance test tweets and each seed news article do.
// The figures are those of docs/shift.md's table ("The shift check"),
// measured by this test (go test -v -run TestShiftThresholds ./label
// prints them); each is pinned to within 0.0005 so that the table cannot
// drift from the code.
func TestShiftThresholds(t *testing.T) {
	b := shipped(t)
	tests := []struct {
		name  string
		input func(t *testing.T) data.Reader
		warn  bool
		// unknown-word share, unfamiliar-row share, stance label distance
		unknown, fewKnown, stance float64
	}{
		{"seed thread (data/syria-comments.csv)", func(t *testing.T) data.Reader {
			var texts []string
			for _, row := range testkit.Seed(t, "text") {
				texts = append(texts, row[0])
			}
			return textsReader(texts)
		}, false, 0.139, 0, 0.193},
		{"seed thread (seeds/000)", func(t *testing.T) data.Reader { return seedFile(t, "000_") }, false, 0.139, 0, 0.193},
		{"article seeds/001", func(t *testing.T) data.Reader { return seedFile(t, "001_") }, true, 0.366, 0, 0.342},
		{"article seeds/002", func(t *testing.T) data.Reader { return seedFile(t, "002_") }, true, 0.429, 0, 0.342},
		{"article seeds/003", func(t *testing.T) data.Reader { return seedFile(t, "003_") }, true, 0.344, 0, 0.342},
		{"article seeds/004", func(t *testing.T) data.Reader { return seedFile(t, "004_") }, true, 0.349, 0, 0.342},
		{"SST-2 test", func(t *testing.T) data.Reader { return textsReader(benchTexts(t, "sst2")) }, true, 0.595, 0.648, 0.338},
		{"P-Stance test", func(t *testing.T) data.Reader { return textsReader(benchTexts(t, "pstance")) }, true, 0.502, 0.459, 0.325},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := Run(tt.input(t), data.NewWriter(io.Discard), b, Options{Prefix: "pred_"})
			if err != nil {
				t.Fatal(err)
			}
			s := st.Shift
			t.Logf("%s: %d rows, %d words: unknown %.3f (held out %.3f), unfamiliar rows %.3f (%.3f), label distance stance %.3f sentiment %.3f, confidence stance %.3f (%.3f) sentiment %.3f (%.3f)",
				tt.name, s.Rows, s.Words, s.Unknown, s.CVUnknown, s.FewKnown, s.CVFewKnown, s.Columns[0].Distance, s.Columns[1].Distance,
				s.Columns[0].Confidence, s.Columns[0].CVConfidence, s.Columns[1].Confidence, s.Columns[1].CVConfidence)
			if s.Warn() != tt.warn {
				t.Errorf("warns %v, want %v: %s", s.Warn(), tt.warn, ShiftLine(s))
			}
			for _, f := range []struct {
				what      string
				got, want float64
			}{{"unknown share", s.Unknown, tt.unknown}, {"unfamiliar share", s.FewKnown, tt.fewKnown}, {"stance distance", s.Columns[0].Distance, tt.stance}} {
				if math.Abs(f.got-f.want) > 0.0005 {
					t.Errorf("%s %.4f, docs/shift.md says %.3f", f.what, f.got, f.want)
				}
			}
			var w bytes.Buffer
			if err := WriteShiftWarning(&w, s, b, "in.csv"); err != nil {
				t.Fatal(err)
			}
			if got := w.Len() > 0; got != tt.warn {
				t.Errorf("warning written %v, want %v: %q", got, tt.warn, w.String())
			}
		})
	}
}

// TestShiftWarning checks what the warning says for a shifted input: what
// differs, what it means, and the commands to run next, named after the
// input; and that a model without a profile neither warns nor notes.
func TestShiftWarning(t *testing.T) {
	b := shipped(t)
	texts := benchTextsOr(t)
	st, err := Run(textsReader(texts), data.NewWriter(io.Discard), b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var w bytes.Buffer
	if err := WriteShiftWarning(&w, st.Shift, b, "data/new-page.csv"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"warning: this input is unlike the model's training data (202 training comments of syria-comments.csv)",
		"of its words are unknown to the model, against 25.6% of held-out training comments' words",
		"are unfamiliar: the model knows under half their words, against 2.0% held out",
		"stance: the predicted label shares lie",
		"right " + shippedOffPageAccuracy + " of the time",
		"stance annotate -data data/new-page.csv -store data/new-page-annotations -base-data syria-comments.csv\n",
		"stance annotate export -data data/new-page.csv -store data/new-page-annotations -o labelled.csv\n",
		"stance ingest -o old-and-new.csv syria-comments.csv labelled.csv\n",
		"stance train -domain-col source -o adapted.model old-and-new.csv\n",
		seedsPlus100Accuracy + " stance accuracy",
	} {
		if !strings.Contains(w.String(), want) {
			t.Errorf("warning lacks %q:\n%s", want, w.String())
		}
	}
	if st.Unfamiliar == 0 || st.Unfamiliar > st.Noted {
		t.Errorf("%d unfamiliar rows of %d noted", st.Unfamiliar, st.Noted)
	}

	old := *b
	old.Profile = nil
	var out bytes.Buffer
	st, err = Run(textsReader(texts), data.NewWriter(&out), &old, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Shift.Warn() || st.Unfamiliar != 0 || strings.Contains(out.String(), NoteUnfamiliar) {
		t.Errorf("a model without a profile warns %v, notes %d rows unfamiliar", st.Shift.Warn(), st.Unfamiliar)
	}
	if line := ShiftLine(st.Shift); !strings.HasPrefix(line, "shift check: not run: the model file has no profile") {
		t.Errorf("summary line %q", line)
	}
}

// benchTextsOr returns texts unlike the seed thread: P-Stance's test
// tweets when they are there, else a made-up set of the same kind.
func benchTextsOr(t *testing.T) []string {
	if _, err := benchdata.Dir("pstance"); err == nil {
		return benchTexts(t, "pstance")
	}
	var texts []string
	for range 40 {
		texts = append(texts, "Vote for the senator in November #election #debate, the polls look great tonight")
	}
	return texts
}

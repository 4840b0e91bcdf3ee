package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/internal/testkit"
)

// TestTrainStructured trains the target × polarity model on the seed
// corpus with train -structure target-polarity, then labels, evaluates and
// explains with it, as with a flat model.
func TestTrainStructured(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "s.model")
	seed := testkit.SeedPath(t)
	code, stdout, stderr := stance(t, "", append([]string{"train", "-structure", "target-polarity", "-folds", "3", "-o", model}, append(v1Flags(), seed)...)...)
	if code != 0 {
		t.Fatalf("train -structure exited %d: %s", code, stderr)
	}
	golden(t, "train_structured.stdout", strings.NewReplacer(model, "s.model", seed, "syria-comments.csv").Replace(stdout))

	code, stdout, stderr = stance(t, "", "label", "-model", model, "-probs", "-prefix", "p_", seed)
	if code != 0 {
		t.Fatalf("label exited %d: %s", code, stderr)
	}
	header, rows := readRows(t, stdout)
	labels := []string{"anti-assad", "anti-defection", "anti-intervention", "neutral", "pro-assad", "pro-defection", "pro-intervention"}
	var probCols []int
	for _, l := range labels {
		probCols = append(probCols, slices.Index(header, "p_stance_p_"+l))
	}
	at, conf := slices.Index(header, "p_stance"), slices.Index(header, "p_stance_confidence")
	if slices.Contains(probCols, -1) || at < 0 || conf < 0 {
		t.Fatalf("header %q: want p_stance, its confidence and a probability per codebook label", header)
	}
	if len(rows) != 202 {
		t.Fatalf("%d rows, want the seed corpus's 202", len(rows))
	}
	agree := 0
	for i, row := range rows {
		sum, best := 0.0, -1.0
		for _, c := range probCols {
			p, err := strconv.ParseFloat(row[c], 64)
			if err != nil {
				t.Fatal(err)
			}
			sum += p
			best = math.Max(best, p)
		}
		// Each printed to four decimals: seven roundings of at most 5e-5.
		if math.Abs(sum-1) > 7*5e-5 {
			t.Errorf("row %d: stance probabilities sum to %v", i+1, sum)
		}
		if row[conf] != fmt.Sprintf("%.4f", best) || !slices.Contains(labels, row[at]) {
			t.Errorf("row %d: label %s at %s, want the most probable label at %.4f", i+1, row[at], row[conf], best)
		}
		if row[at] == row[slices.Index(header, "stance")] {
			agree++
		}
	}
	// In-sample, the model reproduces most of its training labels.
	if agree < 150 {
		t.Errorf("%d of 202 labels agree with the training labels in-sample", agree)
	}

	code, stdout, stderr = stance(t, "", "eval", "-json", "-bootstrap", "-1", "-model", model, seed)
	if code != 0 {
		t.Fatalf("eval exited %d: %s", code, stderr)
	}
	if r := decodeReport(t, stdout); !strings.Contains(r.Model.Recipe, "target × polarity structure") || r.Columns[0].Accuracy.Value < 0.7 {
		t.Errorf("eval: recipe %q, stance accuracy %.3f", r.Model.Recipe, r.Columns[0].Accuracy.Value)
	}
	if code, stdout, stderr := stance(t, "", "explain", "-model", model, seed); code != 0 || !strings.Contains(stdout, "Top features: pro-defection") {
		t.Errorf("explain: exit %d, %s", code, stderr)
	}
}

// TestStructureSchema declares the structure of labels the codebook's
// convention does not cover (P-Stance's) in a schema file, and checks the
// errors of one that declares it wrongly, and of data without a structure.
func TestStructureSchema(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("id,text,stance\n")
	for i := range 12 {
		fmt.Fprintf(&b, "f%d,I love the senator and will vote for her %d,FAVOR\n", i, i)
		fmt.Fprintf(&b, "a%d,the senator is a disaster never vote for her %d,AGAINST\n", i, i)
		fmt.Fprintf(&b, "n%d,what a rainy day in the city %d,NONE\n", i, i)
	}
	train := filepath.Join(dir, "tweets.csv")
	schema := filepath.Join(dir, "schema.txt")
	bad := filepath.Join(dir, "bad.txt")
	for path, text := range map[string]string{
		train:  b.String(),
		schema: "# one target\nstance: FAVOR = pro senator, AGAINST = anti senator,\n  NONE = none\n",
		bad:    "stance: FAVOR = pro senator,\n  AGAINST = against senator, NONE = none\n",
	} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	model := filepath.Join(dir, "t.model")
	args := append([]string{"train", "-labels", "stance", "-structure", "target-polarity", "-folds", "3", "-o", model}, v1Flags()...)
	if code, _, stderr := stance(t, "", append(args, "-schema", schema, train)...); code != 0 {
		t.Fatalf("train -schema: exit %d, %s", code, stderr)
	}
	code, stdout, stderr := stance(t, "id,text\n1,I love the senator\n2,the senator is a disaster\n3,a rainy day\n", "label", "-model", model)
	if code != 0 {
		t.Fatalf("label exited %d: %s", code, stderr)
	}
	_, rows := readRows(t, stdout)
	if got := []string{rows[0][2], rows[1][2], rows[2][2]}; !slices.Equal(got, []string{"FAVOR", "AGAINST", "NONE"}) {
		t.Errorf("labels %q, want FAVOR, AGAINST, NONE", got)
	}
	// cv takes the schema too.
	if code, _, stderr := stance(t, "", append([]string{"cv", "-labels", "stance", "-structure", "target-polarity", "-folds", "3", "-curve", "none", "-bootstrap", "-1", "-schema", schema}, append(v1Flags(), train)...)...); code != 0 {
		t.Errorf("cv -schema: exit %d, %s", code, stderr)
	}

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"without the schema", []string{train}, `no label column of ["stance"] has labels pro-TARGET, anti-TARGET and neutral (or none), or a structure declared in a schema`},
		{"a wrong declaration", []string{"-schema", bad, train}, bad + `:2: column stance: label "AGAINST" = "against senator": want "= pro TARGET", "= anti TARGET" or "= none"`},
		{"an unknown structure", []string{"-structure", "tree", train}, `-structure "tree": want flat or target-polarity`},
	}
	for _, tt := range tests {
		code, _, stderr := stance(t, "", append(slices.Clone(args), tt.args...)...)
		if code == 0 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%s: exit %d, %q; want an error saying %q", tt.name, code, stderr, tt.want)
		}
	}
}

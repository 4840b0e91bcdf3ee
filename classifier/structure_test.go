package classifier

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

// codebookStance is the stance column of data/CODEBOOK.md, sorted as a
// Column's labels are.
func codebookStance() []string {
	return []string{"anti-assad", "anti-defection", "anti-intervention", "neutral", "pro-assad", "pro-defection", "pro-intervention"}
}

func TestConventionalDecomposition(t *testing.T) {
	tests := []struct {
		name    string
		labels  []string
		ok      bool
		targets []string
		parts   map[string]LabelPart
	}{
		{
			// The codebook's order of precedence: its rules 1-3.
			name: "codebook stance", labels: codebookStance(), ok: true,
			targets: []string{"defection", "intervention", "assad"},
			parts: map[string]LabelPart{
				"anti-assad": {"assad", "anti"}, "anti-defection": {"defection", "anti"},
				"anti-intervention": {"intervention", "anti"}, "neutral": {},
				"pro-assad": {"assad", "pro"}, "pro-defection": {"defection", "pro"},
				"pro-intervention": {"intervention", "pro"},
			},
		},
		{
			// Targets the codebook does not know come after, sorted.
			name: "other targets", labels: []string{"anti-zoo", "none", "pro-assad", "pro-tax"}, ok: true,
			targets: []string{"assad", "tax", "zoo"},
			parts: map[string]LabelPart{
				"anti-zoo": {"zoo", "anti"}, "none": {}, "pro-assad": {"assad", "pro"}, "pro-tax": {"tax", "pro"},
			},
		},
		{name: "sentiment", labels: []string{"negative", "neutral", "positive"}},
		{name: "P-Stance's labels", labels: []string{"AGAINST", "FAVOR"}},
		{name: "no target", labels: []string{"pro-", "neutral"}},
		{name: "two labels of no target", labels: []string{"neutral", "none", "pro-x"}},
		{name: "only none", labels: []string{"neutral"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := ConventionalDecomposition(tt.labels)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tt.ok, d)
			}
			if !ok {
				return
			}
			if !slices.Equal(d.Targets, tt.targets) {
				t.Errorf("targets %q, want %q", d.Targets, tt.targets)
			}
			for l, want := range tt.parts {
				if got := d.Parts[l]; got != want {
					t.Errorf("%s: part %+v, want %+v", l, got, want)
				}
			}
			if len(d.Parts) != len(tt.parts) {
				t.Errorf("%d parts, want %d", len(d.Parts), len(tt.parts))
			}
		})
	}
}

func TestParseSchemaStructures(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		structures map[string]Decomposition // nil when an error is wanted
		err        string
	}{
		{
			name: "P-Stance, one target",
			in:   "# P-Stance\nstance: FAVOR = pro Donald Trump, AGAINST = anti Donald Trump,\n  NONE = none\nsentiment: neg, pos\n",
			structures: map[string]Decomposition{"stance": {
				Targets: []string{"Donald Trump"},
				Parts:   map[string]LabelPart{"FAVOR": {"Donald Trump", "pro"}, "AGAINST": {"Donald Trump", "anti"}, "NONE": {}},
			}},
		},
		{
			// Precedence is the order in which the file names targets.
			name: "two targets",
			in:   "s: B-yes = pro b, A-yes = pro a, A-no = anti a, other = none\n",
			structures: map[string]Decomposition{"s": {
				Targets: []string{"b", "a"},
				Parts:   map[string]LabelPart{"B-yes": {"b", "pro"}, "A-yes": {"a", "pro"}, "A-no": {"a", "anti"}, "other": {}},
			}},
		},
		{name: "no structure", in: "stance: a, b\n", structures: map[string]Decomposition{}},
		{name: "some labels only", in: "stance: FAVOR = pro x,\n  AGAINST\n", err: `s.txt:2: column stance: label "AGAINST" declares no target and polarity, where line 1 declares them`},
		{name: "unknown polarity", in: "stance: FAVOR = for x, AGAINST = anti x\n", err: `s.txt:1: column stance: label "FAVOR" = "for x": want "= pro TARGET", "= anti TARGET" or "= none"`},
		{name: "polarity without target", in: "stance: FAVOR = pro, AGAINST = anti x\n", err: `s.txt:1: column stance: label "FAVOR" = "pro"`},
		{name: "same part twice", in: "stance: a = pro x,\n b = pro x\n", err: `s.txt:2: column stance: labels "a" and "b" both declare pro x`},
		{name: "two labels of none", in: "stance: a = none, b = none, c = pro x\n", err: `s.txt:1: column stance: labels "a" and "b" both declare no target`},
		{name: "no target", in: "stance: a = none, b\n", err: `s.txt:1: column stance: label "b" declares no target`},
		{name: "only none", in: "stance: a = none\nstance: b = none\n", err: `s.txt:2: column stance: labels "a" and "b" both declare no target`},
		{name: "empty label", in: "stance: = pro x, b = anti x\n", err: "s.txt:1: empty label in column stance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got, err := ParseSchemaStructures(strings.NewReader(tt.in), "s.txt")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.structures) {
				t.Fatalf("structures %+v, want %+v", got, tt.structures)
			}
			for col, want := range tt.structures {
				g := got[col]
				if !slices.Equal(g.Targets, want.Targets) || len(g.Parts) != len(want.Parts) {
					t.Errorf("%s: %+v, want %+v", col, g, want)
				}
				for l, p := range want.Parts {
					if g.Parts[l] != p {
						t.Errorf("%s %s: %+v, want %+v", col, l, g.Parts[l], p)
					}
				}
			}
		})
	}
	// The labels of a declaration are the schema's labels, as before.
	s, _, err := ParseSchemaStructures(strings.NewReader(tests[0].in), "s.txt")
	if err != nil || !slices.Equal(s["stance"], []string{"FAVOR", "AGAINST", "NONE"}) {
		t.Errorf("schema %q, %v", s, err)
	}
}

// structuredFor returns an unfitted Structured model of labels decomposed
// by the codebook's convention.
func structuredFor(t *testing.T, labels []string) *Structured {
	t.Helper()
	d, ok := ConventionalDecomposition(labels)
	if !ok {
		t.Fatalf("labels %q have no structure", labels)
	}
	st, err := d.structure(labels)
	if err != nil {
		t.Fatal(err)
	}
	m, err := newModel(RecipeV1(), st)
	if err != nil {
		t.Fatal(err)
	}
	return m.(*Structured)
}

// TestStructuredCombine recombines target and polarity probabilities into
// the labels', each expected value worked out by hand from the formula of
// Structured's doc.
func TestStructuredCombine(t *testing.T) {
	tests := []struct {
		name   string
		labels []string
		pt, pp []float64 // target classes sorted, "" first; polarities anti, pro
		want   []float64
	}{
		{
			// Targets "", assad, defection, intervention.
			name: "codebook", labels: codebookStance(),
			pt: []float64{0.4, 0.1, 0.3, 0.2}, pp: []float64{0.25, 0.75},
			// anti-assad 0.1·0.25, anti-defection 0.3·0.25, anti-intervention 0.2·0.25,
			// neutral 0.4, pro-assad 0.1·0.75, pro-defection 0.3·0.75, pro-intervention 0.2·0.75
			want: []float64{0.025, 0.075, 0.05, 0.4, 0.075, 0.225, 0.15},
		},
		{
			// x has no anti label: pro-x takes all of P(x), 0.5;
			// y has both: 0.3·0.2 and 0.3·0.8.
			name: "a target with one polarity", labels: []string{"anti-y", "neutral", "pro-x", "pro-y"},
			pt: []float64{0.2, 0.5, 0.3}, pp: []float64{0.2, 0.8},
			want: []float64{0.06, 0.2, 0.5, 0.24},
		},
		{
			// No label of no target: targets x, y.
			name: "no none", labels: []string{"anti-x", "anti-y", "pro-x", "pro-y"},
			pt: []float64{0.6, 0.4}, pp: []float64{0.5, 0.5},
			want: []float64{0.3, 0.2, 0.3, 0.2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := structuredFor(t, tt.labels)
			got := make([]float64, len(tt.labels))
			m.combine(tt.pt, tt.pp, got)
			sum := 0.0
			for k := range got {
				sum += got[k]
				if math.Abs(got[k]-tt.want[k]) > 1e-12 {
					t.Errorf("%s: %.4f, want %.4f", tt.labels[k], got[k], tt.want[k])
				}
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Errorf("probabilities sum to %v", sum)
			}
		})
	}
}

// TestStructuredArgmax: exact ties go to the label of the earlier target by
// the codebook's precedence (defection, intervention, assad), and any
// target wins over none.
func TestStructuredArgmax(t *testing.T) {
	m := structuredFor(t, codebookStance())
	tests := []struct {
		probs []float64 // in codebookStance order
		want  string
	}{
		{[]float64{0.3, 0, 0, 0.3, 0, 0.3, 0.1}, "pro-defection"},
		{[]float64{0.3, 0, 0, 0.3, 0, 0, 0.4}, "pro-intervention"},
		{[]float64{0.35, 0, 0, 0.35, 0.3, 0, 0}, "anti-assad"},
		{[]float64{0.1, 0.3, 0, 0, 0, 0.3, 0.3}, "anti-defection"},
	}
	for _, tt := range tests {
		if got := codebookStance()[m.argmax(tt.probs)]; got != tt.want {
			t.Errorf("argmax %v = %s, want %s", tt.probs, got, tt.want)
		}
	}
}

// structuredRecipe is the first release's recipe with the structure, and
// no cross-validation: quick to fit.
func structuredRecipe() Recipe {
	r := RecipeV1()
	r.Structure = StructureTargetPolarity
	r.Folds = 0
	return r
}

// TestStructuredTrain trains on the seed corpus: stance gets a structured
// model, sentiment (negative, neutral, positive) stays flat; every
// document's probabilities sum to 1 and agree with the model's own Probs;
// the model file round-trips to byte-identical bytes and predictions.
func TestStructuredTrain(t *testing.T) {
	s := seedSet(t)
	b, err := Train(s, structuredRecipe(), nil)
	if err != nil {
		t.Fatal(err)
	}
	stance, sentiment := b.Column("stance"), b.Column("sentiment")
	if stance.Structure == nil || sentiment.Structure != nil {
		t.Fatalf("structures: stance %+v, sentiment %+v; want stance's alone", stance.Structure, sentiment.Structure)
	}
	if want := []string{"defection", "intervention", "assad"}; !slices.Equal(stance.Structure.Targets, want) {
		t.Errorf("targets %q, want %q", stance.Structure.Targets, want)
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ReadBundle(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if _, err := back.WriteTo(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("a structured model file read and written again differs")
	}
	p, q := b.NewPredictor(), back.NewPredictor()
	ext := b.Vectorizer.NewExtractor()
	predicted := map[string]bool{}
	for i, text := range s.Texts {
		got, want := p.Predict(text), q.Predict(text)
		for c := range got {
			if got[c].Label != want[c].Label || !slices.Equal(got[c].Probs, want[c].Probs) {
				t.Fatalf("document %d, %s: %v read back, %v trained", i, b.Columns[c].Name, want[c], got[c])
			}
			sum := 0.0
			for _, v := range got[c].Probs {
				sum += v
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("document %d, %s: probabilities sum to %v", i, b.Columns[c].Name, sum)
			}
		}
		// The predictor's term-major scoring gives the model's own.
		own := stance.model.Probs(ext.Vector(text), nil)
		for k := range own {
			if math.Abs(own[k]-got[0].Probs[k]) > 1e-12 {
				t.Fatalf("document %d: Predict %v, Probs %v", i, got[0].Probs, own)
			}
		}
		predicted[got[0].Label] = true
	}
	// In-sample, the seed's three targets and neutral are all predicted.
	for _, l := range []string{"neutral", "pro-defection", "anti-intervention", "anti-assad"} {
		if !predicted[l] {
			t.Errorf("%s never predicted in-sample", l)
		}
	}
	// The joint weights explain: a row per label.
	if j := stance.Linear(); j.Classes() != len(stance.Labels) || len(j.W[0]) != b.Vectorizer.Len() {
		t.Errorf("joint weights: %d classes of %d terms", j.Classes(), len(j.W[0]))
	}
	// A flat model file says nothing of structures.
	r := structuredRecipe()
	r.Structure = ""
	flat, err := Train(s, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	var fb bytes.Buffer
	if _, err := flat.WriteTo(&fb); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(fb.Bytes(), []byte(`"structure`)) {
		t.Error("a flat model file mentions a structure")
	}
}

// TestStructuredErrors: a recipe asking for a structure the data lacks,
// and model files whose structure does not fit their labels.
func TestStructuredErrors(t *testing.T) {
	tone := toySet()
	if _, err := Train(tone, structuredRecipe(), nil); err == nil || !strings.Contains(err.Error(), "no label column of [\"tone\"] has labels pro-TARGET") {
		t.Errorf("structured training of labels pos, neg, mid: %v", err)
	}
	// A declared structure that leaves a label out.
	tone.Structures = map[string]Decomposition{"tone": {Targets: []string{"film"}, Parts: map[string]LabelPart{"pos": {"film", "pro"}, "neg": {"film", "anti"}}}}
	if _, err := Train(tone, structuredRecipe(), nil); err == nil || !strings.Contains(err.Error(), `column tone: label "mid" has no target and polarity declared`) {
		t.Errorf("structure without mid: %v", err)
	}
	tone.Structures["tone"].Parts["mid"] = LabelPart{}
	b, err := Train(tone, structuredRecipe(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p := b.NewPredictor().Predict("good great film"); p[0].Label != "pos" {
		t.Errorf("good great film: %v", p[0])
	}

	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	tamper := func(f func(c map[string]any)) error {
		var payload map[string]any
		i := bytes.Index(buf.Bytes(), []byte("\n\n"))
		if err := json.Unmarshal(buf.Bytes()[i+2:], &payload); err != nil {
			t.Fatal(err)
		}
		f(payload["columns"].([]any)[0].(map[string]any))
		bb := &Bundle{}
		raw, _ := json.Marshal(payload)
		if err := json.Unmarshal(raw, bb); err != nil {
			t.Fatal(err)
		}
		return bb.init()
	}
	tests := []struct {
		name   string
		change func(c map[string]any)
		err    string
	}{
		{"a part short", func(c map[string]any) {
			st := c["structure"].(map[string]any)
			st["parts"] = st["parts"].([]any)[:2]
		}, "2 label parts for 3 labels"},
		{"a polarity unknown", func(c map[string]any) {
			c["structure"].(map[string]any)["parts"].([]any)[0].(map[string]any)["polarity"] = "maybe"
		}, `polarity "maybe"`},
		{"no structure", func(c map[string]any) { delete(c, "structure") }, "model of column tone"},
	}
	for _, tt := range tests {
		if err := tamper(tt.change); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: %v, want an error saying %q", tt.name, err, tt.err)
		}
	}
}

// TestStructuredCrossPredict: a cross-validation of the structured recipe
// gives, for every document of every fold, probabilities over the
// column's labels that sum to 1.
func TestStructuredCrossPredict(t *testing.T) {
	s := seedSet(t)
	err := CrossPredict(s, structuredRecipe(), CVPlan{Folds: 3, Seed: 1}, func(f *CVFit) error {
		for j := range f.Test {
			sum := 0.0
			for _, v := range f.Probs[0][j] {
				sum += v
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("fold %d, document %d: stance probabilities sum to %v", f.Fold, f.Test[j], sum)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestStructuredGroups trains the structured recipe with groups, and
// cross-validates it: each group's model is structured too, and a
// document of a group gets probabilities over the pooled column's labels
// that sum to 1.
func TestStructuredGroups(t *testing.T) {
	s := seedSet(t)
	s.GroupBy, s.Groups = "half", make([]string, len(s.Texts))
	for i := range s.Groups {
		s.Groups[i] = []string{"A", "B"}[i%2]
	}
	r := structuredRecipe()
	r.Folds = 3
	b, err := Train(s, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range b.Groups {
		if len(g.Columns) == 0 || g.Columns[0].Name != "stance" || g.Columns[0].Structure == nil {
			t.Fatalf("group %s: columns %+v; want a structured stance model", g.Value, g.Columns)
		}
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ReadBundle(&buf)
	if err != nil {
		t.Fatal(err)
	}
	p := back.NewPredictor()
	for i, text := range s.Texts[:40] {
		pr := p.PredictGroup(s.Groups[i], text)[0]
		sum := 0.0
		for _, v := range pr.Probs {
			sum += v
		}
		if math.Abs(sum-1) > 1e-9 || pr.Probs[pr.Index] != pr.Confidence || b.Columns[0].Labels[pr.Index] != pr.Label {
			t.Errorf("document %d of group %s: %+v sums to %v", i, s.Groups[i], pr, sum)
		}
	}
	if len(b.GroupCV) != 2 || b.GroupCV[0].MacroF1 <= 0 {
		t.Errorf("cross-validation by group: %+v", b.GroupCV)
	}
}

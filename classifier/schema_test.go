package classifier

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/data"
)

func TestParseSchema(t *testing.T) {
	// Each want is the input read by hand: the columns and labels as
	// written, in order; each error names the line a reader would fix.
	tests := []struct {
		name, in string
		want     Schema
		err      string
	}{
		{"two columns", "stance: pro, anti, neutral\nsentiment: negative, neutral, positive\n",
			Schema{"stance": {"pro", "anti", "neutral"}, "sentiment": {"negative", "neutral", "positive"}}, ""},
		{"comments and blank lines", "# my schema\n\nstance: pro, anti # no neutral here\n  # indented comment\n",
			Schema{"stance": {"pro", "anti"}}, ""},
		{"no final newline, CRLF, BOM", "\uFEFFstance: pro,anti\r\ntone: a, b", Schema{"stance": {"pro", "anti"}, "tone": {"a", "b"}}, ""},
		{"continued by indentation", "stance: pro-defection, anti-defection,\n        neutral\n", Schema{"stance": {"pro-defection", "anti-defection", "neutral"}}, ""},
		{"continued by repeating the column", "stance: a, b\nstance: c\n", Schema{"stance": {"a", "b", "c"}}, ""},
		{"labels with spaces and colons", "stance: pro assad, anti: assad\n", Schema{"stance": {"pro assad", "anti: assad"}}, ""},
		{"empty file", "", nil, "s.txt: no label columns"},
		{"only comments", "# nothing\n\n", nil, "s.txt: no label columns"},
		{"no colon", "stance: a, b\nsentiment negative\n", nil, `s.txt:2: want "column: label, label, ...", got "sentiment negative"`},
		{"no column name", "stance: a, b\n : x, y\n", nil, "s.txt:2: no column name before ':'"},
		{"empty label", "\nstance: a,, b\n", nil, "s.txt:2: empty label in column stance"},
		{"duplicate label", "stance: a, b\nstance: c, a\n", nil, `s.txt:2: label "a" of column stance already given on line 1`},
		{"one label", "sentiment: x, y\n# c\nstance: a\n", nil, "s.txt:3: column stance lists 1 label(s); a label column needs at least two"},
		{"invalid UTF-8", "stance: a, b\nstance: \xff\n", nil, "s.txt:2: invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSchema(strings.NewReader(tt.in), "s.txt")
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("error %v, want one starting %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCodebookSchemaMatchesCodebook checks that the built-in schema holds
// the label columns of data/CODEBOOK.md, each column's labels sorted.
func TestCodebookSchemaMatchesCodebook(t *testing.T) {
	want := Schema{}
	for _, c := range data.CodebookColumns() {
		want[c.Name] = c.Labels
		slices.Sort(want[c.Name])
	}
	if got := CodebookSchema(); !reflect.DeepEqual(got, want) {
		t.Errorf("CodebookSchema gives %q; CODEBOOK.md's tables, sorted, give %q", got, want)
	}
	// A caller's change must not reach the next caller.
	CodebookSchema()["stance"][0] = "changed"
	if CodebookSchema()["stance"][0] == "changed" {
		t.Error("CodebookSchema shares its slices between calls")
	}
}

func TestLevenshtein(t *testing.T) {
	// Distances counted by hand: kitten/sitting is the textbook example
	// (k→s, e→i, insert g); transpositions cost two, being no single edit.
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"kitten", "sitting", 3},
		{"flaw", "lawn", 2},
		{"ab", "ba", 2},
		{"pro assad", "pro-assad", 1},
		{"café", "cafe", 1}, // one rune, though two bytes
		{"neutral", "neutral", 0},
	}
	for _, tt := range tests {
		if got := levenshtein(tt.a, tt.b); got != tt.want {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := levenshtein(tt.b, tt.a); got != tt.want {
			t.Errorf("levenshtein(%q, %q) = %d, want %d (distance is symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}

// col builds a LabelColumn of file t.csv whose first label is on line 2,
// under the header, one row a line.
func col(name string, labels ...string) LabelColumn {
	c := LabelColumn{File: "t.csv", Name: name, Labels: labels}
	for i := range labels {
		c.Lines = append(c.Lines, i+2)
	}
	return c
}

func TestSchemaCheck(t *testing.T) {
	s := CodebookSchema()
	// The wanted messages are written out by hand from the labels' lines
	// (line = position + 2) and the distances to the codebook labels.
	tests := []struct {
		name string
		c    LabelColumn
		want string
	}{
		{"all allowed", col("stance", "neutral", "pro-assad", "anti-assad"), ""},
		{"column not in the schema", col("topic", "x", "x", "y"), ""},
		{"misspellings and a stranger", col("stance", "neutral", "pro assad", "Neutral", "banana", "pro assad", "pro-assad"),
			`t.csv: 3 labels not in the schema of column stance:
  "pro assad" (lines 3, 6): did you mean "pro-assad"?
  "Neutral" (line 4): did you mean "neutral"?
  "banana" (line 5)
  (column stance allows: anti-assad, anti-defection, anti-intervention, neutral, pro-assad, pro-defection, pro-intervention)`},
		{"line list capped", col("sentiment", "neg", "neg", "neg", "neg", "neg", "neg", "neg", "positve"),
			`t.csv: 2 labels not in the schema of column sentiment:
  "neg" (lines 2, 3, 4, 5, 6 and 2 more)
  "positve" (line 9): did you mean "positive"?
  (column sentiment allows: negative, neutral, positive)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Check(tt.c)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestCheckSpellings(t *testing.T) {
	// Wanted messages written by hand: groups in order of first
	// occurrence, the most frequent spelling chosen unless tied.
	tests := []struct {
		name string
		c    LabelColumn
		want string
	}{
		{"consistent", col("stance", "pro", "anti", "pro"), ""},
		{"case, space, hyphen, underscore", col("stance", "Pro-Assad", "pro assad", "pro_assad", "pro assad", "neutral"),
			`t.csv: column stance spells 1 label several ways, and each spelling would train as a class of its own:
  "Pro-Assad" once (line 2), "pro assad" twice (lines 3, 5), "pro_assad" once (line 4): write them all "pro assad", the most frequent?`},
		{"two groups, one tied", col("tone", "Neg", "neg", "pos", "POS", "POS", "neg", "Pos", "pos"),
			`t.csv: column tone spells 2 labels several ways, and each spelling would train as a class of its own:
  "Neg" once (line 2), "neg" twice (lines 3, 7): write them all "neg", the most frequent?
  "pos" twice (lines 4, 9), "POS" twice (lines 5, 6), "Pos" once (line 8): write them all one way ("pos" and "POS" are equally frequent)`},
		{"many lines", col("s", "a-b", "a-b", "a-b", "a-b", "a-b", "a-b", "A B"),
			`t.csv: column s spells 1 label several ways, and each spelling would train as a class of its own:
  "a-b" 6 times (lines 2, 3, 4, 5, 6 and 1 more), "A B" once (line 8): write them all "a-b", the most frequent?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.CheckSpellings()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestCheckSizes(t *testing.T) {
	tests := []struct {
		name     string
		c        LabelColumn
		warnings []string
		err      string
	}{
		{"every label twice", col("s", "a", "b", "a", "b"), nil, ""},
		{"one example", col("s", "a", "b", "a", "c", "b"),
			[]string{`t.csv:5: column s: label "c" has 1 example; cross-validation can't stratify it`}, ""},
		// "negatve" is 1 edit from "negative" (limit max(1, 7/4) = 1);
		// "pro-assad" is 4 from "anti-assad" (limit 2), so no hint.
		{"one example near a common label", col("s", "negative", "negatve", "negative", "neutral", "neutral"),
			[]string{`t.csv:3: column s: label "negatve" has 1 example; cross-validation can't stratify it (a misspelling of "negative", which has 2?)`}, ""},
		{"one example of a different label", col("s", "anti-assad", "anti-assad", "pro-assad", "neutral", "neutral"),
			[]string{`t.csv:4: column s: label "pro-assad" has 1 example; cross-validation can't stratify it`}, ""},
		{"one label", col("s", "a", "a", "a"), nil, `t.csv: column s has only one label, "a" (3 rows); training needs at least two`},
		{"no rows", col("s"), nil, "t.csv: column s has no labels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := tt.c.CheckSizes()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.err || !slices.Equal(w, tt.warnings) {
				t.Errorf("got %q, %q; want %q, %q", w, got, tt.warnings, tt.err)
			}
		})
	}
}

func TestCheckIDs(t *testing.T) {
	// 14 copies of one id on lines 2..15: the copies on lines 3..12 are
	// shown, the last three only counted.
	many := make([]string, 14)
	var manyWant []string
	for i := range many {
		many[i] = "same"
		if n := i + 2; n >= 3 && n <= 12 {
			manyWant = append(manyWant, fmt.Sprintf(`f.csv:%d: duplicate id "same" (first on line 2)`, n))
		}
	}
	manyWant = append(manyWant, "f.csv: and 3 more duplicate ids")
	tests := []struct {
		name string
		ids  []string
		want string
	}{
		{"unique", []string{"c001", "c002", "c003"}, ""},
		{"empty ids are not compared", []string{"", "c001", ""}, ""},
		{"one duplicate", []string{"c001", "c017", "c002", "c017"}, `f.csv:5: duplicate id "c017" (first on line 3)`},
		{"capped", many, strings.Join(manyWant, "\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := make([]int, len(tt.ids))
			for i := range lines {
				lines[i] = i + 2
			}
			err := CheckIDs("f.csv", tt.ids, lines)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestTrainOneExampleClass trains, with cross-validation, on columns
// where one label has a single example, so that in some fold it is absent
// from training and in the others from testing. Every recipe must train,
// score and predict; the smallest sets leave a fold whose training part
// holds one class of a column.
func TestTrainOneExampleClass(t *testing.T) {
	for name, r := range recipes() {
		for _, n := range []int{2, 5, 30} {
			s := &TrainingSet{Columns: []string{"tone", "other"}, Labels: [][]string{nil, nil}}
			for i := 0; i < n; i++ {
				s.Texts = append(s.Texts, []string{"good great film", "bad awful film"}[i%2])
				s.Labels[0] = append(s.Labels[0], []string{"pos", "neg"}[i%2])
				s.Labels[1] = append(s.Labels[1], []string{"p", "q"}[i%2])
			}
			s.Texts = append(s.Texts, "maybe perhaps")
			s.Labels[0] = append(s.Labels[0], "mid")
			s.Labels[1] = append(s.Labels[1], "p")
			r.Folds = 3
			b, err := Train(s, r, nil)
			if err != nil {
				t.Errorf("%s, %d documents: %v", name, n+1, err)
				continue
			}
			if _, err := CrossValidate(s, r, nil); err != nil {
				t.Errorf("%s, %d documents: CrossValidate: %v", name, n+1, err)
			}
			for c, p := range b.NewPredictor().Predict("maybe good") {
				var sum float64
				for _, q := range p.Probs {
					sum += q
				}
				if math.Abs(sum-1) > 1e-9 || b.Columns[c].CV == nil {
					t.Errorf("%s, %d documents, column %s: probabilities sum to %g, cv %v", name, n+1, b.Columns[c].Name, sum, b.Columns[c].CV)
				}
			}
		}
	}
}

func TestLoadSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.txt")
	if err := os.WriteFile(path, []byte("tone: up, down\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		spec string
		want Schema
		err  string
	}{
		{"", nil, ""},
		{"codebook", CodebookSchema(), ""},
		{path, Schema{"tone": {"up", "down"}}, ""},
		{path + ".missing", nil, "no such file"},
	}
	for _, tt := range tests {
		got, err := LoadSchema(tt.spec)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("LoadSchema(%q): error %v, want one saying %q", tt.spec, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("LoadSchema(%q) = %q, %v; want %q", tt.spec, got, err, tt.want)
		}
	}
}

func TestDataChecks(t *testing.T) {
	set := func(stance, sentiment []string) *TrainingSet {
		return &TrainingSet{Texts: make([]string, len(stance)), Columns: []string{"stance", "sentiment"}, Labels: [][]string{stance, sentiment}}
	}
	lines := []int{2, 3, 5, 6} // line 4 continues the quoted text of line 3
	// Each want is the messages of the single checks (tested above) in
	// the order Check promises: ids, then each column's labels and sizes;
	// warnings in order of first occurrence.
	tests := []struct {
		name     string
		d        DataChecks
		s        *TrainingSet
		ids      []string
		warnings []string
		err      string
	}{
		{"clean", DataChecks{Schema: CodebookSchema()}, set([]string{"neutral", "pro-assad", "neutral", "pro-assad"}, []string{"negative", "positive", "negative", "positive"}),
			[]string{"c1", "c2", "c3", "c4"}, nil, ""},
		{"one-example warnings", DataChecks{}, set([]string{"pro", "neutral", "pro", "anti"}, []string{"negative", "positive", "negative", "positive"}), nil,
			[]string{`f.csv:3: column stance: label "neutral" has 1 example; cross-validation can't stratify it`,
				`f.csv:6: column stance: label "anti" has 1 example; cross-validation can't stratify it`}, ""},
		{"every problem at once", DataChecks{Schema: Schema{"stance": {"pro", "anti"}}},
			set([]string{"pro", "Pro", "anti", "pro"}, []string{"neg", "neg", "neg", "neg"}), []string{"c1", "c2", "c1", ""}, nil,
			`f.csv:5: duplicate id "c1" (first on line 2)
f.csv: 1 label not in the schema of column stance:
  "Pro" (line 3): did you mean "pro"?
  (column stance allows: pro, anti)
f.csv: column sentiment has only one label, "neg" (4 rows); training needs at least two`},
		{"spelling check for columns the schema leaves out", DataChecks{Schema: Schema{"stance": {"pro", "anti"}}},
			set([]string{"pro", "anti", "anti", "pro"}, []string{"neg", "Neg", "pos", "pos"}), nil, nil,
			`f.csv: column sentiment spells 1 label several ways, and each spelling would train as a class of its own:
  "neg" once (line 2), "Neg" once (line 3): write them all one way ("neg" and "Neg" are equally frequent)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := tt.d.Check(tt.s, "f.csv", lines, tt.ids)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.err {
				t.Errorf("error\n%s\nwant\n%s", got, tt.err)
			}
			if !slices.Equal(w, tt.warnings) {
				t.Errorf("warnings %q, want %q", w, tt.warnings)
			}
		})
	}
}

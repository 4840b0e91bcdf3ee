package classifier

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/internal/testkit"
)

// groupedSet is testkit.Threads as a training set grouped by thread.
func groupedSet() *TrainingSet {
	s := &TrainingSet{Columns: []string{"tone", "topic"}, Labels: make([][]string, 2), GroupBy: "thread", Groups: []string{}}
	for _, row := range testkit.Threads() {
		s.Texts = append(s.Texts, row[0])
		s.Labels[0] = append(s.Labels[0], row[1])
		s.Labels[1] = append(s.Labels[1], row[2])
		s.Groups = append(s.Groups, row[3])
	}
	return s
}

func groupRecipe() Recipe {
	r := RecipeV1()
	r.Trainer, r.Folds = TrainerSparse, 4
	return r
}

// TestTrainGroups checks the models by group: the routing of each group,
// the fallbacks to the pooled model and the notes that say so, and the
// cross-validated scores of both on the same folds.
func TestTrainGroups(t *testing.T) {
	s := groupedSet()
	b, err := Train(s, groupRecipe(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.GroupBy != "thread" || len(b.Groups) != 4 || b.InputColumns().Group != "thread" {
		t.Fatalf("group by %q, %d groups, input columns %+v: want 4 groups by thread", b.GroupBy, len(b.Groups), b.InputColumns())
	}
	var values []string
	for _, g := range b.Groups {
		values = append(values, g.Value)
	}
	if !slices.Equal(values, []string{"A", "B", "C", "D"}) {
		t.Errorf("groups %v, want A, B, C, D in order", values)
	}
	if g := b.Group("C"); g == nil || g.Rows != 6 || g.Vectorizer != nil || len(g.Columns) != 0 || g.Note != "6 rows, fewer than 20: labelled by the pooled model" {
		t.Errorf("group C: %+v; want no model of its own, and why", g)
	}
	if g := b.Group("D"); g == nil || len(g.Columns) != 1 || g.Columns[0].Name != "topic" || g.Note != `tone has the single label "pos": labelled by the pooled model` {
		t.Errorf("group D: %+v; want a topic model of its own, tone left to the pooled model, and why", g)
	}
	if b.Group("Z") != nil {
		t.Error(`Group("Z") is not nil for a group not seen in training`)
	}

	p := b.NewPredictor()
	tests := []struct {
		group, text, tone, topic string
	}{
		{"A", "a good movie", "pos", "film"},
		{"A", "a bad novel", "neg", "book"},
		{"B", "a good movie", "neg", "film"},
		{"B", "a bad novel", "pos", "book"},
	}
	for _, tt := range tests {
		got := p.PredictGroup(tt.group, tt.text)
		if got[0].Label != tt.tone || got[1].Label != tt.topic {
			t.Errorf("PredictGroup(%q, %q) = %s, %s; want %s, %s", tt.group, tt.text, got[0].Label, got[1].Label, tt.tone, tt.topic)
		}
	}
	// An unseen group, and group C, get the pooled model's predictions;
	// group D the pooled tone and a topic of its own.
	pooled := slices.Clone(p.Predict("a good novel"))
	for _, g := range []string{"Z", "C"} {
		if got := p.PredictGroup(g, "a good novel"); !samePredictions(got, pooled) {
			t.Errorf("PredictGroup(%q) = %+v, want the pooled model's %+v", g, got, pooled)
		}
	}
	d := p.PredictGroup("D", "a good novel")
	if !samePredictions(d[:1], pooled[:1]) || d[1].Label != "book" {
		t.Errorf("PredictGroup(D) = %+v: want the pooled tone %+v and the topic book", d, pooled[0])
	}
	// Probabilities are over the pooled labels whatever model gave them.
	for _, g := range []string{"A", "B", "D", "Z"} {
		for c, pr := range p.PredictGroup(g, "a bad movie") {
			if len(pr.Probs) != len(b.Columns[c].Labels) || math.Abs(pr.Probs[0]+pr.Probs[1]-1) > 1e-12 || pr.Label != b.Columns[c].Labels[pr.Index] {
				t.Errorf("group %s, column %s: prediction %+v over labels %v", g, b.Columns[c].Name, pr, b.Columns[c].Labels)
			}
		}
	}
	// The prior of group D's tone is the pooled one; of A, A's own shares.
	if pr := p.PriorGroup("D")[0]; !reflect.DeepEqual(pr, p.Prior()[0]) {
		t.Errorf("PriorGroup(D) tone %+v, want the pooled %+v", pr, p.Prior()[0])
	}
	if pr := p.PriorGroup("A")[0]; pr.Probs[0] != 0.5 || pr.Probs[1] != 0.5 {
		t.Errorf("PriorGroup(A) tone %+v, want 20 neg and 20 pos: 0.5 each", pr)
	}

	// On the same folds, the models by thread beat the pooled model on
	// tone, and do as well on topic.
	if len(b.GroupCV) != 2 || b.Columns[0].CV == nil {
		t.Fatalf("group CV %+v, pooled CV %+v: want both", b.GroupCV, b.Columns[0].CV)
	}
	if g, p := b.GroupCV[0].Accuracy, b.Columns[0].CV.Accuracy; g < 0.85 || g < p+0.2 {
		t.Errorf("tone: cross-validated accuracy by thread %.3f, pooled %.3f: want the threads far ahead", g, p)
	}
	if g := b.GroupCV[1].Accuracy; g < 0.99 {
		t.Errorf("topic: cross-validated accuracy by thread %.3f, want 1", g)
	}
}

// samePredictions reports whether a and b give the same labels and
// probabilities.
func samePredictions(a, b []Prediction) bool {
	return slices.EqualFunc(a, b, func(x, y Prediction) bool {
		return x.Label == y.Label && x.Index == y.Index && x.Confidence == y.Confidence && slices.Equal(x.Probs, y.Probs)
	})
}

// TestGroupsRoundTrip writes a model with groups and reads it back: it
// says the current format, predicts every group as before, and writes the
// same bytes again.
func TestGroupsRoundTrip(t *testing.T) {
	r := groupRecipe()
	r.Folds = 0
	b, err := Train(groupedSet(), r, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	written := bytes.Clone(buf.Bytes())
	if !bytes.HasPrefix(written, []byte(fmt.Sprintf("stance-model\nformat %d\n", FormatVersion))) {
		t.Errorf("header %q, want format %d", written[:30], FormatVersion)
	}
	c, err := ReadBundle(&buf)
	if err != nil {
		t.Fatal(err)
	}
	pb, pc := b.NewPredictor(), c.NewPredictor()
	for _, g := range []string{"A", "B", "C", "D", "Z"} {
		for _, text := range []string{"a good movie", "a bad novel", "", "unknown words"} {
			if got, want := pc.PredictGroup(g, text), pb.PredictGroup(g, text); !samePredictions(got, want) {
				t.Errorf("group %s, %q: read back %+v, trained %+v", g, text, got, want)
			}
		}
	}
	var again bytes.Buffer
	if _, err := c.WriteTo(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), written) {
		t.Error("the model read back writes different bytes")
	}
}

// TestModelWithoutGroups checks that a model file without groups, the
// shipped one, is read, predicts and writes as it always has: the same
// bytes, and PredictGroup is Predict whatever the group.
func TestModelWithoutGroups(t *testing.T) {
	raw, err := os.ReadFile("../models/default.model")
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadBundle(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if b.GroupBy != "" || b.Groups != nil || b.GroupCV != nil || b.InputColumns().Group != "" || b.Group("") != nil {
		t.Errorf("the shipped model has groups: by %q, %d groups", b.GroupBy, len(b.Groups))
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), raw) {
		t.Error("the shipped model, read and written, changes its bytes")
	}
	p, q := b.NewPredictor(), b.NewPredictor()
	for _, text := range []string{"Help the officers defect.", "Stay out of Syria.", ""} {
		want := slices.Clone(p.Predict(text))
		for _, g := range []string{"", "thread-1"} {
			if got := q.PredictGroup(g, text); !samePredictions(got, want) {
				t.Errorf("PredictGroup(%q, %q) = %+v, Predict gives %+v", g, text, got, want)
			}
		}
		if !reflect.DeepEqual(q.PriorGroup("x"), p.Prior()) {
			t.Error("PriorGroup differs from Prior for a model without groups")
		}
	}
}

// TestGroupsChecksum checks that grouping, and moving a document to
// another group, change the data checksum. (That a set without groups
// hashes as it did before groups existed, TestShippedModelIsFreshRetrain
// checks: the shipped model holds the checksum.)
func TestGroupsChecksum(t *testing.T) {
	s := groupedSet()
	plain := *s
	plain.GroupBy, plain.Groups = "", nil
	if plain.Checksum() == s.Checksum() {
		t.Error("grouping does not change the checksum")
	}
	other := *s
	other.Groups = slices.Clone(s.Groups)
	other.Groups[0] = "B"
	if other.Checksum() == s.Checksum() {
		t.Error("moving a document to another group does not change the checksum")
	}
}

// TestGroupsBadFiles checks that ReadBundle refuses group models that do
// not fit the pooled model, and groups in a file that says format 2.
func TestGroupsBadFiles(t *testing.T) {
	r := groupRecipe()
	r.Folds = 0
	b, err := Train(groupedSet(), r, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	payload := payloadOf(buf.Bytes())
	// inGroups replaces the first old of the group models (after the
	// pooled model's columns) by new.
	inGroups := func(old, new string) []byte {
		at := bytes.Index(payload, []byte(`"groups":[`))
		edited := bytes.Replace(payload[at:], []byte(old), []byte(new), 1)
		return sealGroups(append(bytes.Clone(payload[:at]), edited...))
	}
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"groups in format 2", sealFormat(payload, FormatPlain), "model file format 2 holds group models, which only formats 3 and 4 hold"},
		{"column not in the pooled model", inGroups(`{"name":"topic"`, `{"name":"frame"`),
			`model of group "A": column "frame" is not a label column of the pooled model, in its order`},
		{"label not in the pooled model", inGroups(`"labels":["book","film"]`, `"labels":["book","zine"]`),
			`model of group "A", column topic: labels ["book" "zine"] are not sorted labels of the pooled model's ["book" "film"]`},
		{"two groups of one value", inGroups(`"value":"B"`, `"value":"A"`),
			"model file has two group models of the same value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadBundle(bytes.NewReader(tt.in))
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// sealGroups is seal for a payload with groups in the older format 3.
func sealGroups(payload []byte) []byte { return sealFormat(payload, FormatGroups) }

// sealFormat is seal with the header saying format version.
func sealFormat(payload []byte, version int) []byte {
	return bytes.Replace(seal(payload), fmt.Appendf(nil, "format %d\n", FormatVersion), fmt.Appendf(nil, "format %d\n", version), 1)
}

// TestReadGroupedSet checks that ReadTrainingSet reads the group column
// ReadOptions names, refuses an empty group value in training data, and
// keeps it in gold data.
func TestReadGroupedSet(t *testing.T) {
	in := "text,Target,stance\nhi,Joe Biden,FAVOR\nho, Donald Trump ,AGAINST\n"
	read := func(in string, o ReadOptions) (*TrainingSet, error) {
		r, err := data.NewCSVReader(strings.NewReader(in), "p.csv")
		if err != nil {
			t.Fatal(err)
		}
		return ReadTrainingSet(r, "p.csv", o)
	}
	cols := data.Columns{Labels: []string{"stance"}, Group: "Target"}
	s, err := read(in, ReadOptions{Columns: cols})
	if err != nil {
		t.Fatal(err)
	}
	if s.GroupBy != "Target" || !slices.Equal(s.Groups, []string{"Joe Biden", "Donald Trump"}) {
		t.Errorf("group by %q, groups %q", s.GroupBy, s.Groups)
	}
	if s, _ := read(in, ReadOptions{Columns: data.Columns{Labels: []string{"stance"}}}); s.Groups != nil || s.GroupBy != "" {
		t.Errorf("no group column named, yet groups %q by %q", s.Groups, s.GroupBy)
	}
	empty := "text,Target,stance\nhi,,FAVOR\n"
	if _, err := read(empty, ReadOptions{Columns: cols}); err == nil || err.Error() != "p.csv:2: empty Target value, which groups the rows" {
		t.Errorf("empty group value: got %v", err)
	}
	if s, err := read(empty, ReadOptions{Columns: cols, AllowEmpty: true}); err != nil || !slices.Equal(s.Groups, []string{""}) {
		t.Errorf("empty group value allowed: got %v, %q", err, s.Groups)
	}
	var ce *data.ColumnError
	if _, err := read(in, ReadOptions{Columns: data.Columns{Labels: []string{"stance"}, Group: "target"}}); !errors.As(err, &ce) || ce.Kind != data.KindGroupBy || ce.Near != "Target" {
		t.Errorf("missing group column: got %v, want a group-by ColumnError suggesting Target", err)
	}
}

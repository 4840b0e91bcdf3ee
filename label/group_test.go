package label

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/internal/testkit"
)

// threadsModel trains testkit.Threads with a model per thread (the sparse
// trainer, which needs no cgo).
func threadsModel(t *testing.T) *classifier.Bundle {
	t.Helper()
	s := &classifier.TrainingSet{Columns: []string{"tone", "topic"}, Labels: make([][]string, 2), GroupBy: "thread", Groups: []string{}}
	for _, row := range testkit.Threads() {
		s.Texts = append(s.Texts, row[0])
		s.Labels[0] = append(s.Labels[0], row[1])
		s.Labels[1] = append(s.Labels[1], row[2])
		s.Groups = append(s.Groups, row[3])
	}
	r := classifier.RecipeV1()
	r.Trainer, r.Folds = classifier.TrainerSparse, 0
	b, err := classifier.Train(s, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRunRoutesByGroup labels rows of several threads with a model per
// thread: each row by its thread's model, a thread not seen in training
// by the pooled model with a note, and every row by the pooled model when
// no group column is named.
func TestRunRoutesByGroup(t *testing.T) {
	b := threadsModel(t)
	in := "id,thread,text\n" +
		"1,A,a good movie\n" +
		"2,B,a good movie\n" +
		"3, B ,a bad novel\n" +
		"4,Z,a good movie\n" +
		"5,A,\n" +
		"6,,a good movie\n"
	run := func(opts Options) (Stats, [][]string) {
		t.Helper()
		r, err := data.NewCSVReader(strings.NewReader(in), "in.csv")
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		st, err := Run(r, data.NewWriter(&out), b, opts)
		if err != nil {
			t.Fatal(err)
		}
		_, rows := readCSV(t, out.String())
		return st, rows
	}
	// Output columns: id, thread, text, then tone, tone_confidence,
	// tone_note, topic, topic_confidence, topic_note.
	const tone, toneNote, topic = 3, 5, 6
	st, rows := run(Options{Columns: data.Columns{Group: "thread"}, Workers: 2, Batch: 2})
	p := b.NewPredictor()
	pooled := p.Predict("a good movie")[0].Label
	tests := []struct {
		row         int
		tone, topic string
		note        string
	}{
		{0, "pos", "film", ""},
		{1, "neg", "film", ""},
		{2, "pos", "book", ""},
		{3, pooled, "film", `group "Z" not seen in training: labelled by the pooled model`},
		{4, p.PriorGroup("A")[0].Label, p.PriorGroup("A")[1].Label, NoteEmpty},
		{5, pooled, "film", `group "" not seen in training: labelled by the pooled model`},
	}
	for _, tt := range tests {
		row := rows[tt.row]
		if row[tone] != tt.tone || row[topic] != tt.topic || row[toneNote] != tt.note {
			t.Errorf("row %d %q: got tone %s, topic %s, note %q; want %s, %s, %q", tt.row+1, row[:3], row[tone], row[topic], row[toneNote], tt.tone, tt.topic, tt.note)
		}
	}
	if st.Unseen != 2 || st.Noted != 3 {
		t.Errorf("stats: %d unseen, %d noted; want 2 and 3", st.Unseen, st.Noted)
	}
	var sum bytes.Buffer
	st.WriteSummary(&sum)
	if !strings.Contains(sum.String(), "3 rows noted in <col>_note (1 empty text labelled from the training prior; 2 rows of groups not seen in training labelled by the pooled model)") {
		t.Errorf("summary:\n%s\nwant the unseen groups counted", sum.String())
	}

	// No group column: the pooled model for every row, no notes of groups.
	st, rows = run(Options{})
	if rows[1][tone] != pooled || st.Unseen != 0 {
		t.Errorf("without a group column: row 2 tone %s, %d unseen; want the pooled %s and none", rows[1][tone], st.Unseen, pooled)
	}
}

func TestRunGroupErrors(t *testing.T) {
	in := "thread,text\nA,hi\n"
	run := func(b *classifier.Bundle, group string) error {
		r, err := data.NewCSVReader(strings.NewReader(in), "in.csv")
		if err != nil {
			t.Fatal(err)
		}
		_, err = Run(r, data.NewWriter(&bytes.Buffer{}), b, Options{Columns: data.Columns{Group: group}})
		return err
	}
	var ce *data.ColumnError
	if err := run(threadsModel(t), "Thread"); !errors.As(err, &ce) || ce.Kind != data.KindGroupBy || ce.Near != "thread" {
		t.Errorf("missing group column: got %v, want a group-by ColumnError suggesting thread", err)
	}
	if err := run(shipped(t), "thread"); !errors.Is(err, ErrNoGroups) {
		t.Errorf("a group column for a model without groups: got %v, want ErrNoGroups", err)
	}
}

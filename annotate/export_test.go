package annotate

import (
	"encoding/csv"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/evaluate"
)

// action is one step of an export scenario.
type action struct {
	op, ann, id       string
	stance, sentiment string
}

func (c *client) run(acts []action) {
	c.t.Helper()
	for _, a := range acts {
		body := map[string]any{"annotator": a.ann, "id": a.id}
		if a.stance != "" {
			body["labels"] = map[string]string{"stance": a.stance, "sentiment": a.sentiment}
		}
		c.mustPost("/api/"+a.op, body, http.StatusOK)
	}
}

func readCSV(t *testing.T, s string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestExport(t *testing.T) {
	tests := []struct {
		name      string
		acts      []action
		annotator string
		want      []string // id:stance:sentiment
		stats     ExportStats
	}{
		{
			name:  "one annotator",
			acts:  []action{{"label", "ann", "t01", "neutral", "negative"}, {"label", "ann", "t03", "pro-assad", "positive"}},
			want:  []string{"t01:neutral:negative", "t03:pro-assad:positive"},
			stats: ExportStats{Items: 12, Exported: 2, Unlabelled: 10},
		},
		{
			name:  "agreeing annotators",
			acts:  []action{{"label", "ann", "t01", "neutral", "negative"}, {"label", "bob", "t01", "neutral", "negative"}},
			want:  []string{"t01:neutral:negative"},
			stats: ExportStats{Items: 12, Exported: 1, Unlabelled: 11},
		},
		{
			name:  "disagreement left out",
			acts:  []action{{"label", "ann", "t01", "neutral", "negative"}, {"label", "bob", "t01", "neutral", "neutral"}, {"label", "bob", "t02", "neutral", "neutral"}},
			want:  []string{"t02:neutral:neutral"},
			stats: ExportStats{Items: 12, Exported: 1, Unresolved: 1, Unlabelled: 10},
		},
		{
			name: "adjudication wins",
			acts: []action{
				{"label", "ann", "t01", "neutral", "negative"}, {"label", "bob", "t01", "anti-assad", "neutral"},
				{"adjudicate", "lead", "t01", "anti-assad", "negative"},
			},
			want:  []string{"t01:anti-assad:negative"},
			stats: ExportStats{Items: 12, Exported: 1, Unlabelled: 11},
		},
		{
			name: "latest adjudication wins, even over agreement",
			acts: []action{
				{"label", "ann", "t01", "neutral", "negative"}, {"label", "bob", "t01", "neutral", "negative"},
				{"adjudicate", "lead", "t01", "anti-assad", "negative"}, {"adjudicate", "lead", "t01", "pro-assad", "neutral"},
			},
			want:  []string{"t01:pro-assad:neutral"},
			stats: ExportStats{Items: 12, Exported: 1, Unlabelled: 11},
		},
		{
			name:  "latest label wins",
			acts:  []action{{"label", "ann", "t01", "neutral", "negative"}, {"label", "ann", "t01", "pro-defection", "positive"}},
			want:  []string{"t01:pro-defection:positive"},
			stats: ExportStats{Items: 12, Exported: 1, Unlabelled: 11},
		},
		{
			name: "undo brings the earlier label back",
			acts: []action{
				{"label", "ann", "t01", "neutral", "negative"}, {"label", "ann", "t01", "pro-defection", "positive"},
				{"undo", "ann", "", "", ""},
			},
			want:  []string{"t01:neutral:negative"},
			stats: ExportStats{Items: 12, Exported: 1, Unlabelled: 11},
		},
		{
			name: "undo removes a disagreement",
			acts: []action{
				{"label", "ann", "t01", "neutral", "negative"}, {"label", "bob", "t01", "pro-assad", "negative"},
				{"undo", "bob", "t01", "", ""},
			},
			want:  []string{"t01:neutral:negative"},
			stats: ExportStats{Items: 12, Exported: 1, Unlabelled: 11},
		},
		{
			name:  "skips are not labels",
			acts:  []action{{"skip", "ann", "t01", "", ""}, {"label", "ann", "t02", "neutral", "negative"}},
			want:  []string{"t02:neutral:negative"},
			stats: ExportStats{Items: 12, Exported: 1, Unlabelled: 11},
		},
		{
			name: "one annotator's labels only",
			acts: []action{
				{"label", "ann", "t01", "neutral", "negative"}, {"label", "bob", "t01", "pro-assad", "neutral"},
				{"label", "bob", "t02", "anti-assad", "neutral"}, {"label", "ann", "t03", "neutral", "positive"},
				{"adjudicate", "lead", "t01", "anti-assad", "negative"},
			},
			annotator: "bob",
			want:      []string{"t01:pro-assad:neutral", "t02:anti-assad:neutral"},
			stats:     ExportStats{Items: 12, Exported: 2, Unlabelled: 10},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			_, c := start(t, cfg)
			c.run(tt.acts)
			var sb strings.Builder
			st, err := Export(cfg.StoreDir, cfg.Items, cfg.Columns, tt.annotator, &sb)
			if err != nil {
				t.Fatal(err)
			}
			if st != tt.stats {
				t.Errorf("stats: got %+v, want %+v", st, tt.stats)
			}
			rows := readCSV(t, sb.String())
			// The columns after sentiment are extraColumns, checked by
			// TestExportProvenance.
			if want := []string{"id", "text", "source", "author", "location", "likes", "stance", "sentiment"}; !slices.Equal(rows[0][:8], want) {
				t.Fatalf("header: got %v, want %v", rows[0], want)
			}
			var got []string
			for _, r := range rows[1:] {
				got = append(got, r[0]+":"+r[6]+":"+r[7])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("rows: got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestExportRowContent(t *testing.T) {
	cfg := testConfig(t)
	// A metadata column named like a label column must not repeat it.
	cfg.Items[2].Meta = append(cfg.Items[2].Meta, Field{"stance", "gold-anti"}, Field{"extra", "x"})
	_, c := start(t, cfg)
	c.label("ann", "t03", "neutral", "negative")
	c.label("ann", "t04", "anti-intervention", "negative")
	var sb strings.Builder
	if _, err := Export(cfg.StoreDir, cfg.Items, cfg.Columns, "", &sb); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, sb.String())
	// The columns after sentiment are extraColumns, checked by
	// TestExportProvenance.
	for i := range rows {
		rows[i] = rows[i][:9]
	}
	want := [][]string{
		{"id", "text", "source", "author", "location", "likes", "extra", "stance", "sentiment"},
		{"t03", xssText, "fixture", "Author 3", "Town <3>", "6", "x", "neutral", "negative"},
		{"t04", cfg.Items[3].Text, "fixture", "Author 4", "Town <4>", "9", "", "anti-intervention", "negative"},
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("got %q, want %q", rows, want)
	}
	if _, err := Export(cfg.StoreDir, cfg.Items, cfg.Columns, "nobody", &sb); err == nil || !strings.Contains(err.Error(), `no annotations by "nobody"`) {
		t.Errorf("export of an unknown annotator: got %v", err)
	}
}

// TestExportFeedsTrainAndAgree reads exports the way `stance train` and
// `stance agree` do: the combined export trains a model, and two
// annotators' exports give the kappa the agreement view shows.
func TestExportFeedsTrainAndAgree(t *testing.T) {
	items, gold := seedItems(t, 16)
	cfg := testConfig(t)
	cfg.Items = items
	_, c := start(t, cfg)
	for i := range 12 {
		c.label("ann", items[i].ID, gold[i][0], gold[i][1])
		if i%4 != 3 {
			c.label("bob", items[i].ID, gold[i][0], gold[i][1])
		} else {
			c.label("bob", items[i].ID, "neutral", "neutral")
		}
	}
	c.label("bob", items[13].ID, "neutral", "negative")

	export := func(ann string) *data.CSVReader {
		var sb strings.Builder
		if _, err := Export(cfg.StoreDir, cfg.Items, cfg.Columns, ann, &sb); err != nil {
			t.Fatal(err)
		}
		r, err := data.NewCSVReader(strings.NewReader(sb.String()), ann+".csv")
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	read := func(r *data.CSVReader, key string) (ids []string, labels [][]string) {
		h := r.Header()
		rows, err := data.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		k := slices.Index(h, key)
		labels = make([][]string, 2)
		for _, row := range rows {
			ids = append(ids, row[k])
			labels[0] = append(labels[0], row[slices.Index(h, "stance")])
			labels[1] = append(labels[1], row[slices.Index(h, "sentiment")])
		}
		return ids, labels
	}

	texts, labels := read(export(""), "text")
	set := &classifier.TrainingSet{Texts: texts, Columns: []string{"stance", "sentiment"}, Labels: labels}
	r := classifier.RecipeV1()
	r.Folds = 0
	if _, err := classifier.Train(set, r, nil); err != nil {
		t.Errorf("training on the export: %v", err)
	}
	if len(texts) != 10 { // 12 labelled twice, 3 disputed; plus 1 labelled once
		t.Errorf("combined export: %d rows, want 10", len(texts))
	}

	var anns []evaluate.Annotator
	for _, name := range []string{"ann", "bob"} {
		ids, labels := read(export(name), "id")
		anns = append(anns, evaluate.Annotator{Name: name, IDs: ids, Labels: labels})
	}
	ags, err := evaluate.Agree(anns, []string{"stance", "sentiment"})
	if err != nil {
		t.Fatal(err)
	}
	var ag agreementView
	c.get("/api/agreement", &ag)
	for i, col := range []string{"stance", "sentiment"} {
		p := ag.Pairs[slices.IndexFunc(ag.Pairs, func(p pairView) bool { return p.Column == col })]
		got := ags[i].Pairs[0]
		if got.N != p.N || math.Abs(got.Kappa-*p.Kappa) > 1e-12 {
			t.Errorf("%s: stance agree on the exports gives n %d kappa %v; the agreement view n %d kappa %v", col, got.N, got.Kappa, p.N, *p.Kappa)
		}
	}
}

// TestExportProvenance checks the columns after the labels: who labelled
// each row, who adjudicated, when the deciding entry was saved, what the
// model suggested then, how it was shown, unsure and the notes.
func TestExportProvenance(t *testing.T) {
	neutral := map[string]string{"stance": "neutral", "sentiment": "negative"}
	other := map[string]string{"stance": "pro-assad", "sentiment": "negative"}
	type post struct {
		op, ann string
		labels  map[string]string
		unsure  bool
		note    string
	}
	tests := []struct {
		name     string
		model    bool
		posts    []post
		want     map[string]string
		deciding int // seq of the entry whose time and suggestion count
	}{
		{
			name:  "one annotator, no model",
			posts: []post{{"label", "ann", neutral, true, "sarcasm?"}},
			want: map[string]string{"annotators": "ann", "adjudicator": "", "stance_suggested": "", "stance_suggested_confidence": "",
				"suggestion_shown": "", "unsure": "yes", "note": "ann: sarcasm?"},
			deciding: 1,
		},
		{
			name:  "two agree: the later label decides",
			model: true,
			posts: []post{{"label", "bob", neutral, false, ""}, {"label", "ann", neutral, false, "fine"}},
			want: map[string]string{"annotators": "ann; bob", "adjudicator": "", "suggestion_shown": "show", "unsure": "",
				"note": "ann: fine"},
			deciding: 2,
		},
		{
			name:  "adjudicated: the adjudication decides",
			model: true,
			posts: []post{{"label", "ann", neutral, true, ""}, {"label", "bob", other, false, "pro?"}, {"adjudicate", "lead", other, false, "bob is right"}},
			want: map[string]string{"annotators": "ann; bob", "adjudicator": "lead", "suggestion_shown": "show", "unsure": "yes",
				"note": "bob: pro? | lead (adjudicating): bob is right"},
			deciding: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			var b *classifier.Bundle
			if tt.model {
				cfg, b = modelConfig(t, 12)
			}
			_, c := start(t, cfg)
			id := cfg.Items[0].ID
			for _, p := range tt.posts {
				body := map[string]any{"annotator": p.ann, "id": id, "labels": p.labels, "note": p.note}
				if p.unsure {
					body["unsure"] = true
				}
				c.mustPost("/api/"+p.op, body, http.StatusOK)
			}
			var sb strings.Builder
			if _, err := Export(cfg.StoreDir, cfg.Items, cfg.Columns, "", &sb); err != nil {
				t.Fatal(err)
			}
			rows := readCSV(t, sb.String())
			if !slices.Equal(rows[0][len(rows[0])-len(extraColumns(cfg.Columns)):], extraColumns(cfg.Columns)) {
				t.Fatalf("header %v does not end in %v", rows[0], extraColumns(cfg.Columns))
			}
			got := map[string]string{}
			for k, name := range rows[0] {
				got[name] = rows[1][k]
			}
			want := maps.Clone(tt.want)
			e := journalLines(t, cfg.StoreDir)[tt.deciding-1]
			want["labelled_at"] = e.Time.Format("2006-01-02T15:04:05.000Z")
			if tt.model {
				// The model's own choice, as the shipped model predicts it.
				pred := b.NewPredictor().Predict(cfg.Items[0].Text)
				want["stance_suggested"] = pred[0].Label
				want["sentiment_suggested"] = pred[1].Label
				want["stance_suggested_confidence"] = strconv.FormatFloat(math.Round(pred[0].Probs[slices.Index(b.Columns[0].Labels, pred[0].Label)]*1e4)/1e4, 'f', 4, 64)
			}
			for col, v := range want {
				if got[col] != v {
					t.Errorf("%s: got %q, want %q", col, got[col], v)
				}
			}
		})
	}
}

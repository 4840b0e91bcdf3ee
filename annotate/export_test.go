package annotate

import (
	"encoding/csv"
	"math"
	"net/http"
	"slices"
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
			if want := []string{"id", "text", "source", "author", "location", "likes", "stance", "sentiment"}; !slices.Equal(rows[0], want) {
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

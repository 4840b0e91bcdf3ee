package data

import (
	"os"
	"reflect"
	"slices"
	"testing"
)

// TestCodebookColumns checks the label columns read from CODEBOOK.md. The
// wanted lists are the rows of its two tables, top to bottom: annotate's
// buttons show them in this order, and the shipped model and the seed
// corpus use exactly these labels.
func TestCodebookColumns(t *testing.T) {
	want := []CodebookColumn{
		{"stance", []string{"pro-defection", "anti-defection", "pro-intervention", "anti-intervention", "pro-assad", "anti-assad", "neutral"}},
		{"sentiment", []string{"negative", "neutral", "positive"}},
	}
	got := CodebookColumns()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	// A caller's change must not reach the next caller.
	got[0].Labels[0] = "changed"
	got[1].Name = "changed"
	if again := CodebookColumns(); !reflect.DeepEqual(again, want) {
		t.Errorf("after a caller changed its copy: got %q, want %q", again, want)
	}
}

// TestCodebookMatchesSeedCorpus checks that the seed corpus, labelled by
// the codebook, uses every label of it and no other.
func TestCodebookMatchesSeedCorpus(t *testing.T) {
	f, err := os.Open("syria-comments.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := NewCSVReader(f, "syria-comments.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs := readAll(t, r)
	for _, c := range CodebookColumns() {
		i := slices.Index(r.Header(), c.Name)
		if i < 0 {
			t.Errorf("the seed corpus has no column %s", c.Name)
			continue
		}
		used := map[string]bool{}
		for _, rec := range recs {
			used[rec.Fields[i]] = true
		}
		for _, l := range c.Labels {
			if !used[l] {
				t.Errorf("column %s: codebook label %q is used by no seed comment", c.Name, l)
			}
			delete(used, l)
		}
		for l := range used {
			t.Errorf("column %s: seed label %q is not in the codebook", c.Name, l)
		}
	}
}

func TestParseCodebook(t *testing.T) {
	tests := []struct {
		name    string
		md      string
		want    []CodebookColumn
		wantErr string
	}{
		{"two sections", "# Guide\n\n## Tone\n\nIntro.\n\n| label | meaning |\n|---|---|\n| `bad` | x |\n| `good` | y |\n\nText after.\n| `not` | a label: the table ended |\n\n## Notes\n\n| word | meaning |\n|:--|--:|\n| `x` | not a label table |\n\n## Topic\n| Label | what |\n| --- | --- |\n|`a`|1|\n|`b`|2|\n",
			[]CodebookColumn{{"tone", []string{"bad", "good"}}, {"topic", []string{"a", "b"}}}, ""},
		{"indented and CRLF", "## Tone\r\n  | label |\r\n  |---|\r\n  | `bad` |\r\n  | `good` |\r\n",
			[]CodebookColumn{{"tone", []string{"bad", "good"}}}, ""},
		{"no tables", "## Tone\n\nNo table here.\n", nil, "t.md: no label tables"},
		{"one label", "## Tone\n| label |\n|---|\n| `bad` |\n", nil, "t.md: column tone: want at least 2 labels, got 1"},
		{"label twice", "## Tone\n| label |\n|---|\n| `bad` |\n| `bad` |\n", nil, `t.md:5: label "bad" given twice in column tone`},
		{"bare label", "## Tone\n| label |\n|---|\n| bad |\n| `good` |\n", nil, "t.md:4: label bad: want it in back quotes, as `label`"},
		{"two tables", "## Tone\n| label |\n|---|\n| `a` |\n| `b` |\n\n| label |\n|---|\n| `c` |\n", nil, "t.md:7: a second label table for column tone"},
		{"no section", "| label |\n|---|\n| `a` |\n", nil, `t.md:1: label table outside a "## Column" section`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseCodebook([]byte(tt.md), "t.md")
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("got error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

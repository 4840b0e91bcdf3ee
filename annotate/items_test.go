package annotate

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
)

func TestSchema(t *testing.T) {
	tests := []struct {
		spec    string
		want    []Column
		wantErr string
	}{
		{"stance=pro,anti;sentiment=neg,pos", []Column{{"stance", []string{"pro", "anti"}}, {"sentiment", []string{"neg", "pos"}}}, ""},
		{" frame = a , b ,, c ", []Column{{"frame", []string{"a", "b", "c"}}}, ""},
		{"stance=pro", nil, `"stance=pro" is not col=label1,label2,...`},
		{"=a,b", nil, `"=a,b" is not col=label1,label2,...`},
		{"stance", nil, `"stance" is not col=label1,label2,...`},
		{"", nil, ErrNoSchema.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := Schema(tt.spec, nil)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("got %v, want error %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// TestSchemaCodebookOrder checks that a model's columns take the
// codebook's label order (data/CODEBOOK.md) when they have the codebook's
// labels, and keep their own otherwise.
func TestSchemaCodebookOrder(t *testing.T) {
	book := DefaultColumns()
	sorted := func(l []string) []string { l = slices.Clone(l); slices.Sort(l); return l }
	tests := []struct {
		name  string
		model []classifier.Column
		want  []Column
	}{
		{"codebook labels, sorted", []classifier.Column{{Name: "stance", Labels: sorted(book[0].Labels)}, {Name: "sentiment", Labels: sorted(book[1].Labels)}},
			book},
		{"a label the codebook lacks", []classifier.Column{{Name: "sentiment", Labels: []string{"mixed", "negative", "neutral", "positive"}}},
			[]Column{{"sentiment", []string{"mixed", "negative", "neutral", "positive"}}}},
		{"a column the codebook lacks", []classifier.Column{{Name: "frame", Labels: []string{"b", "a"}}},
			[]Column{{"frame", []string{"b", "a"}}}},
	}
	if slices.Equal(sorted(book[0].Labels), book[0].Labels) {
		t.Fatal("fixture: the codebook's stance labels are sorted; the test would prove nothing")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Schema("", &classifier.Bundle{Columns: tt.model})
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestReadItems(t *testing.T) {
	schema := []Column{{Name: "stance", Labels: []string{"pro", "anti"}}}
	tests := []struct {
		name    string
		in      string
		cols    data.Columns
		want    []Item
		wantErr string
	}{
		{
			name: "meta kept, label columns and empty fields hidden",
			in:   "id,text,author,stance,score\nc1,hello,Ann,pro,\nc2,bye,,anti,3\n",
			want: []Item{
				{ID: "c1", Text: "hello", Meta: []Field{{"source", "in"}, {"author", "Ann"}}},
				{ID: "c2", Text: "bye", Meta: []Field{{"source", "in"}, {"score", "3"}}},
			},
		},
		{
			name: "named text column, ids made up",
			in:   "body\nx\n",
			cols: data.Columns{Text: "body"},
			want: []Item{{ID: "r0001", Text: "x", Meta: []Field{{"source", "in"}}}},
		},
		{name: "duplicate id", in: "id,text\na,x\na,y\n", wantErr: `in.csv:3: id "a" already used at line 2; annotation needs unique ids`},
		{name: "no rows", in: "id,text\n", wantErr: "in.csv: no comments to annotate"},
		{name: "no text column", in: "id,body\n1,x\n", wantErr: `in.csv: no text column "text"; columns are: "id", "body"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := data.NewCSVReader(strings.NewReader(tt.in), "in.csv")
			if err != nil {
				t.Fatal(err)
			}
			got, err := ReadItems(r, "in.csv", tt.cols, schema)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("got %v, want error %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v, %v\nwant %+v", got, err, tt.want)
			}
		})
	}
}

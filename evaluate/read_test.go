package evaluate

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/data"
)

func TestReadDocs(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		cols    data.Columns
		limit   int
		want    []Doc
		wantErr string
	}{
		{"ids from the id column", "id,text\na,x\nb,y\nc,z\n", data.Columns{}, 2, []Doc{{ID: "a", Text: "x"}, {ID: "b", Text: "y"}}, ""},
		{"all without a limit", "id,text\na,x\nb,y\nc,z\n", data.Columns{}, 0, []Doc{{ID: "a", Text: "x"}, {ID: "b", Text: "y"}, {ID: "c", Text: "z"}}, ""},
		{"numbered without one", "text\nx\ny\n", data.Columns{}, 5, []Doc{{ID: "1", Text: "x"}, {ID: "2", Text: "y"}}, ""},
		{"named columns", "key,body\nk,x\n", data.Columns{Text: "body", ID: "key"}, 5, []Doc{{ID: "k", Text: "x"}}, ""},
		{"gold labels of the columns present", "id,text,stance\na,x,pro\nb,y,\n", data.Columns{Labels: []string{"stance", "sentiment"}}, 0,
			[]Doc{{ID: "a", Text: "x", Gold: map[string]string{"stance": "pro"}}, {ID: "b", Text: "y"}}, ""},
		{"no text column", "id,body\na,x\n", data.Columns{}, 5, nil, `in.csv: no text column "text"; columns are: "id", "body"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := data.NewCSVReader(strings.NewReader(tt.in), "in.csv")
			if err != nil {
				t.Fatal(err)
			}
			got, err := ReadDocs(r, "in.csv", tt.cols, tt.limit)
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

func TestParseCurve(t *testing.T) {
	tests := []struct {
		in      string
		want    []float64
		wantErr bool
	}{
		{"none", nil, false},
		{"", nil, false},
		{"0.1, 0.5,1", []float64{0.1, 0.5, 1}, false},
		{"0", nil, true},
		{"1.5", nil, true},
		{"half", nil, true},
		{"NaN", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseCurve(tt.in)
		if (err != nil) != tt.wantErr || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseCurve(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

package label

import (
	"strings"
	"testing"
)

func TestWriteSummary(t *testing.T) {
	tests := []struct {
		name string
		st   Stats
		want string
	}{
		{
			name: "counts and shares",
			st:   Stats{Rows: 4, Columns: []string{"stance"}, Labels: [][]string{{"anti", "pro"}}, Counts: [][]int{{3, 1}}},
			want: "labelled 4 rows\nstance  count  share\n  anti  3       75.0%\n  pro   1       25.0%\n",
		},
		{
			name: "notes of both kinds",
			st:   Stats{Rows: 1, Empty: 1, Truncated: 2, Noted: 3, Columns: []string{"s"}, Labels: [][]string{{"a"}}, Counts: [][]int{{1}}},
			want: "labelled 1 row\n3 rows noted in <col>_note (1 empty text labelled from the training prior; 2 texts cut to the size limit)\ns    count  share\n  a  1      100.0%\n",
		},
		{
			name: "unfamiliar rows",
			st:   Stats{Rows: 2, Unfamiliar: 2, Noted: 2},
			want: "labelled 2 rows\n2 rows noted in <col>_note (2 rows with under half their words known to the model)\n",
		},
		{
			name: "reader notes only: no detail",
			st:   Stats{Rows: 0, Noted: 1},
			want: "labelled 0 rows\n1 row noted in <col>_note\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := tt.st.WriteSummary(&b); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got\n%q\nwant\n%q", b.String(), tt.want)
			}
		})
	}
}

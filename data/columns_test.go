package data

import (
	"fmt"
	"strings"
	"testing"
)

func TestColumnError(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		kind   string
		col    string
		header []string
		want   string
		near   string
	}{
		{"no near match", "", KindText, "text", []string{"id", "body"},
			`no text column "text"; columns are: "id", "body"`, ""},
		{"file named", "in.csv", KindText, "text", []string{"id", "body"},
			`in.csv: no text column "text"; columns are: "id", "body"`, ""},
		{"case", "", KindText, "text", []string{"id", "Text"},
			`no text column "text"; columns are: "id", "Text"; did you mean "Text"?`, "Text"},
		{"trailing space shows", "", KindText, "text", []string{"id", "Text "},
			`no text column "text"; columns are: "id", "Text "; did you mean "Text "?`, "Text "},
		{"label", "", KindLabel, "stance", []string{"Stance", "text"},
			`no label column "stance"; columns are: "Stance", "text"; did you mean "Stance"?`, "Stance"},
		{"empty header name shows", "", KindText, "text", []string{"", "id"},
			`no text column "text"; columns are: "", "id"`, ""},
		{"group-by", "l.csv", KindGroupBy, "source", []string{"SOURCE"},
			`l.csv: no group-by column "source"; columns are: "SOURCE"; did you mean "SOURCE"?`, "SOURCE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewColumnError(tt.file, tt.kind, tt.col, tt.header)
			if got := e.Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if e.Near != tt.near {
				t.Errorf("Near = %q, want %q", e.Near, tt.near)
			}
		})
	}
}

func TestColumnsDefaults(t *testing.T) {
	var zero Columns
	if zero.TextColumn() != "text" || zero.IDColumn() != "id" {
		t.Errorf("zero Columns: text %q id %q, want text id", zero.TextColumn(), zero.IDColumn())
	}
	d := DefaultColumns()
	if d.TextColumn() != zero.TextColumn() || d.IDColumn() != zero.IDColumn() {
		t.Errorf("DefaultColumns %+v differs from the zero value's defaults", d)
	}
	c := Columns{Text: "body", ID: "key"}
	if c.TextColumn() != "body" || c.IDColumn() != "key" {
		t.Errorf("set Columns: text %q id %q", c.TextColumn(), c.IDColumn())
	}
}

func TestQuoteList(t *testing.T) {
	many := make([]string, 23)
	for i := range many {
		many[i] = fmt.Sprint(i)
	}
	wantMany := `"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", and 3 more`
	// 59 'a's then 'é' (2 bytes) straddles byte 60: the cut falls before it.
	long := strings.Repeat("a", 59) + "é" + "rest"
	tests := []struct {
		name string
		in   []string
		want string
	}{
		{"none", nil, ""},
		{"quoted", []string{"id", "", "Text "}, `"id", "", "Text "`},
		{"capped at 20", many, wantMany},
		{"long name cut at a rune boundary", []string{long}, `"` + strings.Repeat("a", 59) + `"...`},
		{"60 bytes is kept whole", []string{strings.Repeat("b", 60)}, `"` + strings.Repeat("b", 60) + `"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := QuoteList(tt.in); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

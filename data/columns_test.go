package data

import (
	"fmt"
	"strings"
	"testing"
)

func TestMissingColumn(t *testing.T) {
	tests := []struct {
		name   string
		kind   string
		col    string
		header []string
		flag   string
		want   string
	}{
		{"no near match", "text", "text", []string{"id", "body"}, "-text-col",
			`no text column "text"; columns are: "id", "body"`},
		{"case", "text", "text", []string{"id", "Text"}, "-text-col",
			`no text column "text"; columns are: "id", "Text"; did you mean "Text"? (-text-col Text)`},
		{"trailing space is quoted for the shell", "text", "text", []string{"id", "Text "}, "-text-col",
			`no text column "text"; columns are: "id", "Text "; did you mean "Text "? (-text-col 'Text ')`},
		{"label, no flag", "label", "stance", []string{"Stance", "text"}, "",
			`no label column "stance"; columns are: "Stance", "text"; did you mean "Stance"?`},
		{"empty header name shows", "text", "text", []string{"", "id"}, "-text-col",
			`no text column "text"; columns are: "", "id"`},
		{"quote in name", "text", "it's", []string{"IT'S"}, "-text-col",
			`no text column "it's"; columns are: "IT'S"; did you mean "IT'S"? (-text-col 'IT'\''S')`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MissingColumn(tt.kind, tt.col, tt.header, tt.flag).Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
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

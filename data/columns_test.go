package data

import "testing"

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

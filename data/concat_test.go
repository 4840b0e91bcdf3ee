package data

import (
	"bytes"
	"strings"
	"testing"
)

func TestConcat(t *testing.T) {
	tests := []struct {
		name   string
		inputs []string // CSV texts
		want   string
		counts []int
	}{
		{"one input is copied", []string{"a,b\n1,2\n"}, "a,b\n1,2\n", []int{1}},
		{"same headers", []string{"a,b\n1,2\n", "a,b\n3,4\n5,6\n"}, "a,b\n1,2\n3,4\n5,6\n", []int{1, 2}},
		{"union in first-seen order, gaps empty", []string{"a,b\n1,2\n", "c,a\n3,4\n"}, "a,b,c\n1,2,\n4,,3\n", []int{1, 1}},
		{"an input with no rows", []string{"a\n", "b\nx\n"}, "a,b\n,x\n", []int{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rs []Reader
			for i, in := range tt.inputs {
				r, err := NewCSVReader(strings.NewReader(in), string(rune('a'+i))+".csv")
				if err != nil {
					t.Fatal(err)
				}
				rs = append(rs, r)
			}
			var buf bytes.Buffer
			var counts []int
			n, err := Concat(NewWriter(&buf), rs, func(i, n int) { counts = append(counts, n) })
			if err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			total := 0
			for i, c := range tt.counts {
				total += c
				if i >= len(counts) || counts[i] != c {
					t.Errorf("counts %v, want %v", counts, tt.counts)
					break
				}
			}
			if n != total {
				t.Errorf("returned %d records, want %d", n, total)
			}
		})
	}
}

func TestParseDelimiter(t *testing.T) {
	tests := []struct {
		in      string
		want    rune
		wantErr bool
	}{
		{"auto", 0, false}, {"", 0, false}, {"AUTO", 0, false},
		{",", ',', false}, {";", ';', false}, {"|", '|', false},
		{"tab", '\t', false}, {"\t", '\t', false}, {`\t`, '\t', false}, {"Tab", '\t', false},
		{"comma", ',', false}, {"semicolon", ';', false}, {"pipe", '|', false},
		{":", 0, true}, {"space", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseDelimiter(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseDelimiter(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

// Package benchtext makes realistic comments for benchmarks and tests: the
// sentences of the annotated seed corpus (data/syria-comments.csv)
// recombined, one to four to a comment, deterministically. Comments made
// this way have the length, vocabulary and punctuation of real reader
// comments without repeating any one of them whole.
package benchtext

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
)

// Comment is one made-up comment: its text, and the author and location of
// the seed comment its first sentence came from.
type Comment struct {
	Text, Author, Location string
}

// Comments returns n comments made from the CSV at path, which needs the
// columns text, author and location. The same path and n give the same
// comments.
func Comments(path string, n int) ([]Comment, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: no comments", path)
	}
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	for _, c := range []string{"text", "author", "location"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s: no %s column", path, c)
		}
	}
	var sents []Comment
	for _, r := range rows[1:] {
		for _, s := range strings.SplitAfter(r[col["text"]], ". ") {
			if s = strings.TrimSpace(s); s != "" {
				sents = append(sents, Comment{s, r[col["author"]], r[col["location"]]})
			}
		}
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	out := make([]Comment, n)
	for i := range out {
		parts := make([]string, 1+rnd.IntN(4))
		for j := range parts {
			s := sents[rnd.IntN(len(sents))]
			if j == 0 {
				out[i] = s
			}
			parts[j] = s.Text
		}
		out[i].Text = strings.Join(parts, " ")
	}
	return out, nil
}

// Texts returns the texts of Comments(path, n).
func Texts(path string, n int) ([]string, error) {
	cs, err := Comments(path, n)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Text
	}
	return out, nil
}

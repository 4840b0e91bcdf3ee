package benchtext

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/stance-nlp/stance/internal/csvfile"
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
	rows, err := csvfile.Read(path, "text", "author", "location")
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no comments", path)
	}
	var sents []Comment
	for _, r := range rows {
		text, author, location := r[0], r[1], r[2]
		for _, s := range strings.SplitAfter(text, ". ") {
			if s = strings.TrimSpace(s); s != "" {
				sents = append(sents, Comment{s, author, location})
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

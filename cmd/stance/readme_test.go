package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/internal/testkit"
)

// TestReadmeCommands runs every `./stance` command line of README.md's
// shell blocks, in order, in a directory holding the files they name, and
// fails on any that does not exit 0: the README's usage cannot go stale.
// The annotation server's lines are left out (TestAnnotateCommand serves
// and exports the same way), as are the make and go lines.
func TestReadmeCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("runs cross-validations; not in -short")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	cmds := readmeCommands(string(readme))
	if len(cmds) < 10 {
		t.Fatalf("found %d ./stance lines in README.md's shell blocks; the parser has lost them", len(cmds))
	}
	dir := t.TempDir()
	writeReadmeFixtures(t, dir)
	t.Chdir(dir)
	ran := 0
	for _, c := range cmds {
		if len(c.args) > 0 && c.args[0] == "annotate" {
			continue
		}
		t.Run(c.line, func(t *testing.T) {
			args, err := c.expand()
			if err != nil {
				t.Fatal(err)
			}
			var stdin []byte
			if c.stdin != "" {
				if stdin, err = os.ReadFile(c.stdin); err != nil {
					t.Fatal(err)
				}
			}
			var out, errb bytes.Buffer
			code := runArgs(args, bytes.NewReader(stdin), &out, &errb)
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, errb.String())
			}
			if c.stdout != "" {
				if err := os.WriteFile(c.stdout, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
		ran++
	}
	t.Logf("ran %d README command lines", ran)
}

// readmeCommand is one `./stance` line of a shell block.
type readmeCommand struct {
	line          string
	args          []string // after ./stance
	stdin, stdout string   // redirections, "" for none
}

// readmeCommands returns the ./stance lines of the ```sh blocks of md.
func readmeCommands(md string) []readmeCommand {
	var out []readmeCommand
	in := false
	for _, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "```"):
			in = !in && strings.TrimPrefix(line, "```") == "sh"
			continue
		case !in || !strings.HasPrefix(line, "./stance "):
			continue
		}
		words := shellWords(strings.TrimPrefix(line, "./stance "))
		c := readmeCommand{line: "stance " + strings.Join(words, " ")}
		for i := 0; i < len(words); i++ {
			switch words[i] {
			case "<":
				i++
				c.stdin = words[i]
			case ">":
				i++
				c.stdout = words[i]
			default:
				c.args = append(c.args, words[i])
			}
		}
		out = append(out, c)
	}
	return out
}

// shellWords splits s as a shell would for the README's simple lines:
// white space separates words, single quotes keep one, and a word starting
// with # begins a comment.
func shellWords(s string) []string {
	var words []string
	var w strings.Builder
	inWord, quoted := false, false
	for _, r := range s {
		switch {
		case quoted && r == '\'':
			quoted = false
		case quoted:
			w.WriteRune(r)
		case r == '\'':
			quoted, inWord = true, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case r == '#' && !inWord:
			return words
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

// expand globs the arguments with wildcards, as the shell would.
func (c readmeCommand) expand() ([]string, error) {
	var out []string
	for _, a := range c.args {
		if !strings.ContainsAny(a, "*?[") {
			out = append(out, a)
			continue
		}
		m, err := filepath.Glob(a)
		if err != nil || len(m) == 0 {
			return nil, fmt.Errorf("%s matches nothing", a)
		}
		out = append(out, m...)
	}
	return out, nil
}

// writeReadmeFixtures puts in dir the files the README's lines read
// before any line writes them: the seeds, the seed corpus as annotations
// and gold labels, three annotators' files, a CSV with its text in "body",
// a JSONL file, a file with a "frame" label, comments of several threads
// (testkit.Threads) and a trained model.
func writeReadmeFixtures(t *testing.T, dir string) {
	t.Helper()
	write := func(name, s string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	seeds, _ := filepath.Glob("../../seeds/*.txt")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		write(filepath.Join("seeds", filepath.Base(s)), string(b))
	}
	corpus, err := os.ReadFile("../../data/syria-comments.csv")
	if err != nil {
		t.Fatal(err)
	}
	write("data/syria-comments.csv", string(corpus))
	rules, err := os.ReadFile("../../data/syria.rules")
	if err != nil {
		t.Fatal(err)
	}
	write("data/syria.rules", string(rules))
	write("annotated.csv", string(corpus))
	r, err := data.NewCSVReader(bytes.NewReader(corpus), "syria-comments.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := data.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	// Columns: id,author,location,text,stance,sentiment.
	var gold, body, jsonl, frames strings.Builder
	anns := make([]strings.Builder, 3)
	gold.WriteString("id,text,stance,sentiment\n")
	body.WriteString("key,body\n")
	frames.WriteString("comment,frame\n")
	for a := range anns {
		anns[a].WriteString("id,stance\n")
	}
	cw := func(b *strings.Builder, fields ...string) {
		w := data.NewWriter(b)
		w.Write(fields)
		w.Flush()
	}
	// old.csv and other-page.csv: the seed corpus split, its last 52
	// comments standing in for a new set's annotations (README.md,
	// "Labelling a new comment set").
	var oldRows, newRows strings.Builder
	for _, b := range []*strings.Builder{&oldRows, &newRows} {
		cw(b, "id", "author", "location", "text", "stance", "sentiment")
	}
	for i, row := range rows {
		b := &oldRows
		if i >= len(rows)-52 {
			b = &newRows
		}
		cw(b, row...)
	}
	write("old.csv", oldRows.String())
	write("other-page.csv", newRows.String())
	for i, row := range rows {
		id, text, stance, sentiment := row[0], row[3], row[4], row[5]
		if i%4 == 0 {
			cw(&gold, id, text, stance, sentiment)
		}
		cw(&body, id, text)
		fmt.Fprintf(&jsonl, "{\"id\":%q,\"text\":%q}\n", id, text)
		frame := "security"
		if strings.Contains(strings.ToLower(text), "refugee") || i%3 == 0 {
			frame = "humanitarian"
		}
		cw(&frames, text, frame)
		for a := range anns {
			l := stance
			if (i+a)%7 == 0 {
				l = "neutral"
			}
			cw(&anns[a], id, l)
		}
	}
	write("gold.csv", gold.String())
	write("export.csv", body.String())
	write("comments.jsonl", jsonl.String())
	write("my-annotations.csv", frames.String())
	var threads strings.Builder
	cw(&threads, testkit.ThreadsHeader...)
	for _, row := range testkit.Threads() {
		cw(&threads, row...)
	}
	write("threads.csv", threads.String())
	for a := range anns {
		write(fmt.Sprintf("ann%d.csv", a+1), anns[a].String())
	}
	if code, _, stderr := stance(t, "", "train", "-folds", "0", "-o", filepath.Join(dir, "my.model"), filepath.Join(dir, "annotated.csv")); code != 0 {
		t.Fatalf("training the fixture model: exit %d: %s", code, stderr)
	}
}

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/internal/testkit"
)

// docsInOrder are the files under docs/ whose `./stance` lines
// TestDocsCommands runs, in this order: later files read what earlier ones
// write (reports.md summarizes the labelled.csv of commands.md).
var docsInOrder = []string{
	"commands.md", "robustness.md", "reports.md", "annotation.md", "model.md",
	"shift.md", "adapting.md", "groups.md", "structure.md", "rules.md",
	"accuracy.md", "design.md", "golearn.md", "testing.md",
}

// TestDocsCommands runs every `./stance` command line of the shell blocks
// of the files under docs/, in order, in one directory holding the files
// they name, and fails on any that does not exit 0: the reference cannot
// go stale. The annotation server's lines are left out (TestAnnotateCommand
// serves and exports the same way), as are the make and go lines.
func TestDocsCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("runs cross-validations; not in -short")
	}
	listed := map[string]bool{}
	for _, name := range docsInOrder {
		listed[name] = true
	}
	all, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	var cmds []readmeCommand
	for _, path := range all {
		if name := filepath.Base(path); !listed[name] && name != "README.md" {
			t.Errorf("docs/%s is not in docsInOrder, so its commands would go unchecked", name)
		}
	}
	for _, name := range docsInOrder {
		md, err := os.ReadFile(filepath.Join("../../docs", name))
		if err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, readmeCommands(string(md))...)
	}
	if len(cmds) < 10 {
		t.Fatalf("found %d ./stance lines in the shell blocks of docs/; the parser has lost them", len(cmds))
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
	t.Logf("ran %d command lines of docs/", ran)
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

// writeReadmeFixtures puts in dir the files the lines of docs/ read
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
	// comments standing in for a new set's annotations (docs/adapting.md,
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

// TestReadmeExample is the guide's doc test: it runs README.md's shell
// blocks with bash, every command as written and in order, from the top of
// the clone (the first block builds the binary into a scratch directory
// under $TMPDIR and works there), and fails on a non-zero exit or on a
// file the commands leave in the clone's top directory. make lines are left
// out: they are the two commands, which CI runs itself. The annotation
// server is started on a free port, checked to be listening, and stopped.
func TestReadmeExample(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs a cross-validation and a training; not in -short")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not found; the guide's commands are shell")
	}
	md, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	script, steps, err := guideScript(string(md))
	if err != nil {
		t.Fatal(err)
	}
	if steps.run < 8 || steps.served < 1 {
		t.Fatalf("README.md's shell blocks gave %d commands to run and %d servers to start; the parser has lost them", steps.run, steps.served)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	before := topLevel(t, root)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	tmp := t.TempDir()
	cmd := exec.CommandContext(ctx, bash, "-c", script)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("README.md's commands failed: %v\n%s", err, out)
	}
	for name := range topLevel(t, root) {
		if !before[name] {
			t.Errorf("README.md's commands left %s in the clone's top directory", name)
		}
	}
	t.Logf("ran %d README.md commands and started %d servers", steps.run, steps.served)
	dirs, err := filepath.Glob(filepath.Join(tmp, "tmp.*"))
	if err != nil || len(dirs) != 1 {
		t.Fatalf("want the one scratch directory mktemp made in %s, found %v (%v)", tmp, dirs, err)
	}
	checkGuideFigures(t, string(md), root, dirs[0])
}

// checkGuideFigures checks what "The outputs explained" says of the
// worked example's outputs against the files the commands wrote in dir,
// so that the guide's figures change when the program's do.
func checkGuideFigures(t *testing.T, md, root, dir string) {
	t.Helper()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	report := read("report/report.txt")
	// Each figure as README.md quotes it, and the line of report.txt
	// (the cv report of step 4) that must hold it.
	for _, c := range []struct{ quote, line string }{
		{"stance macro-F1 is 0.315 [0.20, 0.38]", "macro-F1                   0.315 [0.20, 0.38]"},
		{"baseline's 0.091", "0.315 [0.20, 0.38]                               0.091"},
		{"sentiment 0.477 [0.37, 0.60] against 0.262", "macro-F1                   0.477 [0.37, 0.60]                         0.262"},
	} {
		if !strings.Contains(md, c.quote) {
			t.Errorf("README.md no longer says %q; update this check with it", c.quote)
		}
		if !strings.Contains(report, c.line) {
			t.Errorf("report/report.txt lacks %q, which README.md quotes as %q:\n%s", c.line, c.quote, report)
		}
	}
	// "on the seed corpus it writes the shipped model again, byte for byte"
	shipped, err := os.ReadFile(filepath.Join(root, "models/default.model"))
	if err != nil {
		t.Fatal(err)
	}
	if read("my.model") != string(shipped) {
		t.Error("my.model differs from models/default.model, which README.md says it equals byte for byte")
	}
	// "(206 here)", and "each [article] is one row labelled anti-defection".
	r, err := data.NewCSVReader(strings.NewReader(read("labelled.csv")), "labelled.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := data.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 206 {
		t.Errorf("labelled.csv has %d rows; README.md says 206", len(rows))
	}
	articles := 0
	for _, row := range rows {
		// Columns: id,source,author,location,text,stance,...
		if row[1] == "000_80490c9b2aeffcca" {
			continue
		}
		articles++
		if row[5] != "anti-defection" {
			t.Errorf("article %s labelled %q; README.md says anti-defection", row[1], row[5])
		}
	}
	if articles != 4 {
		t.Errorf("%d article rows in labelled.csv; README.md says four", articles)
	}
}

// topLevel returns the names in dir.
func topLevel(t *testing.T, dir string) map[string]bool {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, e := range entries {
		names[e.Name()] = true
	}
	return names
}

// guideSteps counts what guideScript made of a guide's shell blocks.
type guideSteps struct {
	run, served, skipped int
}

// guideScript turns the ```sh blocks of md into one bash script that runs
// each command in order and stops at the first non-zero exit, naming the
// README.md line. A line starting "make " is skipped; a "./stance annotate"
// line that is not export or repair starts a server, which is given a free
// port (unless the line names -addr), must log "listening on" within a
// minute, and must exit 0 on SIGTERM.
func guideScript(md string) (string, guideSteps, error) {
	var b strings.Builder
	var steps guideSteps
	b.WriteString("set -u\n")
	b.WriteString("guide_fail() { echo \"README.md:$1: $2\" >&2; exit 1; }\n")
	in := false
	for i, raw := range strings.Split(md, "\n") {
		n := i + 1
		if strings.HasPrefix(raw, "```") {
			in = !in && strings.TrimPrefix(raw, "```") == "sh"
			continue
		}
		if !in {
			continue
		}
		line := strings.TrimSpace(stripShellComment(raw))
		switch {
		case line == "":
			continue
		case strings.HasSuffix(line, "\\"):
			return "", steps, fmt.Errorf("README.md:%d: a continued line; write each command on one line", n)
		case strings.HasPrefix(line, "make "):
			steps.skipped++
			continue
		}
		words := shellWords(line)
		if len(words) >= 2 && words[0] == "./stance" && words[1] == "annotate" &&
			(len(words) < 3 || (words[2] != "export" && words[2] != "repair")) {
			addr := " -addr 127.0.0.1:0"
			if strings.Contains(line, "-addr") {
				addr = ""
			}
			log := fmt.Sprintf("\"$TMPDIR/serve-%d.log\"", n)
			fmt.Fprintf(&b, "%s%s 2>%s &\n", line, addr, log)
			fmt.Fprintf(&b, "guide_pid=$!; guide_i=0\n")
			fmt.Fprintf(&b, "until grep -q 'listening on' %s; do\n", log)
			fmt.Fprintf(&b, "  guide_i=$((guide_i+1))\n")
			fmt.Fprintf(&b, "  if [ $guide_i -gt 600 ] || ! kill -0 $guide_pid 2>/dev/null; then cat %s >&2; kill $guide_pid 2>/dev/null; guide_fail %d 'the server did not start'; fi\n", log, n)
			fmt.Fprintf(&b, "  sleep 0.1\n")
			fmt.Fprintf(&b, "done\n")
			fmt.Fprintf(&b, "kill -TERM $guide_pid; wait $guide_pid; rc=$?\n")
			fmt.Fprintf(&b, "[ $rc -eq 0 ] || { cat %s >&2; guide_fail %d \"the server exited $rc on SIGTERM\"; }\n", log, n)
			steps.served++
			continue
		}
		fmt.Fprintf(&b, "%s\nrc=$?; [ $rc -eq 0 ] || guide_fail %d \"exit $rc\"\n", line, n)
		steps.run++
	}
	if in {
		return "", steps, fmt.Errorf("README.md: a shell block is never closed")
	}
	return b.String(), steps, nil
}

// stripShellComment drops a # comment that starts a word outside quotes.
func stripShellComment(s string) string {
	var quote rune
	prev := ' '
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '#' && (prev == ' ' || prev == '\t'):
			return s[:i]
		}
		prev = r
	}
	return s
}

// TestGuideScript checks what the doc test makes of a guide's shell
// blocks: which lines run, which are skipped, which start a server, and
// which a guide may not hold. The counts are those of each case's lines.
func TestGuideScript(t *testing.T) {
	cases := []struct {
		name            string
		md              string
		run, served     int
		skipped         int
		contains        []string
		lacks           []string
		wantErrContains string
	}{
		{
			name:     "commands run, comments and make skipped",
			md:       "```sh\nmake demo    # the demo\n             # more comment\n./stance ingest seeds/*.txt > c.csv   # ingest\n```\n",
			run:      1,
			skipped:  1,
			contains: []string{"./stance ingest seeds/*.txt > c.csv\nrc=$?", "guide_fail 4 "},
			lacks:    []string{"make demo", "# ingest"},
		},
		{
			name: "only sh blocks",
			md:   "```\n./stance label x.csv\n```\n```console\n./stance label y.csv\n```\n",
		},
		{
			name:     "server started on a free port, export run",
			md:       "```sh\n./stance annotate -data c.csv -store ann/\n./stance annotate export -data c.csv -store ann/ -o a.csv\n```\n",
			run:      1,
			served:   1,
			contains: []string{"./stance annotate -data c.csv -store ann/ -addr 127.0.0.1:0 2>", "kill -TERM", "./stance annotate export -data c.csv -store ann/ -o a.csv\nrc=$?"},
		},
		{
			name:     "a server's own -addr kept",
			md:       "```sh\n./stance annotate -data c.csv -store s -addr 127.0.0.1:9999\n```\n",
			served:   1,
			contains: []string{"-addr 127.0.0.1:9999 2>"},
			lacks:    []string{"127.0.0.1:0"},
		},
		{
			name:     "a # inside quotes is not a comment",
			md:       "```sh\n./stance annotate export -labels 'a=#x,y' -o a.csv # note\n```\n",
			run:      1,
			contains: []string{"-labels 'a=#x,y' -o a.csv\nrc"},
		},
		{
			name:            "continued line refused",
			md:              "```sh\n./stance label \\\n  x.csv\n```\n",
			wantErrContains: "README.md:2: a continued line",
		},
		{
			name:            "unclosed block refused",
			md:              "```sh\n./stance label x.csv\n",
			wantErrContains: "never closed",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			script, steps, err := guideScript(c.md)
			if c.wantErrContains != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErrContains) {
					t.Fatalf("error %v, want one containing %q", err, c.wantErrContains)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := (guideSteps{c.run, c.served, c.skipped}); steps != got {
				t.Errorf("steps %+v, want %+v", steps, got)
			}
			for _, s := range c.contains {
				if !strings.Contains(script, s) {
					t.Errorf("script lacks %q:\n%s", s, script)
				}
			}
			for _, s := range c.lacks {
				if strings.Contains(script, s) {
					t.Errorf("script holds %q:\n%s", s, script)
				}
			}
		})
	}
}

// TestDocLinks checks every relative link of README.md, BENCHMARKS.md and
// docs/*.md: the file it names must exist, and a #fragment must be the
// GitHub anchor of one of that file's headings. Moving a section moves its
// links, or this fails.
func TestDocLinks(t *testing.T) {
	files, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append([]string{"../../README.md", "../../BENCHMARKS.md"}, files...)
	checked := 0
	for _, f := range files {
		md, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range markdownLinks(string(md)) {
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			path, frag, _ := strings.Cut(target, "#")
			dest := f
			if path != "" {
				dest = filepath.Join(filepath.Dir(f), path)
			}
			b, err := os.ReadFile(dest)
			if err != nil {
				if _, serr := os.Stat(dest); serr == nil && frag == "" {
					checked++ // a directory
					continue
				}
				t.Errorf("%s: link %q: %v", f, target, err)
				continue
			}
			if frag != "" && !headingAnchors(string(b))[frag] {
				t.Errorf("%s: link %q: no heading of %s has the anchor #%s", f, target, dest, frag)
			}
			checked++
		}
	}
	if checked < 20 {
		t.Fatalf("checked %d links; the parser has lost them", checked)
	}
}

// markdownLinks returns the targets of the [text](target) links of md,
// outside code blocks and code spans.
func markdownLinks(md string) []string {
	var out []string
	fence := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			fence = !fence
			continue
		}
		if fence {
			continue
		}
		code := false
		for i := 0; i < len(line); i++ {
			switch {
			case line[i] == '`':
				code = !code
			case !code && line[i] == ']' && i+1 < len(line) && line[i+1] == '(':
				end := strings.IndexByte(line[i+2:], ')')
				if end < 0 {
					continue
				}
				out = append(out, line[i+2:i+2+end])
				i += 2 + end
			}
		}
	}
	return out
}

// headingAnchors returns the anchors GitHub gives md's headings: lower
// case, spaces to hyphens, other punctuation dropped.
func headingAnchors(md string) map[string]bool {
	anchors := map[string]bool{}
	fence := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			fence = !fence
			continue
		}
		if fence || !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.TrimSpace(strings.TrimLeft(line, "#"))
		var a strings.Builder
		for _, r := range strings.ToLower(title) {
			switch {
			case r == ' ':
				a.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				a.WriteRune(r)
			}
		}
		anchors[a.String()] = true
	}
	return anchors
}

// TestMarkdownParts checks the link and anchor parsing of TestDocLinks on
// headings and lines of these docs; the anchors are those GitHub shows for
// the same headings.
func TestMarkdownParts(t *testing.T) {
	anchors := []struct{ heading, anchor string }{
		{"## A worked example on the seed files", "a-worked-example-on-the-seed-files"},
		{"# Target × polarity: a structured stance model (off by default)", "target--polarity-a-structured-stance-model-off-by-default"},
		{"## Choosing a recipe: `stance tune`", "choosing-a-recipe-stance-tune"},
		{"## Report JSON (schema 1)", "report-json-schema-1"},
	}
	for _, c := range anchors {
		if got := headingAnchors(c.heading + "\n"); !got[c.anchor] {
			t.Errorf("anchors of %q are %v, want %q", c.heading, got, c.anchor)
		}
	}
	links := []struct {
		line string
		want []string
	}{
		{"see [shift.md](shift.md) and [BENCHMARKS.md](../BENCHMARKS.md).", []string{"shift.md", "../BENCHMARKS.md"}},
		{"code `a[i](x)` is not a link, [x](y#z) is", []string{"y#z"}},
		{"```\n[in](a fence)\n```\n", nil},
	}
	for _, c := range links {
		got := markdownLinks(c.line)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("links of %q: %q, want %q", c.line, got, c.want)
		}
	}
}

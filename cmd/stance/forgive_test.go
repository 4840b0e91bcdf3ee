package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/classifier"
)

// TestParseFlags checks that flags are read wherever they stand among the
// arguments, that "--" ends them, and that the usual slips are caught with
// what to write instead.
func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		pos     []string
		out     string // -o after parsing
		nb      bool   // -nb after parsing
		wantErr string
	}{
		{"flags first", []string{"-o", "x.csv", "in.csv"}, []string{"in.csv"}, "x.csv", true, ""},
		{"flag after the file", []string{"in.csv", "-o", "x.csv"}, []string{"in.csv"}, "x.csv", true, ""},
		{"flags between files", []string{"a.csv", "-nb=false", "b.csv", "-o=x.csv"}, []string{"a.csv", "b.csv"}, "x.csv", false, ""},
		{"double dash flag", []string{"in.csv", "--o", "x.csv"}, []string{"in.csv"}, "x.csv", true, ""},
		{"-- ends the flags", []string{"-o", "x.csv", "--", "-weird.csv", "-nb"}, []string{"-weird.csv", "-nb"}, "x.csv", true, ""},
		{"-- as a flag's value", []string{"-o", "--", "in.csv"}, []string{"in.csv"}, "--", true, ""},
		{"a value that looks like a flag", []string{"-o", "-nb", "in.csv"}, []string{"in.csv"}, "-nb", true, ""},
		{"- is standard input", []string{"-", "-o", "x.csv"}, []string{"-"}, "x.csv", true, ""},
		{"bool flag alone", []string{"-nb", "in.csv"}, []string{"in.csv"}, "-", true, ""},
		{"bool value as an argument", []string{"-nb", "false", "in.csv"}, nil, "", false, "-nb false: a true/false flag takes its value after =: write -nb=false"},
		{"bool value in capitals", []string{"in.csv", "-nb", "TRUE"}, nil, "", false, "write -nb=TRUE"},
		{"unknown flag near one", []string{"-0", "x", "-modle", "m"}, nil, "", false, "unknown flag -0"},
		{"transposed letters", []string{"-modle", "m"}, nil, "", false, "unknown flag -modle; did you mean -model?"},
		{"prefix of a flag", []string{"-prob"}, nil, "", false, "unknown flag -prob; did you mean -probs?"},
		{"nothing near", []string{"-frobnicate"}, nil, "", false, "unknown flag -frobnicate"},
		{"missing value", []string{"in.csv", "-o"}, nil, "", false, "-o needs a value: -o file"},
		{"not a whole number", []string{"-workers", "many"}, nil, "", false, "-workers many: want a whole number"},
		{"not a number", []string{"-c=x"}, nil, "", false, "-c x: want a number"},
		{"not a boolean", []string{"-nb=maybe"}, nil, "", false, "-nb maybe: want true or false"},
		{"out of range", []string{"-workers", "99999999999999999999"}, nil, "", false, "-workers 99999999999999999999: out of range"},
		{"not a duration", []string{"-budget", "2"}, nil, "", false, "-budget 2: want a duration such as 90s or 2m"},
		{"a Set's own refusal", []string{"-schema", "x"}, nil, "", false, "-schema x: no such schema"},
		{"bad syntax", []string{"---o", "x"}, nil, "", false, "bad flag syntax: ---o"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(new(bytes.Buffer))
			out := fs.String("o", "-", "output `file`")
			nb := fs.Bool("nb", true, "")
			fs.Bool("probs", false, "")
			fs.String("model", "", "")
			fs.Int("workers", 0, "")
			fs.Float64("c", 1, "")
			fs.Duration("budget", 0, "")
			fs.Func("schema", "", func(string) error { return fmt.Errorf("no such schema") })
			pos, err := parseFlags(fs, tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				if strings.Contains(tt.wantErr, "-frobnicate") && strings.Contains(err.Error(), "did you mean") {
					t.Errorf("error %q suggests a flag for a name near none", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(pos, tt.pos) || *out != tt.out || *nb != tt.nb {
				t.Errorf("positional %q, -o %q, -nb %v; want %q, %q, %v", pos, *out, *nb, tt.pos, tt.out, tt.nb)
			}
		})
	}
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	if _, err := parseFlags(fs, []string{"in.csv", "-h"}); err != flag.ErrHelp {
		t.Errorf("-h after a file: %v, want flag.ErrHelp", err)
	}
}

// TestNearest checks the suggestions against edit distances worked by
// hand: "lable" is "label" with one swap, "trian" "train" with one,
// "versoin" "version" with one; "xyz" is three edits from "cv" and
// every other name.
func TestNearest(t *testing.T) {
	cmds := []string{"ingest", "train", "label", "eval", "cv", "agree", "explain", "summarize", "tune", "rules", "annotate", "demo", "help", "version"}
	tests := []struct {
		typed string
		want  []string
	}{
		{"lable", []string{"label"}},
		{"trian", []string{"train"}},
		{"versoin", []string{"version"}},
		{"Label", []string{"label"}},
		{"evl", []string{"eval"}},
		{"annot", []string{"annotate"}},
		{"tun", []string{"tune"}},
		{"xyz", nil},
		{"c", nil},
	}
	for _, tt := range tests {
		if got := nearest(tt.typed, cmds); !slices.Equal(got, tt.want) {
			t.Errorf("nearest(%q) = %q, want %q", tt.typed, got, tt.want)
		}
	}
	for _, d := range []struct {
		a, b string
		want int
	}{{"", "abc", 3}, {"lable", "label", 1}, {"modle", "model", 1}, {"kitten", "sitting", 3}, {"ab", "ba", 1}, {"abc", "ca", 3}} {
		// "abc" to "ca" is 3 under optimal string alignment (no substring
		// edited twice), where unrestricted Damerau distance gives 2.
		if got := editDistance(d.a, d.b); got != d.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", d.a, d.b, got, d.want)
		}
	}
}

// sortedPaths returns every command and subcommand as typed after stance
// (from bounds_test.go's commandPaths), in order.
func sortedPaths() []string {
	paths := slices.Collect(maps.Keys(commandPaths()))
	slices.Sort(paths)
	return paths
}

// TestHelpEverywhere checks that -h, -help, --help and "stance help" print
// a command's help on stdout and exit 0, for every command and subcommand,
// and that both ways print the same.
func TestHelpEverywhere(t *testing.T) {
	for _, p := range sortedPaths() {
		words := strings.Fields(p)
		code, want, stderr := stance(t, "", append([]string{"help"}, words...)...)
		if code != 0 || stderr != "" || !strings.HasPrefix(want, "usage: stance "+p+" ") {
			t.Errorf("stance help %s: exit %d, stdout %.80q, stderr %.80q", p, code, want, stderr)
			continue
		}
		for _, h := range []string{"-h", "-help", "--help"} {
			code, stdout, stderr := stance(t, "", append(words, h)...)
			if code != 0 || stderr != "" || stdout != want {
				t.Errorf("stance %s %s: exit %d, stderr %.80q, stdout the same as stance help's: %v", p, h, code, stderr, stdout == want)
			}
		}
	}
}

// TestShortFlagErrors checks, for every command, that a mistyped flag
// gets two or three lines (the error with its suggestion, the usage line,
// where the help is), not the whole help.
func TestShortFlagErrors(t *testing.T) {
	for _, p := range sortedPaths() {
		words := strings.Fields(p)
		code, stdout, stderr := stance(t, "", append(words, "-nope")...)
		lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
		if code != 2 || stdout != "" || len(lines) > 3 ||
			lines[0] != "stance "+p+": unknown flag -nope" || lines[len(lines)-1] != fmt.Sprintf("run \"stance help %s\" for its flags", p) {
			t.Errorf("stance %s -nope: exit %d, stderr %q", p, code, stderr)
		}
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"train", "-modle", "nb", "x.csv"}, "stance train: unknown flag -modle; did you mean -model?\n"},
		{[]string{"label", "-mdoel", "m"}, "stance label: unknown flag -mdoel; did you mean -model?\n"},
		{[]string{"cv", "-fold", "3", "x.csv"}, "stance cv: unknown flag -fold; did you mean -folds?\n"},
		{[]string{"annotate", "export", "-stor", "s"}, "stance annotate export: unknown flag -stor; did you mean -store?\n"},
		{[]string{"train", "-nb", "false", "x.csv"}, "stance train: -nb false: a true/false flag takes its value after =: write -nb=false\n"},
		{[]string{"cv", "x.csv", "-stem", "false"}, "stance cv: -stem false: a true/false flag takes its value after =: write -stem=false\n"},
		{[]string{"label", "-probs", "true"}, "stance label: -probs true: a true/false flag takes its value after =: write -probs=true\n"},
	}
	for _, tt := range tests {
		code, _, stderr := stance(t, "", tt.args...)
		if code != 2 || !strings.HasPrefix(stderr, tt.want) {
			t.Errorf("stance %q: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

// TestUnknownCommands checks the suggestions for mistyped commands and
// subcommands: two lines, exit 2.
func TestUnknownCommands(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"lable"}, "stance: unknown command \"lable\"; did you mean \"label\"?\nrun \"stance help\" for the commands\n"},
		{[]string{"trian", "x.csv"}, "stance: unknown command \"trian\"; did you mean \"train\"?\n"},
		{[]string{"versoin"}, "stance: unknown command \"versoin\"; did you mean \"version\"?\n"},
		{[]string{"frobnicate"}, "stance: unknown command \"frobnicate\"\nrun \"stance help\" for the commands\n"},
		{[]string{"help", "lable"}, "stance help: unknown command \"lable\"; did you mean \"label\"?\n"},
		{[]string{"annotate", "exprot"}, "stance annotate: unknown subcommand \"exprot\"; did you mean \"export\"?\nrun \"stance help annotate\" for its subcommands\n"},
		{[]string{"help", "annotate", "repiar"}, "stance help annotate: unknown subcommand \"repiar\"; did you mean \"repair\"?\n"},
		{[]string{"rules", "chek"}, "stance rules: unknown subcommand \"chek\"; did you mean \"check\"?\n"},
	}
	for _, tt := range tests {
		code, stdout, stderr := stance(t, "", tt.args...)
		if code != 2 || stdout != "" || !strings.HasPrefix(stderr, tt.want) || strings.Count(stderr, "\n") != 2 {
			t.Errorf("stance %q: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

// TestVersion checks the three ways of asking for the version: the Go
// release and the model format come from the toolchain and the classifier
// package, so the test cannot drift from them.
func TestVersion(t *testing.T) {
	want := fmt.Sprintf("%s %s/%s\nmodel file format %d (reads formats %d, %d and %d)\n", runtime.Version(), runtime.GOOS, runtime.GOARCH,
		classifier.FormatVersion, classifier.FormatPlain, classifier.FormatGroups, classifier.FormatVersion)
	for _, args := range [][]string{{"version"}, {"-version"}, {"--version"}} {
		code, stdout, stderr := stance(t, "", args...)
		if code != 0 || stderr != "" || !strings.HasPrefix(stdout, "stance ") || !strings.HasSuffix(stdout, want) || strings.Count(stdout, "\n") != 3 {
			t.Errorf("stance %s: exit %d, stdout %q, stderr %q; want it to end %q", args[0], code, stdout, stderr, want)
		}
	}
	if code, _, stderr := stance(t, "", "version", "extra"); code != 2 || !strings.Contains(stderr, "takes no arguments") {
		t.Errorf("stance version extra: exit %d, stderr %q", code, stderr)
	}
}

// TestFlagsAfterFiles runs label with its flags after the file, and with a
// file named like a flag after "--": both label the rows they are given.
func TestFlagsAfterFiles(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "comments.csv")
	weird := filepath.Join(dir, "-q.csv")
	for _, p := range []string{in, weird} {
		if err := os.WriteFile(p, []byte("id,text\nc1,Assad must go\nc2,the army protects us\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	tests := []struct {
		name string
		args []string
		out  string
	}{
		{"flag after the file", []string{"label", "comments.csv", "-o", "a.csv", "-probs"}, "a.csv"},
		{"flags on both sides", []string{"label", "-probs", "comments.csv", "-o", "b.csv"}, "b.csv"},
		{"a file named like a flag after --", []string{"label", "-o", "c.csv", "--", "-q.csv"}, "c.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := stance(t, "", tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			b, err := os.ReadFile(tt.out)
			if err != nil {
				t.Fatal(err)
			}
			header, rows := readRows(t, string(b))
			if len(rows) != 2 || !slices.Contains(header, "stance") {
				t.Errorf("%s: header %q, %d rows; want the stance column and 2 rows", tt.out, header, len(rows))
			}
			probs := slices.ContainsFunc(header, func(h string) bool { return strings.HasPrefix(h, "stance_p_") })
			if probs != slices.Contains(tt.args, "-probs") {
				t.Errorf("%s: -probs given %v, probability columns %v: header %q", tt.out, !probs, probs, header)
			}
		})
	}
}

// TestQuiet checks that -q drops label's summary and train's report but
// not the output, nor an error.
func TestQuiet(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	train := filepath.Join(dir, "train.csv")
	os.WriteFile(in, []byte("id,text\nc1,Assad must go\n"), 0o644)
	os.WriteFile(train, []byte("id,text,stance\n1,good,a\n2,bad,b\n3,fine,a\n4,awful,b\n"), 0o644)
	model := filepath.Join(dir, "m.model")
	tests := []struct {
		name         string
		args         []string
		code         int
		stdout       string // "" for none at all
		stderrHas    string // "" for no stderr at all
		stdoutHasNot string
	}{
		{"label to stdout", []string{"label", "-q", in}, 0, "id,text,stance", "", ""},
		{"label to a file", []string{"label", in, "-o", filepath.Join(dir, "out.csv"), "-q"}, 0, "", "", ""},
		{"train", []string{"train", "-q", "-labels", "stance", "-folds", "0", "-min-df", "1", "-o", model, train}, 0, "", "", ""},
		{"an error still prints", []string{"label", "-q", filepath.Join(dir, "none.csv")}, 1, "", "no such file", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := stance(t, "", tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, stderr)
			}
			if tt.stdout == "" && stdout != "" || !strings.HasPrefix(stdout, tt.stdout) {
				t.Errorf("stdout %q, want it to begin %q", stdout, tt.stdout)
			}
			if tt.stderrHas == "" && stderr != "" || !strings.Contains(stderr, tt.stderrHas) {
				t.Errorf("stderr %q, want %q", stderr, tt.stderrHas)
			}
		})
	}
	if _, err := os.Stat(model); err != nil {
		t.Errorf("train -q wrote no model: %v", err)
	}
	// Without -q the same runs report: the test above would pass on a
	// command that never reports.
	if _, stdout, _ := stance(t, "", "label", in, "-o", filepath.Join(dir, "out2.csv")); stdout == "" {
		t.Error("label -o without -q printed no summary")
	}
	if _, stdout, _ := stance(t, "", "train", "-labels", "stance", "-folds", "0", "-min-df", "1", "-o", filepath.Join(dir, "m2.model"), train); !strings.HasPrefix(stdout, "wrote ") {
		t.Errorf("train without -q: stdout %q", stdout)
	}
}

// TestLabelColumnHint checks that a missing label column is met with the
// columns that look like labels and the -labels flag that names them.
func TestLabelColumnHint(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// mr.csv: label has 2 values over 3 rows; text and id are skipped by
	// name, and a text would fail the repeat test anyway.
	mr := write("mr.csv", "id,text,label\n1,good film,pos\n2,bad film,neg\n3,fine film,pos\n")
	// two.csv: stance is there, polarity looks like labels, date differs on
	// every row, note is long.
	two := write("two.csv", "id,text,stance,polarity,date,note\n"+
		"1,a,pro,+,2026-01-01,"+strings.Repeat("x", 50)+"\n2,b,anti,-,2026-01-02,y\n3,c,pro,+,2026-01-03,y\n")
	none := write("none.csv", "id,text,date\n1,a,2026-01-01\n2,b,2026-01-02\n")
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"one look-alike", []string{"train", "-o", filepath.Join(dir, "m"), mr}, "", "\n  \"label\" (2 values) looks like labels: -labels label\n"},
		{"one there, one look-alike", []string{"train", "-o", filepath.Join(dir, "m"), "-labels", "stance,sentiment", two}, "", "\n  \"polarity\" (2 values) looks like labels: -labels stance,polarity\n"},
		{"cv too", []string{"cv", mr}, "", "-labels label\n"},
		{"none looks like labels", []string{"train", "-o", filepath.Join(dir, "m"), none}, "", "; no column looks like labels (a few short values, repeated); -labels names the label columns\n"},
		{"standard input", []string{"train", "-o", filepath.Join(dir, "m"), "-"}, "id,text,label\n1,a,x\n", "; -labels names the label columns\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := stance(t, tt.stdin, tt.args...)
			if code != 1 || !strings.Contains(stderr, "no label column") || !strings.HasSuffix(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 1 and the end %q", code, stderr, tt.want)
			}
		})
	}
}

// TestStdinNote checks that reading a terminal is said once, on stderr,
// and only when a command reads standard input.
func TestStdinNote(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	os.WriteFile(in, []byte("id,text\nc1,hi\n"), 0o644)
	tests := []struct {
		name     string
		terminal bool
		args     []string
		want     bool
	}{
		{"label reads the terminal", true, []string{"label", "-q"}, true},
		{"ingest reads the terminal", true, []string{"ingest", "-format", "csv"}, true},
		{"label of a file", true, []string{"label", "-q", in}, false},
		{"a pipe", false, []string{"label", "-q"}, false},
		{"help", true, []string{"help", "label"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(strings.NewReader("id,text\nc1,hi\n"))
			e.stdinTerminal = tt.terminal
			var stdout, stderr bytes.Buffer
			if code := exitStatus(&stderr, e.run(context.Background(), tt.args, &stdout, &stderr)); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			if got := strings.Count(stderr.String(), stdinNote+"\n"); got != map[bool]int{true: 1}[tt.want] {
				t.Errorf("stderr %q: note said %d times, want it: %v", stderr.String(), got, tt.want)
			}
		})
	}
}

package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/label"
)

// readOutput reads a labelled CSV with encoding/csv alone, so that the
// invariant below does not rest on the reader it checks.
func readOutput(t *testing.T, path string) (header []string, rows [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 {
		t.Fatalf("%s: no header", path)
	}
	return all[0], all[1:]
}

// TestFixturesKeepEveryRow is the labelling invariant over every messy
// input in testdata/fixtures: one output row per input row, with the ids in
// input order and every input field as data's reader reads it. The expected ids of each fixture are in its .ids file,
// written by hand from the fixture's bytes (not by this program's readers):
// for a thread, the c001... ids the thread format assigns to its comments.
func TestFixturesKeepEveryRow(t *testing.T) {
	inputs, err := filepath.Glob("testdata/fixtures/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".ids") {
			continue
		}
		n++
		t.Run(filepath.Base(in), func(t *testing.T) {
			ids, err := os.ReadFile(in + ".ids")
			if err != nil {
				t.Fatalf("every fixture needs a .ids file: %v", err)
			}
			want := strings.Fields(string(ids))
			out := filepath.Join(t.TempDir(), "out.csv")
			code, _, stderr := stance(t, "", "label", "-lenient", "-max-text-bytes", "4096", "-o", out, in)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if strings.Contains(stderr, "panic") {
				t.Fatalf("stderr: %s", stderr)
			}
			header, rows := readOutput(t, out)
			idCol := slices.Index(header, "id")
			if idCol < 0 {
				t.Fatalf("no id column in %q", header)
			}
			var got []string
			for _, r := range rows {
				if len(r) != len(header) {
					t.Fatalf("row %q has %d fields, header %d", r, len(r), len(header))
				}
				got = append(got, r[idCol])
			}
			if !slices.Equal(got, want) {
				t.Errorf("ids out %q, want %q (the rows in)", got, want)
			}
			// Nothing shifted either: each row's input columns come out as
			// the reader read them, field for field, the text whole.
			f, err := os.Open(in)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r, err := data.OpenWith(f, in, data.FormatAuto, data.Options{Lenient: true})
			if err != nil {
				t.Fatal(err)
			}
			read, err := data.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if h := r.Header(); !slices.Equal(header[:min(len(h), len(header))], h) {
				t.Fatalf("output header %q does not start with the input's %q", header, h)
			}
			for i := range min(len(read), len(rows)) {
				if in := read[i]; !slices.Equal(rows[i][:len(in)], in) {
					t.Errorf("row %d: input columns out %q, read in %q", i+1, rows[i][:len(in)], in)
				}
			}
		})
	}
	if n < 10 {
		t.Errorf("only %d fixtures found", n)
	}
}

// TestLabelMessyInput checks what `stance label` says and writes for each
// kind of messy input: the note a row gets, what stderr reports, and the
// error (with file and line) where the input cannot be labelled as is.
func TestLabelMessyInput(t *testing.T) {
	dir := t.TempDir()
	unclosed := filepath.Join(dir, "unclosed.csv")
	if err := os.WriteFile(unclosed, []byte("id,text\nu1,ok\nu2,\"never closed\n"+strings.Repeat("more text\n", 20000)), 0o644); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(dir, "huge.csv")
	if err := os.WriteFile(huge, []byte("id,text\nh1,ok\nh2,"+strings.Repeat("a", 1<<20+1)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fx := func(name string) string { return filepath.Join("testdata", "fixtures", name) }
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string            // a substring of standard error
		notes  map[string]string // id -> a substring of its stance_note
		fields map[string]string // id -> its text as written out
	}{
		{name: "semicolons sniffed", args: []string{fx("excel_semicolon.csv")},
			stderr: "fields separated by ';' (sniffed",
			fields: map[string]string{"e2": `Stay out; it is "their" war.`, "e1": "Help the officers defect; pay them well."}},
		{name: "semicolons given", args: []string{"-delimiter", ";", fx("excel_semicolon.csv")},
			fields: map[string]string{"e3": "Assad must go"}},
		{name: "tabs sniffed", args: []string{fx("tabs.csv")}, stderr: "fields separated by tabs",
			fields: map[string]string{"t1": "We should not intervene, ever."}},
		{name: "pipes given", args: []string{"-delimiter", "|", fx("pipes.csv")},
			fields: map[string]string{"p1": "Bribes for generals? Yes, why not."}},
		// encoding/csv reads a quoted \r\n as \n, as RFC 4180 readers do.
		{name: "quoted newlines", args: []string{fx("quoted_newlines.csv")},
			fields: map[string]string{"q1": "First line,\nsecond line\nthird line", "q2": `He said "go".`}},
		{name: "ragged is an error", args: []string{fx("ragged.csv")}, code: 1,
			stderr: "ragged.csv:3:"},
		{name: "ragged with -lenient", args: []string{"-lenient", fx("ragged.csv")},
			stderr: "2 rows with the wrong number of fields passed through",
			notes:  map[string]string{"r2": "ragged", "r3": "ragged", "r1": label.NoteUnfamiliar, "r4": label.NoteUnfamiliar}, // "fine row", "fine again": words the shipped model does not know,
			fields: map[string]string{"r3": "long row"}},
		{name: "invalid UTF-8", args: []string{fx("mojibake.csv")},
			stderr: "invalid UTF-8 in 2 rows",
			notes:  map[string]string{"m1": "UTF-8", "m2": label.NoteUnfamiliar, "m3": "UTF-8"},
			fields: map[string]string{"m1": "caf\uFFFD au lait and Assad"}},
		{name: "empty texts", args: []string{fx("empty_texts.csv")},
			notes: map[string]string{"x1": "empty text", "x2": "empty text", "x3": "empty text", "x4": ""}},
		{name: "duplicate ids kept", args: []string{fx("duplicate_ids.csv")},
			fields: map[string]string{"d2": "two"}},
		{name: "text over the limit", args: []string{huge}, code: 1,
			stderr: "huge.csv:3: the text is 1048577 bytes, over the limit of 1048576"},
		{name: "text over the limit, cut", args: []string{"-max-text-bytes", "1000", huge},
			notes: map[string]string{"h2": "text over 1000 bytes", "h1": label.NoteUnfamiliar}},
		{name: "quote never closed", args: []string{"-max-record-bytes", "65536", unclosed}, code: 1,
			stderr: "unclosed.csv:3: the record starting here (or after blank lines) is over 65536 bytes of input: most likely a quote opened in it is never closed"},
		{name: "record limit too small to hold", args: []string{"-max-record-bytes", "50", unclosed}, code: 2,
			stderr: "-max-record-bytes 50: want an integer of at least 65536, or -1 for no limit"},
		{name: "no text column", args: []string{"-text-col", "body", fx("tabs.csv")}, code: 1,
			stderr: `no text column "body"; columns are: "id", "text", "score"`},
		{name: "text column in other case", args: []string{"-text-col", "TEXT", fx("tabs.csv")}, code: 1,
			stderr: `no text column "TEXT"; columns are: "id", "text", "score"; did you mean "text"? (-text-col text)`},
		{name: "bad -delimiter", args: []string{"-delimiter", "xx", fx("tabs.csv")}, code: 2,
			stderr: `-delimiter "xx"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.csv")
			args := append([]string{"label", "-o", out}, tt.args...)
			code, _, stderr := stance(t, "", args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q does not say %q", stderr, tt.stderr)
			}
			if code != 0 {
				if _, err := os.Stat(out); err == nil {
					t.Errorf("a failed run left %s", out)
				}
				return
			}
			header, rows := readOutput(t, out)
			id, text, note := slices.Index(header, "id"), slices.Index(header, "text"), slices.Index(header, "stance_note")
			byID := map[string][]string{}
			for _, r := range rows {
				byID[r[id]] = r
			}
			for k, want := range tt.notes {
				r, ok := byID[k]
				switch {
				case !ok:
					t.Errorf("no row %s", k)
				case want == "" && r[note] != "":
					t.Errorf("%s: note %q, want none", k, r[note])
				case !strings.Contains(r[note], want):
					t.Errorf("%s: note %q, want one saying %q", k, r[note], want)
				}
			}
			for k, want := range tt.fields {
				if r, ok := byID[k]; !ok || r[text] != want {
					t.Errorf("%s: text %q, want %q", k, r, want)
				}
			}
		})
	}
}

// TestTrainSniffsDelimiter trains on the seed corpus written with ';'
// between fields (as a European Excel saves it: BOM, CRLF) and checks that
// the model is byte-identical to one trained on the comma-separated file:
// the separator is sniffed and said, and nothing else changes.
func TestTrainSniffsDelimiter(t *testing.T) {
	src, err := os.Open("../../data/syria-comments.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(src).ReadAll()
	src.Close()
	if err != nil {
		t.Fatal(err)
	}
	semi := filepath.Join(t.TempDir(), "syria-comments.csv")
	f, err := os.Create(semi)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\ufeff")
	w := csv.NewWriter(f)
	w.Comma, w.UseCRLF = ';', true
	w.WriteAll(rows)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	models := [2]string{filepath.Join(dir, "comma.model"), filepath.Join(dir, "semi.model")}
	for i, in := range []string{"../../data/syria-comments.csv", semi} {
		code, _, stderr := stance(t, "", "train", "-folds", "0", "-o", models[i], in)
		if code != 0 {
			t.Fatalf("train %s: exit %d: %s", in, code, stderr)
		}
		if said := strings.Contains(stderr, "fields separated by ';'"); said != (i == 1) {
			t.Errorf("train %s: stderr %q", in, stderr)
		}
	}
	a, _ := os.ReadFile(models[0])
	b, _ := os.ReadFile(models[1])
	if len(a) == 0 || string(a) != string(b) {
		t.Errorf("the models differ (%d and %d bytes)", len(a), len(b))
	}
}

// TestModelFileErrors gives `stance label -model` a damaged copy of the
// shipped model in each way a file can be damaged: each gets its own clear
// error, naming the file, and exit status 1.
func TestModelFileErrors(t *testing.T) {
	good, err := os.ReadFile("../../models/default.model")
	if err != nil {
		t.Fatal(err)
	}
	flipped := slices.Clone(good)
	flipped[len(flipped)/2] ^= 0x20
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		data []byte
		msg  string
	}{
		{"truncated", good[:len(good)/3], "model file is truncated: "},
		{"truncated header", good[:30], "model file is truncated: it ends inside its header"},
		{"corrupt", flipped, "model file is corrupt (checksum mismatch)"},
		{"other format", []byte(strings.Replace(string(good), "format 4\n", "format 9\n", 1)), "model file format 9; this stance reads formats 2, 3 and 4"},
		{"not a model", []byte("id,text\n1,hello\n"), "not a stance model file"},
		{"empty", nil, "not a stance model file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".model")
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := stance(t, "id,text\n1,hello\n", "label", "-model", path)
			if code != 1 || stdout != "" {
				t.Fatalf("exit %d, stdout %q; want 1 and nothing", code, stdout)
			}
			if want := path + ": " + tc.msg; !strings.Contains(stderr, want) {
				t.Errorf("stderr %q, want %q", stderr, want)
			}
		})
	}
}

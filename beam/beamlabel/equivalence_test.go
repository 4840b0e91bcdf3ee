package beamlabel

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/stance-nlp/stance/data"
)

// stanceBin is the stance command of the main module, built once by
// TestMain: the reference every job's output is checked against.
var stanceBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "stance-beam-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	stanceBin = filepath.Join(dir, "stance")
	build := exec.Command("go", "build", "-o", stanceBin, "./cmd/stance")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building stance: %v\n%s", err, out)
		os.Exit(1)
	}
	flag.Parse()
	if !testing.Verbose() {
		// The runner logs every job's stages, and the failures the
		// tests cause on purpose, at length.
		slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	}
	code := ptest.MainRetWithDefault(m, "prism")
	os.RemoveAll(dir)
	os.Exit(code)
}

// stance runs the stance command and returns its standard output.
func stance(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(stanceBin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("stance %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// stanceFails runs the stance command, which must fail, and returns its
// standard error.
func stanceFails(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(stanceBin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil {
		t.Fatalf("stance %s succeeded", strings.Join(args, " "))
	}
	return stderr.String()
}

// run runs a job on the prism runner, in process.
func run(cfg Config) error {
	p, s := beam.NewPipelineWithRoot()
	if _, err := Build(s, cfg); err != nil {
		return err
	}
	return ptest.Run(p)
}

// readCSV reads a CSV file whole.
func readCSV(t *testing.T, path string) ([]string, [][]string) {
	t.Helper()
	f, err := data.OpenFile(path, nil, data.Input{Format: data.FormatCSV}, data.FormatCSV)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := data.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return f.Header(), rows
}

// byID returns rows by their id column, failing on a repeated id.
func byID(t *testing.T, header []string, rows [][]string, where string) map[string][]string {
	t.Helper()
	i := slices.Index(header, "id")
	if i < 0 {
		t.Fatalf("%s: no id column in %q", where, header)
	}
	m := map[string][]string{}
	for _, r := range rows {
		if _, dup := m[r[i]]; dup {
			t.Fatalf("%s: id %q twice", where, r[i])
		}
		m[r[i]] = r
	}
	return m
}

// shards reads a job's output: every shard must have the header want.
func shards(t *testing.T, dir string, n int, want []string) [][]string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "labels-*.csv"))
	if len(files) != n {
		t.Fatalf("%d shard files, want %d: %q", len(files), n, files)
	}
	var all [][]string
	for i, f := range files {
		if wantName := fmt.Sprintf("labels-%05d-of-%05d.csv", i, n); filepath.Base(f) != wantName {
			t.Fatalf("shard %d is %s, want %s", i, filepath.Base(f), wantName)
		}
		h, rows := readCSV(t, f)
		if !reflect.DeepEqual(h, want) {
			t.Fatalf("%s: header %q, stance label wrote %q", f, h, want)
		}
		all = append(all, rows...)
	}
	return all
}

// sameRows checks the job's rows against stance label's, by id, all
// columns.
func sameRows(t *testing.T, header []string, got, want [][]string) {
	t.Helper()
	g, w := byID(t, header, got, "job"), byID(t, header, want, "stance label")
	if len(g) != len(w) {
		t.Errorf("the job wrote %d rows, stance label %d", len(g), len(w))
	}
	for id, wr := range w {
		gr, ok := g[id]
		if !ok {
			t.Errorf("id %q: stance label wrote it, the job did not", id)
			continue
		}
		if !reflect.DeepEqual(gr, wr) {
			t.Errorf("id %q:\n job:          %q\n stance label: %q", id, gr, wr)
		}
	}
}

// sameSummary checks the job's summary.json against stance summarize's
// report of stance label's output.
func sameSummary(t *testing.T, dir, labelled, columns string) {
	t.Helper()
	var got, want struct {
		Summary json.RawMessage `json:"summary"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(stance(t, "summarize", "-json", "-labels", columns, labelled)), &want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Summary, want.Summary) || len(want.Summary) < 20 {
		t.Errorf("summary.json has\n%s\nstance summarize gives\n%s", got.Summary, want.Summary)
	}
}

// writeJSONL writes the rows of a CSV file as JSON Lines, id and text.
func writeJSONL(t *testing.T, csvPath, out string, extra func(i int) string) {
	t.Helper()
	h, rows := readCSV(t, csvPath)
	id, text := slices.Index(h, "id"), slices.Index(h, "text")
	var b strings.Builder
	for i, r := range rows {
		line, _ := json.Marshal(map[string]string{"id": r[id], "text": r[text]})
		b.Write(line)
		b.WriteString("\n")
		if extra != nil {
			b.WriteString(extra(i))
		}
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestEquivalence runs jobs on the prism runner over the seed files and
// fixtures, and checks that their rows equal stance label's, row for row
// by id and all columns, and their summary stance summarize's.
func TestEquivalence(t *testing.T) {
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	corpus := filepath.Join(root, "data", "syria-comments.csv")
	// summary is what the last stance label run of a setup printed.
	var summary string
	tests := []struct {
		name string
		// setup writes the inputs into in and returns the job's
		// config and stance label's output (labelled for the
		// comparison) with its label columns.
		setup func(t *testing.T, in, work string) (cfg Config, labelled, columns string)
	}{
		{"seed threads, as stance ingest names them", func(t *testing.T, in, work string) (Config, string, string) {
			seeds, _ := filepath.Glob(filepath.Join(root, "seeds", "*.txt"))
			if len(seeds) != 5 {
				t.Fatalf("%d seed files, the project has 5", len(seeds))
			}
			var paths []string
			for _, s := range seeds {
				p := filepath.Join(in, filepath.Base(s))
				copyFile(t, s, p)
				paths = append(paths, p)
			}
			ingested := filepath.Join(work, "ingested.csv")
			stance(t, append([]string{"ingest", "-o", ingested}, paths...)...)
			labelled := filepath.Join(work, "labelled.csv")
			summary = stance(t, "label", "-o", labelled, ingested)
			return Config{Input: filepath.Join(in, "*.txt"), Shards: 3}, labelled, "stance,sentiment"
		}},
		{"the annotated corpus in three CSV files, model from a path, probabilities", func(t *testing.T, in, work string) (Config, string, string) {
			h, rows := readCSV(t, corpus)
			for k := range 3 {
				var b bytes.Buffer
				w := data.NewWriter(&b)
				w.Write(h)
				for i := k; i < len(rows); i += 3 {
					w.Write(rows[i])
				}
				w.Flush()
				os.WriteFile(filepath.Join(in, fmt.Sprintf("part%d.csv", k)), b.Bytes(), 0o644)
			}
			labelled := filepath.Join(work, "labelled.csv")
			summary = stance(t, "label", "-prefix", "pred_", "-probs", "-o", labelled, corpus)
			return Config{Input: filepath.Join(in, "*.csv"), Model: filepath.Join(root, "models", "default.model"),
				Prefix: "pred_", Probs: true, Shards: 4}, labelled, "pred_stance,pred_sentiment"
		}},
		{"JSON Lines cut into 4 KiB parts", func(t *testing.T, in, work string) (Config, string, string) {
			p := filepath.Join(in, "comments.jsonl")
			writeJSONL(t, corpus, p, func(i int) string {
				if i%50 == 7 {
					return "\n\r\n" // blank lines, which move the line numbers on
				}
				return ""
			})
			labelled := filepath.Join(work, "labelled.csv")
			summary = stance(t, "label", "-o", labelled, p)
			return Config{Input: p, SplitBytes: 4096, Shards: 2}, labelled, "stance,sentiment"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, work, out := t.TempDir(), t.TempDir(), filepath.Join(t.TempDir(), "out")
			cfg, labelled, columns := tt.setup(t, in, work)
			cfg.Output = out
			if err := run(cfg); err != nil {
				t.Fatal(err)
			}
			header, want := readCSV(t, labelled)
			got := shards(t, out, cfg.Shards, header)
			sameRows(t, header, got, want)
			sameSummary(t, out, labelled, columns)
			sameSummaryLines(t, out, summary)
			if _, err := os.Stat(filepath.Join(out, "dead-letter.csv")); err == nil {
				t.Error("a strict job wrote dead-letter.csv")
			}
		})
	}
}

// TestBadRows checks the two ways a job meets a row it cannot read: by
// default it fails with stance label's error for that row, file and
// line; with Lenient it writes the row to dead-letter.csv and labels the
// rest, which must equal stance label's output for the file without the
// bad rows.
func TestBadRows(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		content string
		clean   string   // content without the bad rows
		dead    []string // the dead letters' "line,error prefix"
		split   int64
	}{
		{
			name:    "CSV with a stray quote and a ragged row",
			file:    "bad.csv",
			content: "id,text\n1,We must stay out of Syria.\n2,a \"quoted\" word\n3,Help the officers defect,extra\n4,Assad must go.\n",
			clean:   "id,text\n1,We must stay out of Syria.\n3,Help the officers defect,extra\n4,Assad must go.\n",
			dead:    []string{"3:bad.csv:3:"},
		},
		{
			name: "JSON Lines with broken lines, cut into parts",
			file: "bad.jsonl",
			content: `{"id":"1","text":"We must stay out of Syria."}` + "\n" + `{"id":"2","text":` + "\n" +
				`{"id":"3","text":"Help the officers defect"}` + "\n" + `{"id":"4","nope":"x"}` + "\n" + `{"id":"5","text":"Assad must go."}` + "\n",
			clean: `{"id":"1","text":"We must stay out of Syria."}` + "\n" +
				`{"id":"3","text":"Help the officers defect"}` + "\n" + `{"id":"5","text":"Assad must go."}` + "\n",
			dead:  []string{"2:bad.jsonl:2:", "4:bad.jsonl:4:"},
			split: 40,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, work := t.TempDir(), t.TempDir()
			path := filepath.Join(in, tt.file)
			os.WriteFile(path, []byte(tt.content), 0o644)
			// Strict: the job fails with stance label's message.
			msg := stanceFails(t, "label", "-q", "-o", filepath.Join(work, "x.csv"), path)
			want := strings.TrimSpace(strings.TrimPrefix(strings.SplitN(msg, "\n", 2)[0], "stance label: "))
			err := run(Config{Input: path, Output: filepath.Join(work, "strict"), SplitBytes: tt.split, Shards: 1})
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("strict job: %v\nwant an error with stance label's %q", err, want)
			}
			if files, _ := filepath.Glob(filepath.Join(work, "strict", "labels-*")); len(files) > 0 {
				t.Errorf("a failed job left %q", files)
			}

			// Lenient: the rest is labelled, the bad rows are dead letters.
			cleanPath := filepath.Join(work, "clean"+filepath.Ext(tt.file))
			os.WriteFile(cleanPath, []byte(tt.clean), 0o644)
			labelled := filepath.Join(work, "labelled.csv")
			stance(t, "label", "-q", "-lenient", "-o", labelled, cleanPath)
			out := filepath.Join(work, "lenient")
			if err := run(Config{Input: path, Output: out, Lenient: true, SplitBytes: tt.split, Shards: 2}); err != nil {
				t.Fatal(err)
			}
			header, wantRows := readCSV(t, labelled)
			sameRows(t, header, shards(t, out, 2, header), wantRows)
			sameSummary(t, out, labelled, "stance,sentiment")
			dh, dead := readCSV(t, filepath.Join(out, "dead-letter.csv"))
			if !reflect.DeepEqual(dh, []string{"file", "line", "error"}) {
				t.Fatalf("dead-letter.csv header %q", dh)
			}
			var got []string
			for _, d := range dead {
				if d[0] != path {
					t.Errorf("dead letter names %q, want %q", d[0], path)
				}
				got = append(got, d[1]+":"+strings.TrimPrefix(d[2], in+string(filepath.Separator)))
			}
			if len(got) != len(tt.dead) {
				t.Fatalf("dead letters %q, want %d", got, len(tt.dead))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.dead[i]) {
					t.Errorf("dead letter %q, want it to start %q", got[i], tt.dead[i])
				}
			}
			txt, _ := os.ReadFile(filepath.Join(out, "summary.txt"))
			if want := fmt.Sprintf("%d rows or files could not be read", len(tt.dead)); len(tt.dead) > 1 && !strings.Contains(string(txt), want) {
				t.Errorf("summary.txt does not say %q:\n%s", want, txt)
			}
		})
	}
}

// TestDifferentHeaders checks that files whose columns differ, which
// cannot share one output header, fail the job with both named.
func TestDifferentHeaders(t *testing.T) {
	in := t.TempDir()
	os.WriteFile(filepath.Join(in, "a.csv"), []byte("id,text\n1,x\n"), 0o644)
	os.WriteFile(filepath.Join(in, "b.csv"), []byte("id,text,extra\n2,y,z\n"), 0o644)
	err := run(Config{Input: filepath.Join(in, "*.csv"), Output: filepath.Join(t.TempDir(), "out")})
	if err == nil || !strings.Contains(err.Error(), "do not have the same columns") ||
		!strings.Contains(err.Error(), "a.csv") || !strings.Contains(err.Error(), "b.csv") {
		t.Fatalf("got %v, want the two files named", err)
	}
}

// sameSummaryLines checks that the job's summary.txt begins with stance
// label's summary, but for the shift check, which the job does not run.
func sameSummaryLines(t *testing.T, dir, labelSummary string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, l := range strings.SplitAfter(labelSummary, "\n") {
		if !strings.HasPrefix(l, "shift check: ") {
			want = append(want, l)
		}
	}
	if w := strings.Join(want, ""); len(w) < 50 || !strings.HasPrefix(string(b), w) {
		t.Errorf("summary.txt begins\n%s\nstance label's summary is\n%s", b[:min(len(b), len(w)+200)], w)
	}
}

// TestLenientStopsAtStickyError gives a job a JSON Lines line over the
// record size limit, after which the reader cannot go on: the dead letter
// says where reading of that part stopped, and the other parts are still
// labelled.
func TestLenientStopsAtStickyError(t *testing.T) {
	in := t.TempDir()
	var b strings.Builder
	for i := range 40 {
		text := "We must stay out of Syria."
		if i == 5 {
			text = strings.Repeat("long ", 20000)
		}
		fmt.Fprintf(&b, `{"id":"%d","text":%q}`+"\n", i, text)
	}
	path := filepath.Join(in, "c.jsonl")
	os.WriteFile(path, []byte(b.String()), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	// Parts of 50 KiB: the first holds lines 1 to 5 and the start of the
	// long line 6, the second the rest of it and lines 7 to 40.
	if err := run(Config{Input: path, Output: out, Lenient: true, MaxRecordBytes: 16 << 10, SplitBytes: 50 << 10, Shards: 1}); err != nil {
		t.Fatal(err)
	}
	_, dead := readCSV(t, filepath.Join(out, "dead-letter.csv"))
	if len(dead) != 1 || dead[0][1] != "6" || !strings.Contains(dead[0][2], "reading stopped here, the rest of bytes 0 to 51200 of the file was not read") {
		t.Fatalf("dead letters %q", dead)
	}
	h, rows := readCSV(t, filepath.Join(out, "labels-00000-of-00001.csv"))
	ids := byID(t, h, rows, "job")
	// Lines 1-5 are read, line 6 is the dead letter, and the second
	// part is read from line 7.
	for _, id := range []string{"0", "4", "39"} {
		if _, ok := ids[id]; !ok {
			t.Errorf("id %s not labelled; got %d rows", id, len(rows))
		}
	}
	if _, ok := ids["5"]; ok {
		t.Error("the long line was labelled")
	}
}

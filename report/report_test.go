package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/evaluate/result"
)

var update = flag.Bool("update", false, "rewrite golden files")

// htmlDir keeps the HTML reports of the fixtures for a person to look at
// (render them with a browser): go test ./report -run TestHTML -html /tmp/reports
var htmlDir = flag.String("html", "", "also write the HTML report of each fixture into `dir`/<fixture>")

// writers are the renderers with golden files, by file extension.
func writers() []struct {
	ext   string
	write func(io.Writer, *Report) error
} {
	return []struct {
		ext   string
		write func(io.Writer, *Report) error
	}{{"txt", WriteText}, {"md", WriteMarkdown}, {"json", WriteJSON}}
}

func TestGolden(t *testing.T) {
	for _, fx := range fixtures() {
		for _, w := range writers() {
			name := fx.name + "." + w.ext
			t.Run(name, func(t *testing.T) {
				var got, again bytes.Buffer
				if err := w.write(&got, fx.r); err != nil {
					t.Fatal(err)
				}
				if err := w.write(&again, fx.r); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), again.Bytes()) {
					t.Fatal("two renderings of the same report differ")
				}
				path := filepath.Join("testdata", name)
				if *update {
					if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./report -update to create it)", err)
				}
				if !bytes.Equal(got.Bytes(), want) {
					t.Errorf("differs from %s (go test ./report -update rewrites it):\n%s", path, firstDiff(got.String(), string(want)))
				}
			})
		}
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return "(same lines)"
}

func TestJSONRoundTrip(t *testing.T) {
	for _, fx := range fixtures() {
		t.Run(fx.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteJSON(&buf, fx.r); err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(buf.String(), "}\n") || !strings.HasPrefix(buf.String(), "{\n  \"schema\": 1,") {
				t.Errorf("not two-space indented JSON with a trailing newline: %.40q ... %q", buf.String(), buf.String()[buf.Len()-3:])
			}
			var back Report
			if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(&back, fx.r) {
				t.Error("the report read back differs from the one written")
			}
		})
	}
}

func TestJSONSchema(t *testing.T) {
	for _, tc := range []struct {
		name   string
		schema int
		want   string // the schema line written, "" for an error
	}{
		{"unset", 0, `"schema": 1,`},
		{"current", SchemaVersion, `"schema": 1,`},
		{"future", SchemaVersion + 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := summaryReport()
			r.Schema = tc.schema
			var buf bytes.Buffer
			err := WriteJSON(&buf, r)
			if tc.want == "" {
				if err == nil || buf.Len() > 0 {
					t.Fatalf("schema %d: err %v, wrote %d bytes; want an error and nothing written", tc.schema, err, buf.Len())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), tc.want) {
				t.Errorf("no %s in the JSON", tc.want)
			}
			if r.Schema != tc.schema {
				t.Errorf("WriteJSON changed the report's Schema to %d", r.Schema)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*Report)
		want   string // in the error
	}{
		{"unknown kind", func(r *Report) { r.Kind = "train" }, "unknown kind"},
		{"no columns", func(r *Report) { r.Columns = nil }, "exactly its own part"},
		{"two parts", func(r *Report) { r.Summary = summaryReport().Summary }, "exactly its own part"},
		{"per-class rows", func(r *Report) { r.Columns[0].PerClass = r.Columns[0].PerClass[1:] }, "per-class rows"},
		{"confusion rows", func(r *Report) { r.Columns[1].Confusion = r.Columns[1].Confusion[:2] }, "confusion matrix has 2 rows"},
		{"confusion row", func(r *Report) { r.Columns[1].ConfusionNorm[2] = []float64{1} }, "row 2 has 1 entries"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := evalReport()
			tc.mutate(r)
			for _, w := range writers() {
				err := w.write(io.Discard, r)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s: err %v, want one saying %q", w.ext, err, tc.want)
				}
			}
			if err := WriteDir(t.TempDir(), r, nil); err == nil {
				t.Error("html: no error")
			}
		})
	}
	t.Run("nil", func(t *testing.T) {
		if err := WriteText(io.Discard, nil); err == nil {
			t.Error("no error for a nil report")
		}
	})
}

func TestEscaping(t *testing.T) {
	var md, txt bytes.Buffer
	if err := WriteMarkdown(&md, explainReport()); err != nil {
		t.Fatal(err)
	}
	if err := WriteText(&txt, explainReport()); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, out, want string
		present         bool
	}{
		{"markdown escapes the script tag", md.String(), "&lt;script&gt;alert(1)&lt;/script&gt;", true},
		{"markdown has no raw script tag", md.String(), "<script", false},
		{"markdown escapes a pipe in text", md.String(), `worse \| nobody`, true},
		{"markdown escapes a pipe term", md.String(), `| \|  `, true},
		{"markdown escapes emphasis", md.String(), `\*\*Finally\*\* someone says it: \_intervene now\_, \#1 priority`, true},
		{"markdown puts text on one line", md.String(), "civilians. The aid convoys", true},
		{"markdown truncates text", md.String(), "before winter", false},
		{"text truncates text", txt.String(), "people are running out of water, the hospitals are out…", true},
		{"text puts text on one line", txt.String(), "civilians. The aid convoys", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Contains(tc.out, tc.want); got != tc.present {
				t.Errorf("contains %q: %v, want %v", tc.want, got, tc.present)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		name, got, want string
	}{
		{"interval", interval(result.Estimate{Value: 0.5551, Lo: 0.4912, Hi: 0.6207}), "0.555 [0.49, 0.62]"},
		{"point", interval(result.Estimate{Value: 0.5, Lo: 0.5, Hi: 0.5}), "0.500"},
		{"negative zero", num3(-0.0001), "0.000"},
		{"negative", num3(-0.0931), "-0.093"},
		{"share", pct(0.25), "25.0%"},
		{"small share", pct(0.0004), "0.0%"},
		{"control characters", oneLine("a\tb\nc\x1b[31md"), "a b c [31md"},
		{"truncate", truncate("ab  c\nd", 4), "ab c…"},
		{"no cut", truncate("abc", 3), "abc"},
		{"runes", truncate("ééééé", 2), "éé…"},
		{"markdown", mdEscape("a|b <i>*x*</i> & [y](z)"), `a\|b &lt;i&gt;\*x\*&lt;/i&gt; &amp; \[y\](z)`},
		{"list start", mdLineStart("- no"), `\- no`},
		{"number start", mdLineStart("1. no"), `1\. no`},
		{"slug", slugOr("Stance (v2)/EN", "x"), "stance-v2-en"},
		{"empty slug", slugOr("§§", "label-3"), "label-3"},
		{"empty label", showLabel(""), "(empty)"},
		{"tick label", short("humanitarian-concern-and-more", 10), "humanitar…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

func TestHTML(t *testing.T) {
	for _, fx := range fixtures() {
		t.Run(fx.name, func(t *testing.T) {
			dir := t.TempDir()
			if *htmlDir != "" {
				dir = filepath.Join(*htmlDir, fx.name)
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
			}
			if err := WriteDir(dir, fx.r, nil); err != nil {
				t.Fatal(err)
			}
			files := readDir(t, dir)
			page := string(files["index.html"])
			if page == "" {
				t.Fatal("no index.html")
			}
			if strings.Contains(strings.ToLower(page), "<script") {
				t.Error("the page has a <script")
			}
			// The only URLs allowed are the namespaces of the inline SVGs.
			rest := strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, "")
			rest = strings.ReplaceAll(rest, `xmlns:xlink="http://www.w3.org/1999/xlink"`, "")
			for _, ref := range []string{"http://", "https://", "src=", "url("} {
				if strings.Contains(rest, ref) {
					t.Errorf("the page refers to something outside it: %q", ref)
				}
			}
			svgs := 0
			for name, b := range files {
				switch {
				case name == "index.html":
				case name == "report.txt" || name == "report.md" || name == "report.json":
					// The renderings of the same report: their content is
					// checked against the golden files.
				case strings.HasSuffix(name, ".svg"):
					svgs++
					if !bytes.HasPrefix(b, []byte("<?xml")) || !bytes.HasSuffix(b, []byte("</svg>\n")) {
						t.Errorf("%s is not a whole SVG file", name)
					}
					if bytes.Contains(b, []byte("<script")) {
						t.Errorf("%s has a <script", name)
					}
				default:
					t.Errorf("unexpected file %s (a temporary file left behind?)", name)
				}
			}
			if svgs != fx.charts {
				t.Errorf("%d chart files, want %d", svgs, fx.charts)
			}
			if n := strings.Count(page, "<svg"); n != fx.charts {
				t.Errorf("%d inline charts, want %d", n, fx.charts)
			}
			if n := strings.Count(page, "<figcaption>"); n != fx.charts {
				t.Errorf("%d captions, want %d", n, fx.charts)
			}
			if fx.name == "explain" && !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Error("the comment text does not appear escaped")
			}

			// The same report gives the same bytes, written anew or over
			// the files of the first run.
			for _, again := range []string{t.TempDir(), dir} {
				if err := WriteDir(again, fx.r, nil); err != nil {
					t.Fatal(err)
				}
				if got := readDir(t, again); !reflect.DeepEqual(got, files) {
					t.Errorf("writing the report again into %s gives different files", again)
				}
			}
		})
	}
}

func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range es {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

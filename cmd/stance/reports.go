package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/evaluate"
	"github.com/stance-nlp/stance/report"
)

// reportFlags are the output flags shared by the evaluation commands.
type reportFlags struct {
	json, markdown *bool
	html           *string
}

func addReportFlags(fs *flag.FlagSet) *reportFlags {
	return &reportFlags{
		json:     fs.Bool("json", false, "write the report as JSON (schema in README.md)"),
		markdown: fs.Bool("markdown", false, "write the report as Markdown"),
		html:     fs.String("html", "", "also write into `dir` a self-contained HTML report with charts (index.html, one SVG per chart) and the report as report.txt, report.md and report.json"),
	}
}

func (rf *reportFlags) check() error {
	if *rf.json && *rf.markdown {
		return usagef("-json and -markdown exclude each other")
	}
	return nil
}

// write renders r on standard output in the chosen format, and as HTML
// when asked. Caveats go to standard error, never into the report.
func (rf *reportFlags) write(e *env, r *report.Report) error {
	r.Schema = report.SchemaVersion
	for _, w := range report.Caveats(r) {
		fmt.Fprintln(e.stderr, "warning:", w)
	}
	if *rf.html != "" {
		// The files are written as one set, so that a failed or
		// interrupted run leaves neither temporary files nor a new
		// index.html beside an old report.json.
		files, err := report.HTMLFiles(r)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(*rf.html, 0o755); err != nil {
			return err
		}
		var set []namedFile
		for _, f := range files {
			set = append(set, namedFile{f.Name, func(w io.Writer) error {
				_, err := w.Write(f.Data)
				return err
			}})
		}
		for _, t := range []struct {
			name  string
			write func(io.Writer, *report.Report) error
		}{{"report.txt", report.WriteText}, {"report.md", report.WriteMarkdown}, {"report.json", report.WriteJSON}} {
			set = append(set, namedFile{t.name, func(w io.Writer) error { return t.write(w, r) }})
		}
		if err := writeFiles(e, *rf.html, set); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "wrote %s\n", filepath.Join(*rf.html, "index.html"))
	}
	switch {
	case *rf.json:
		return report.WriteJSON(e.stdout, r)
	case *rf.markdown:
		return report.WriteMarkdown(e.stdout, r)
	}
	return report.WriteText(e.stdout, r)
}

// scoreFlags are the scoring options shared by eval and cv.
func scoreFlags(fs *flag.FlagSet) (*evaluate.Options, *string) {
	o := &evaluate.Options{Seed: 1}
	fs.IntVar(&o.Bootstrap, "bootstrap", 1000, "bootstrap `resamples` for the 95% intervals (0: default 1000, negative: none)")
	fs.Uint64Var(&o.Seed, "seed", o.Seed, "`seed` of the bootstrap (and of the folds, for cv)")
	fs.IntVar(&o.Bins, "bins", 10, "reliability-diagram `bins`")
	subset := fs.String("subset", "", "comma-separated `labels` whose mean F1 is also reported (e.g. SemEval's FAVOR,AGAINST)")
	return o, subset
}

func cmdEval() *command {
	return &command{
		Name:      "eval",
		UsageLine: "eval [-model file] [-labels cols] [flags] gold-file",
		Short:     "score a model against gold-labelled comments",
		Long: `
Eval labels the texts of a gold-labelled CSV or JSONL file with a model (the
shipped one unless -model) and reports, for each label column: accuracy and
macro-F1 with 95% bootstrap intervals, micro- and weighted F1, Cohen's kappa
against gold, per-class precision, recall, F1 (with intervals) and support,
the confusion matrix in counts and row-normalised, the Brier score, expected
calibration error and a reliability table, beside the majority-class
baseline (the model's commonest training label). Rows with an empty gold
label are left out of that column.

The report is a text table on standard output; -json, -markdown and -html
choose other forms. Scoring a model on the data it was trained on gives
in-sample numbers: use cv for honest ones.`,
		Flags: func(fs *flag.FlagSet) func(*env, []string) error {
			modelPath := fs.String("model", "", "model `file` (default: the shipped model)")
			format := inputFlags(fs, "auto, csv or jsonl", false)
			textCol := fs.String("text-col", "text", "`name` of the text column")
			labels := fs.String("labels", "", "comma-separated gold label `columns` (default: every model column the file has)")
			o, subset := scoreFlags(fs)
			rf := addReportFlags(fs)
			return func(e *env, args []string) error {
				if len(args) != 1 {
					return usagef("want one gold file, got %d", len(args))
				}
				if err := rf.check(); err != nil {
					return err
				}
				f, err := format()
				if err != nil {
					return err
				}
				o.Subset = splitList(*subset)
				b, err := loadModel(*modelPath)
				if err != nil {
					return err
				}
				cols := splitList(*labels)
				if len(cols) == 0 {
					cols, err = modelColumnsIn(e, args[0], f, b)
					if err != nil {
						return err
					}
				}
				set, err := readLabelled(e, args[0], f, *textCol, cols, true)
				if err != nil {
					return err
				}
				crs, err := evaluate.Eval(b, &evaluate.Gold{Texts: set.Texts, Columns: cols, Labels: set.Labels}, *o)
				if err != nil {
					return fmt.Errorf("%s: %w", args[0], err)
				}
				src := *modelPath
				if src == "" {
					src = "shipped model"
				}
				return rf.write(e, &report.Report{
					Kind: "eval", Title: "Evaluation of " + src + " on " + args[0],
					Model: modelInfo(b, src), Data: args[0], Columns: crs,
				})
			}
		},
	}
}

// modelColumnsIn returns the model's label columns that the file has.
func modelColumnsIn(e *env, path string, f inputSpec, b *classifier.Bundle) ([]string, error) {
	in, err := openInput(e, path, f, data.FormatCSV)
	if err != nil {
		return nil, err
	}
	defer in.close()
	h := in.reader.Header()
	var cols, want []string
	for _, c := range b.Columns {
		want = append(want, c.Name)
		if slices.Contains(h, c.Name) {
			cols = append(cols, c.Name)
		}
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("%s: none of the model's label columns (%s) is in the file; columns are: %s", path, strings.Join(want, ", "), data.QuoteList(h))
	}
	return cols, nil
}

func modelInfo(b *classifier.Bundle, src string) *report.ModelInfo {
	return &report.ModelInfo{
		Source: src, Kind: b.Recipe.Model, Recipe: describeRecipe(b.Recipe),
		Features: b.Vectorizer.Len(), TrainRows: b.Data.Rows,
	}
}

func describeRecipe(r classifier.Recipe) string {
	f := r.Features
	var model string
	switch r.Model {
	case classifier.KindLogReg:
		model = fmt.Sprintf("logistic regression (golearn/liblinear) C=%g", r.C)
		if r.NB {
			model += fmt.Sprintf(", NB-scaled (α=%g)", r.Alpha)
		}
	case classifier.KindNaiveBayes:
		model = fmt.Sprintf("multinomial naive Bayes α=%g", r.Alpha)
	default:
		model = r.Model
	}
	feat := fmt.Sprintf("%d-%d grams, min-df %d, %s", f.NGramMin, f.NGramMax, f.MinDF, f.Weighting)
	if f.MaxFeatures > 0 {
		feat += fmt.Sprintf(", max %d features", f.MaxFeatures)
	}
	if f.Stem {
		feat += ", stemmed"
	}
	if f.StopWords {
		feat += ", stop words removed"
	}
	if f.Sublinear {
		feat += ", sublinear tf"
	}
	if f.Normalize {
		feat += ", l2"
	}
	return model + "; " + feat
}

func cmdCV() *command {
	return &command{
		Name:      "cv",
		UsageLine: "cv [recipe flags] [-folds k] [-repeats n] [-curve shares] [flags] file",
		Short:     "cross-validate a training recipe, with a learning curve",
		Golearn:   true,
		Long: `
CV scores a training recipe (the same flags as train) on an annotated file by
stratified k-fold cross-validation, seeded and optionally repeated with new
shuffles. Every fold fits the whole recipe, vocabulary included, on the other
folds only. The report scores the pooled out-of-fold predictions like eval
does (intervals bootstrap over documents, all repeats of a document
together), beside the majority-class baseline, and adds a learning curve:
macro-F1 and accuracy (mean ± sd over folds) against the number of training
documents, each fold's training part subsampled (stratified) to the shares
given by -curve.

Progress goes to standard error when it is a terminal.`,
		Flags: func(fs *flag.FlagSet) func(*env, []string) error {
			r := classifier.DefaultRecipe()
			format := inputFlags(fs, "auto, csv or jsonl", false)
			textCol := fs.String("text-col", "text", "`name` of the text column")
			labels := fs.String("labels", "stance,sentiment", "comma-separated label `columns`")
			finish := recipeFlags(fs, &r)
			o := &evaluate.CVOptions{}
			fs.IntVar(&o.Folds, "folds", 5, "`k` of k-fold")
			fs.IntVar(&o.Repeats, "repeats", 1, "`times` to repeat the k-fold with a new shuffle")
			curve := fs.String("curve", "0.1,0.2,0.4,0.6,0.8,1", "learning-curve training `shares`, or \"none\"")
			so, subset := scoreFlags(fs)
			rf := addReportFlags(fs)
			return func(e *env, args []string) error {
				if len(args) != 1 {
					return usagef("want one annotated file, got %d", len(args))
				}
				if err := rf.check(); err != nil {
					return err
				}
				finish()
				if err := r.Validate(); err != nil {
					return usagef("%v", err)
				}
				if o.Folds < 2 || o.Repeats < 1 {
					return usagef("-folds must be at least 2 and -repeats at least 1")
				}
				if *curve != "none" {
					for _, s := range splitList(*curve) {
						q, err := strconv.ParseFloat(s, 64)
						if err != nil || q <= 0 || q > 1 {
							return usagef("-curve: %q is not a share in (0, 1]", s)
						}
						o.Curve = append(o.Curve, q)
					}
				}
				f, err := format()
				if err != nil {
					return err
				}
				so.Subset = splitList(*subset)
				o.Options = *so
				// The checks of train without a schema: cv trains too.
				set, err := readLabelled(e, args[0], f, *textCol, splitList(*labels), false, classifier.DataChecks{IDColumn: "id"})
				if err != nil {
					return err
				}
				if isTerminal(e.stderr) {
					o.Progress = func(done, total int) {
						fmt.Fprintf(e.stderr, "\rcv: %d/%d fits", done, total)
						if done == total {
							fmt.Fprintln(e.stderr)
						}
					}
				}
				crs, err := evaluate.CV(set, r, *o)
				if err != nil {
					return fmt.Errorf("%s: %w", args[0], err)
				}
				return rf.write(e, &report.Report{
					Kind:  "cv",
					Title: fmt.Sprintf("%d-fold cross-validation on %s", o.Folds, args[0]),
					Model: &report.ModelInfo{Source: "recipe", Kind: r.Model, Recipe: describeRecipe(r), TrainRows: len(set.Texts)},
					Data:  args[0], Columns: crs,
				})
			}
		},
	}
}

func cmdAgree() *command {
	return &command{
		Name:      "agree",
		UsageLine: "agree [-labels cols] [-id-col id] [-names a,b,...] file file...",
		Short:     "inter-annotator agreement of two or more annotation files",
		Long: `
Agree reads two or more annotators' CSV or JSONL files of the same comments
(matched by the -id-col column) and reports, for each label column: Cohen's
kappa and observed agreement for every pair of annotators, Fleiss' kappa
when every annotator labelled every item, Krippendorff's alpha (nominal,
any number of annotators per item), each annotator's label counts, and the
list of items they labelled differently, to adjudicate. Annotators are
named after their files unless -names says otherwise. An empty label means
the annotator did not label that item.`,
		Flags: func(fs *flag.FlagSet) func(*env, []string) error {
			format := inputFlags(fs, "auto, csv or jsonl", false)
			labels := fs.String("labels", "stance,sentiment", "comma-separated label `columns`")
			idCol := fs.String("id-col", "id", "`name` of the id column")
			names := fs.String("names", "", "comma-separated annotator `names`, one per file")
			rf := addReportFlags(fs)
			return func(e *env, args []string) error {
				if len(args) < 2 {
					return usagef("want at least two annotation files, got %d", len(args))
				}
				if err := rf.check(); err != nil {
					return err
				}
				f, err := format()
				if err != nil {
					return err
				}
				nm := splitList(*names)
				if len(nm) > 0 && len(nm) != len(args) {
					return usagef("-names gives %d names for %d files", len(nm), len(args))
				}
				cols := splitList(*labels)
				var anns []evaluate.Annotator
				for i, path := range args {
					// The id column plays the text column's part here.
					set, err := readLabelled(e, path, f, *idCol, cols, true)
					if err != nil {
						return err
					}
					name := data.SourceName(path)
					if len(nm) > 0 {
						name = nm[i]
					}
					anns = append(anns, evaluate.Annotator{Name: name, IDs: set.Texts, Labels: set.Labels})
				}
				ags, err := evaluate.Agree(anns, cols)
				if err != nil {
					return err
				}
				return rf.write(e, &report.Report{
					Kind: "agree", Title: "Agreement of " + strings.Join(args, ", "),
					Data: strings.Join(args, ", "), Agreement: ags,
				})
			}
		},
	}
}

func cmdExplain() *command {
	return &command{
		Name:      "explain",
		UsageLine: "explain [-model file] [-top n] [-limit n] [file]",
		Short:     "show the most weighted terms per label, and why comments got their labels",
		Long: `
Explain lists, for each label column of a model (the shipped one unless
-model) and each label, the terms of highest weight. Given a CSV, JSONL or
thread file, it also explains the first -limit comments: the predicted
label, its confidence and the terms whose contribution (term weight in the
comment × model weight) raised that label's score most.`,
		Flags: func(fs *flag.FlagSet) func(*env, []string) error {
			modelPath := fs.String("model", "", "model `file` (default: the shipped model)")
			format := inputFlags(fs, "auto, csv, jsonl or thread", false)
			textCol := fs.String("text-col", "text", "`name` of the text column")
			idCol := fs.String("id-col", "id", "`name` of the id column (row numbers when absent)")
			top := fs.Int("top", 15, "terms to show per label and per comment")
			limit := fs.Int("limit", 20, "comments to explain")
			rf := addReportFlags(fs)
			return func(e *env, args []string) error {
				if len(args) > 1 {
					return usagef("want at most one file, got %d", len(args))
				}
				if err := rf.check(); err != nil {
					return err
				}
				if *top < 1 {
					return usagef("-top must be at least 1")
				}
				b, err := loadModel(*modelPath)
				if err != nil {
					return err
				}
				var docs []evaluate.Doc
				if len(args) == 1 {
					f, err := format()
					if err != nil {
						return err
					}
					docs, err = readDocs(e, args[0], f, *textCol, *idCol, *limit)
					if err != nil {
						return err
					}
				}
				src := *modelPath
				if src == "" {
					src = "shipped model"
				}
				return rf.write(e, &report.Report{
					Kind: "explain", Title: "Explanation of " + src,
					Model: modelInfo(b, src), Data: strings.Join(args, ""),
					Explain: evaluate.Explain(b, *top, docs),
				})
			}
		},
	}
}

// readDocs reads up to limit documents' ids and texts.
func readDocs(e *env, path string, f inputSpec, textCol, idCol string, limit int) ([]evaluate.Doc, error) {
	in, err := openInput(e, path, f, data.FormatCSV)
	if err != nil {
		return nil, err
	}
	defer in.close()
	r := in.reader
	if _, ok := r.(*data.ThreadReader); ok {
		textCol = "text"
	}
	h := r.Header()
	ti, ii := slices.Index(h, textCol), slices.Index(h, idCol)
	if ti < 0 {
		return nil, fmt.Errorf("%s: %w", path, data.MissingColumn("text", textCol, h, "-text-col"))
	}
	var docs []evaluate.Doc
	for n := 1; len(docs) < limit; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		id := strconv.Itoa(n)
		if ii >= 0 {
			id = rec.Fields[ii]
		}
		docs = append(docs, evaluate.Doc{ID: id, Text: rec.Fields[ti]})
	}
	return docs, nil
}

func cmdSummarize() *command {
	return &command{
		Name:      "summarize",
		UsageLine: "summarize [-labels cols] [-by column] [file]",
		Short:     "label counts and shares of a labelled CSV, overall and by group",
		Long: `
Summarize counts the labels of a labelled CSV or JSONL file (the output of
label, or hand annotations), overall and, with -by, for each value of
another column such as source or location: counts and shares per label.
It streams, so any file size will do.`,
		Flags: func(fs *flag.FlagSet) func(*env, []string) error {
			format := inputFlags(fs, "auto, csv or jsonl", false)
			labels := fs.String("labels", "stance,sentiment", "comma-separated label `columns`")
			by := fs.String("by", "", "`column` to group by (e.g. source, location)")
			rf := addReportFlags(fs)
			return func(e *env, args []string) error {
				if len(args) > 1 {
					return usagef("want at most one file, got %d", len(args))
				}
				if err := rf.check(); err != nil {
					return err
				}
				path := "-"
				if len(args) == 1 {
					path = args[0]
				}
				f, err := format()
				if err != nil {
					return err
				}
				in, err := openInput(e, path, f, data.FormatCSV)
				if err != nil {
					return err
				}
				defer in.close()
				s, err := evaluate.Summarize(in.reader, path, splitList(*labels), *by)
				if err != nil {
					return err
				}
				title := "Label summary of " + path
				if *by != "" {
					title += " by " + *by
				}
				return rf.write(e, &report.Report{Kind: "summarize", Title: title, Data: path, Summary: s})
			}
		},
	}
}

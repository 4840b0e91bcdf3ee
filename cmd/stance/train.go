package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/features"
)

func cmdTrain() *command {
	return &command{
		Name:      "train",
		UsageLine: "train [flags] -o model file",
		Short:     "train a model on hand-annotated comments",
		Golearn:   true,
		Long: `
Train fits one model per label column of an annotated CSV or JSONL file
(standard input with "-", read as CSV) and writes them, with the vocabulary,
the settings, a checksum of the data and cross-validated scores, into one
model file.

Any label columns and label sets will do: -labels names the columns, and
each column's labels are the distinct values found in it. Every row needs a
label in every named column.

The data is checked before training, and every problem is reported at
once with its lines: labels outside -schema (with the nearest allowed one),
a label spelled several ways ("Pro-Assad", "pro assad"), duplicate ids, a
column with a single label, an empty file. A label with one example is a
warning.

Unless -folds 0, training also runs stratified k-fold cross-validation and
prints each column's macro-F1 and accuracy (mean ± sd over folds) beside
the majority-class baseline. Same data and flags give a byte-identical file.`,
		Flags: func(fs *flag.FlagSet) func(*env, []string) error {
			r := classifier.DefaultRecipe()
			format := inputFlags(fs, "auto, csv or jsonl", false)
			textCol := fs.String("text-col", "text", "`name` of the text column")
			labels := fs.String("labels", "stance,sentiment", "comma-separated label `columns`")
			out := fs.String("o", "stance.model", "model `file` to write")
			var checks classifier.DataChecks
			fs.Func("schema", "the labels each column may hold: \"codebook\" for those of data/CODEBOOK.md,\n"+
				"or a schema `file` of "+classifier.SchemaFormat+".\n"+
				"A label outside the schema is an error, which names the nearest allowed label.\n"+
				"Columns the schema leaves out, and every column without -schema, are checked\n"+
				"for labels spelled several ways (\"Pro-Assad\", \"pro assad\", \"pro_assad\")",
				func(v string) (err error) {
					checks.Schema, err = classifier.LoadSchema(v)
					return err
				})
			fs.StringVar(&checks.IDColumn, "id-col", "id", "`name` of the id column, whose values must be unique (a file without it is not checked)")
			finish := recipeFlags(fs, &r)
			fs.IntVar(&r.Folds, "folds", r.Folds, "cross-validation `folds` (0: none)")
			fs.Uint64Var(&r.Seed, "seed", r.Seed, "cross-validation shuffle `seed`")
			return func(e *env, args []string) error {
				if len(args) != 1 {
					return usagef("want one training file, got %d", len(args))
				}
				finish()
				if err := r.Validate(); err != nil {
					return usagef("%v", err)
				}
				f, err := format()
				if err != nil {
					return err
				}
				cols := splitList(*labels)
				if len(cols) == 0 {
					return usagef("-labels names no column")
				}
				set, err := readLabelled(e, args[0], f, *textCol, cols, false, checks)
				if err != nil {
					return err
				}
				var progress classifier.Progress
				if isTerminal(e.stderr) {
					progress = func(format string, a ...any) {
						fmt.Fprintf(e.stderr, "train: "+format+"\n", a...)
					}
				}
				b, err := classifier.Train(set, r, progress)
				if err != nil {
					return err
				}
				b.Data.TextColumn = *textCol
				if args[0] != "-" {
					b.Data.Source = filepath.Base(args[0])
				}
				o, err := createOutput(e, *out)
				if err != nil {
					return err
				}
				_, err = b.WriteTo(o.w)
				if err := o.finish(err); err != nil {
					return err
				}
				printTrainSummary(e.stdout, b, *out)
				return nil
			}
		},
	}
}

// recipeFlags defines the flags of a training recipe on fs, writing into
// r; call the returned func after parsing.
func recipeFlags(fs *flag.FlagSet, r *classifier.Recipe) (finish func()) {
	fs.StringVar(&r.Model, "model", r.Model, "model `kind`: "+strings.Join(classifier.Kinds(), " or "))
	fs.Float64Var(&r.C, "c", r.C, "logreg: inverse regularisation `strength` C")
	fs.BoolVar(&r.NB, "nb", r.NB, "logreg: scale features by naive Bayes log-count ratios (NB-LR)")
	fs.StringVar(&r.Trainer, "trainer", r.Trainer, "logreg: `trainer`: "+strings.Join(classifier.Trainers(), ", ")+
		fmt.Sprintf(" (auto: golearn up to %dM dense cells, documents × features, else sparse)", classifier.GolearnMaxCells/1_000_000))
	fs.Float64Var(&r.Alpha, "alpha", r.Alpha, "smoothing `α` of naive Bayes (and of the NB ratios)")
	fs.IntVar(&r.Features.NGramMin, "ngram-min", r.Features.NGramMin, "shortest word `n`-gram")
	fs.IntVar(&r.Features.NGramMax, "ngram-max", r.Features.NGramMax, "longest word `n`-gram")
	fs.IntVar(&r.Features.MinDF, "min-df", r.Features.MinDF, "drop terms found in fewer than `n` documents")
	fs.IntVar(&r.Features.MaxFeatures, "max-features", r.Features.MaxFeatures, "keep the `n` terms of highest document frequency (0: all)")
	weighting := fs.String("weighting", string(r.Features.Weighting), "term `weight`: binary, count or tfidf")
	fs.BoolVar(&r.Features.Sublinear, "sublinear", r.Features.Sublinear, "use 1+ln(tf) for count and tfidf weights")
	fs.BoolVar(&r.Features.Normalize, "l2", r.Features.Normalize, "scale each vector to unit length")
	fs.BoolVar(&r.Features.StopWords, "stop-words", r.Features.StopWords, "drop stop words (negations are kept)")
	fs.BoolVar(&r.Features.Stem, "stem", r.Features.Stem, "Snowball English stemming")
	return func() { r.Features.Weighting = features.Weighting(*weighting) }
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// readLabelled reads the text and label columns of an annotated file. An
// empty label is an error unless allowEmpty, when it is kept as "". Given
// checks (at most one: train gives them, the reports read gold data or
// annotators' files as they are), it runs them on the labels and ids,
// with each row's line, and prints their warnings.
func readLabelled(e *env, path string, f inputSpec, textCol string, cols []string, allowEmpty bool, checks ...classifier.DataChecks) (*classifier.TrainingSet, error) {
	in, err := openInput(e, path, f, data.FormatCSV)
	if err != nil {
		return nil, err
	}
	defer in.close()
	if _, ok := in.reader.(*data.ThreadReader); ok {
		return nil, fmt.Errorf("%s: training needs a CSV or JSONL file with label columns, not a comment thread", path)
	}
	h := in.reader.Header()
	ti := slices.Index(h, textCol)
	if ti < 0 {
		return nil, fmt.Errorf("%s: %w", path, data.MissingColumn("text", textCol, h, "-text-col"))
	}
	li := make([]int, len(cols))
	for c, name := range cols {
		if li[c] = slices.Index(h, name); li[c] < 0 {
			return nil, fmt.Errorf("%s: %w", path, data.MissingColumn("label", name, h, "-labels"))
		}
	}
	idi := -1
	if len(checks) > 0 && checks[0].IDColumn != "" {
		idi = slices.Index(h, checks[0].IDColumn)
	}
	set := &classifier.TrainingSet{Columns: cols, Labels: make([][]string, len(cols))}
	var lines []int
	var ids []string
	for {
		rec, err := in.reader.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		for c, i := range li {
			l := strings.TrimSpace(rec.Fields[i])
			if l == "" && !allowEmpty {
				return nil, fmt.Errorf("%s:%d: empty %s label", path, rec.Line, cols[c])
			}
			set.Labels[c] = append(set.Labels[c], l)
		}
		set.Texts = append(set.Texts, rec.Fields[ti])
		lines = append(lines, rec.Line)
		if idi >= 0 {
			ids = append(ids, strings.TrimSpace(rec.Fields[idi]))
		}
	}
	if len(set.Texts) == 0 {
		return nil, fmt.Errorf("%s: no training rows, only a header", path)
	}
	for _, c := range checks {
		warnings, err := c.Check(set, path, lines, ids)
		if err != nil {
			return nil, err
		}
		for _, w := range warnings {
			fmt.Fprintf(e.stderr, "stance: warning: %s\n", w)
		}
	}
	warnRead(e, in)
	return set, nil
}

func printTrainSummary(w io.Writer, b *classifier.Bundle, path string) {
	r := b.Recipe
	model := r.Model
	if r.Model == classifier.KindLogReg {
		var used []string
		for i := range b.Columns {
			if t := b.Columns[i].Trainer(); t != "" && !slices.Contains(used, t) {
				used = append(used, t)
			}
		}
		choice := r.Trainer
		if choice == "" {
			choice = classifier.TrainerAuto
		}
		model = fmt.Sprintf("logistic regression (C=%g, NB scaling %v, trainer %s: %s)", r.C, r.NB, choice, strings.Join(used, ", "))
	} else if r.Model == classifier.KindNaiveBayes {
		model = fmt.Sprintf("multinomial naive Bayes (α=%g)", r.Alpha)
	}
	fmt.Fprintf(w, "wrote %s: %d documents, %d features, %s\n", path, b.Data.Rows, b.Vectorizer.Len(), model)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "column\tlabels\tcv macro-F1\tcv accuracy\tbaseline macro-F1\tbaseline accuracy\tbaseline label")
	for _, c := range b.Columns {
		if c.CV == nil {
			fmt.Fprintf(tw, "%s\t%d\t-\t-\t-\t-\t-\n", c.Name, len(c.Labels))
			continue
		}
		cv := c.CV
		fmt.Fprintf(tw, "%s\t%d\t%.3f ± %.3f\t%.3f ± %.3f\t%.3f\t%.3f\t%s\n", c.Name, len(c.Labels),
			cv.MacroF1, cv.MacroF1SD, cv.Accuracy, cv.AccuracySD, cv.BaselineMacro, cv.BaselineAcc, cv.BaselineLabel)
	}
	tw.Flush()
	if len(b.Columns) > 0 && b.Columns[0].CV != nil {
		fmt.Fprintf(w, "(%d-fold stratified cross-validation, seed %d; mean ± sd over folds)\n", b.Columns[0].CV.Folds, b.Columns[0].CV.Seed)
	}
}

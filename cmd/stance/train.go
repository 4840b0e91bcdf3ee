package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/internal/term"
)

type trainCmd struct {
	e      *env
	in     inputFlags
	cols   columnFlags
	recipe recipeFlags
	checks classifier.DataChecks
	schema schemaFlag
	search searchFlags
	out    string
	adapt  adaptFlags
	// unlabeled is the file of unlabelled comments for EM (-unlabeled).
	unlabeled string
	// quiet is -q: no report on stdout and no progress lines.
	quiet bool
}

// adaptFlags are train's flags for adapting to a new comment set.
type adaptFlags struct {
	column, domain, method string
}

func newTrain(e *env) *command {
	t := &trainCmd{e: e}
	c := newCommand("train")
	c.Golearn = true
	fs := c.Flag
	t.in.declare(fs, "auto, csv or jsonl", false)
	t.cols.declare(fs, withText|withID|withLabels|withGroup, "stance,sentiment", "comma-separated label `columns`")
	fs.StringVar(&t.out, "o", "stance.model", "model `file` to write")
	t.schema.declare(fs)
	t.recipe.declare(fs)
	t.search.declare(fs, true)
	fs.StringVar(&t.adapt.column, "domain-col", "", "`column` naming each row's comment set (e.g. source): adapt the model to the new set (see -domain, -adapt)")
	fs.StringVar(&t.adapt.domain, "domain", "", "with -domain-col, the `value` of the new comment set, which the model labels as (default: the last row's)")
	fs.StringVar(&t.adapt.method, "adapt", classifier.AdaptAuto, "with -domain-col, the `method`: "+strings.Join(classifier.AdaptMethods(), ", ")+
		"\n(auto: the best by cross-validation on the new set's rows)")
	fs.StringVar(&t.unlabeled, "unlabeled", "", "CSV or JSONL `file` of unlabelled comments (its text column as -text-col's): naive Bayes fitted by EM over them too, their weight\n(0, 0.1, 0.3 or 1; 0: plain) chosen by cross-validation on the labelled rows; needs -model nb")
	numVar(fs, &t.recipe.r.Folds, "folds", t.recipe.r.Folds, foldsRange(true), "cross-validation `folds`")
	fs.Uint64Var(&t.recipe.r.Seed, "seed", t.recipe.r.Seed, "cross-validation shuffle `seed`")
	declareQuiet(fs, &t.quiet, "the report of the model written (its cross-validation scores, a search's board, an adaptation's comparison)")
	c.Run = t.run
	return c
}

func (t *trainCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		return usagef("want one training file, got %d", len(args))
	}
	// The model may go to stdout (-o -); the report, written there too,
	// is what -q drops.
	report := stdout
	if t.quiet {
		report = io.Discard
	}
	if err := checkOutput("o", t.out, args[0], t.unlabeled, t.recipe.rules, t.schema.file); err != nil {
		return err
	}
	r, err := t.recipe.recipe()
	if err != nil {
		return err
	}
	auto, err := t.search.on()
	if err != nil {
		return err
	}
	cols := t.cols.columns(nil)
	if len(cols.Labels) == 0 {
		return usagef("-labels names no column")
	}
	adapting := t.adapt.column != ""
	if !adapting && (t.adapt.domain != "" || t.adapt.method != classifier.AdaptAuto) {
		return usagef("-domain and -adapt need -domain-col")
	}
	if t.unlabeled != "" {
		switch {
		case r.Model != classifier.KindNaiveBayes:
			return usagef("-unlabeled needs -model %s (EM is fitted with naive Bayes)", classifier.KindNaiveBayes)
		case adapting:
			return usagef("-unlabeled and -domain-col together are not supported")
		case cols.Group != "":
			return usagef("-unlabeled and -by together are not supported")
		case auto:
			return usagef("-unlabeled and -recipe auto together are not supported")
		case t.unlabeled == args[0]:
			return usagef("-unlabeled %s is the training file", t.unlabeled)
		}
	}
	if adapting {
		if cols.Group != "" {
			return usagef("-domain-col and -by together are not supported")
		}
		if auto {
			return usagef("-domain-col and -recipe auto together are not supported")
		}
		if !slices.Contains(classifier.AdaptMethods(), t.adapt.method) {
			return usagef("-adapt %q: want one of %s", t.adapt.method, strings.Join(classifier.AdaptMethods(), ", "))
		}
		// The domain column is read as a group column is, then set
		// aside: the rows are not grouped.
		cols.Group = t.adapt.column
	}
	// -id-col "" asks for no id check.
	if !t.cols.id.set || t.cols.id.value != "" {
		t.checks.IDColumn = cols.IDColumn()
	}
	t.checks.Schema = t.schema.schema
	set, err := readSet(t.e, stderr, &t.in, args[0], classifier.ReadOptions{Columns: cols, Checks: &t.checks})
	if ce := (*data.ColumnError)(nil); adapting && errors.As(err, &ce) && ce.Kind == data.KindGroupBy {
		ce.Kind = "domain (-domain-col)"
	}
	if err != nil {
		return err
	}
	if err := checkFolds(r.Folds, len(set.Texts), true); err != nil {
		return err
	}
	set.Structures = t.schema.structures
	warnFormulaLabels(stderr, args[0], set.Columns, set.Labels)
	var progress classifier.Progress
	if term.IsTerminal(stderr) && !t.quiet {
		progress = func(format string, a ...any) {
			fmt.Fprintf(stderr, "train: "+format+"\n", a...)
		}
	}
	var record *classifier.SearchRecord
	if auto {
		// The search scores candidates by the folds training's own CV
		// uses: -folds (5 when 0) and -seed.
		res, err := t.search.search(set, r, max(r.Folds, 5), r.Seed, stderr)
		if err != nil {
			return err
		}
		if err := res.WriteBoard(report, 5); err != nil {
			return err
		}
		folds, seed := r.Folds, r.Seed
		r = res.Best.Recipe
		r.Folds, r.Seed = folds, seed
		record = res.Record(15)
	}
	if adapting {
		a := classifier.AdaptConfig{Column: t.adapt.column, Domains: set.Groups, New: t.adapt.domain, Method: t.adapt.method}
		set.GroupBy, set.Groups = "", nil
		cols.Group = ""
		b, err := classifier.TrainAdapted(set, r, a, progress)
		if err != nil {
			return inFile(args[0], err)
		}
		if err := b.Adapt.WriteComparison(report); err != nil {
			return err
		}
		return t.e.writeModel(b, cols, args[0], t.out, stdout, report)
	}
	if t.unlabeled != "" {
		texts, err := readUnlabeled(t.e, stderr, &t.in, t.unlabeled, cols)
		if err != nil {
			return err
		}
		b, err := classifier.TrainEM(set, texts, r, classifier.EMConfig{}, progress)
		if err != nil {
			return inFile(args[0], err)
		}
		if err := b.EM.WriteComparison(report); err != nil {
			return err
		}
		return t.e.writeModel(b, cols, args[0], t.out, stdout, report)
	}
	b, err := classifier.Train(set, r, progress)
	if err != nil {
		return err
	}
	b.Search = record
	return t.e.writeModel(b, cols, args[0], t.out, stdout, report)
}

// readSet reads an annotated file as o says, its checks' warnings and
// what reading repaired said on stderr.
func readSet(e *env, stderr io.Writer, in *inputFlags, path string, o classifier.ReadOptions) (*classifier.TrainingSet, error) {
	f, err := in.open(e, path, data.FormatCSV)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	set, err := readSetFrom(stderr, f, o)
	if err != nil {
		return nil, withLabelHint(e, in, path, o.Columns, err)
	}
	return set, nil
}

// readSetFrom is readSet on an opened file.
func readSetFrom(stderr io.Writer, f *data.File, o classifier.ReadOptions) (*classifier.TrainingSet, error) {
	o.Warn = func(w string) { fmt.Fprintf(stderr, "stance: warning: %s\n", w) }
	set, err := classifier.ReadTrainingSet(f, f.Name, o)
	if err == nil {
		warnRead(stderr, f.Name, f)
	}
	return set, err
}

// readUnlabeled reads the texts of the unlabelled comments in path, row by
// row, from the text column of cols. A row with an empty text is skipped
// (it holds no words for EM to count), and said on stderr; a file with no
// text left is an error.
func readUnlabeled(e *env, stderr io.Writer, in *inputFlags, path string, cols data.Columns) ([]string, error) {
	f, err := in.open(e, path, data.FormatCSV)
	if err != nil {
		return nil, fmt.Errorf("-unlabeled %w", err)
	}
	defer f.Close()
	cr, err := data.NewColumnReader(f, f.Name, data.Columns{Text: cols.Text}, data.RequireText)
	if err != nil {
		return nil, err
	}
	var texts []string
	empty := 0
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, inFile(f.Name, err)
		}
		if strings.TrimSpace(row.Text) == "" {
			empty++
			continue
		}
		texts = append(texts, row.Text)
	}
	warnRead(stderr, f.Name, f)
	if empty > 0 {
		fmt.Fprintf(stderr, "stance: %s: %s with an empty text skipped\n", f.Name, plural(empty, "unlabelled row", "unlabelled rows"))
	}
	if len(texts) == 0 {
		return nil, fmt.Errorf("%s: no unlabelled rows with text", f.Name)
	}
	return texts, nil
}

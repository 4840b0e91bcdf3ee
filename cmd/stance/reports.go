package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/evaluate"
	"github.com/stance-nlp/stance/internal/term"
	"github.com/stance-nlp/stance/label"
	"github.com/stance-nlp/stance/report"
	"github.com/stance-nlp/stance/tune"
)

// reportFlags are the output flags shared by the evaluation commands.
type reportFlags struct {
	json, markdown bool
	html           string
}

func (rf *reportFlags) declare(fs *flag.FlagSet) {
	fs.BoolVar(&rf.json, "json", false, "write the report as JSON (schema in docs/reports.md)")
	fs.BoolVar(&rf.markdown, "markdown", false, "write the report as Markdown")
	fs.StringVar(&rf.html, "html", "", "also write into `dir` a self-contained HTML report with charts (index.html, one SVG per chart) and the report as report.txt, report.md and report.json")
}

// reportDirFiles are the files report.Files writes into an -html
// directory besides the charts, whose names end in .svg.
var reportDirFiles = []string{"index.html", "report.txt", "report.md", "report.json"}

// check refuses contradictory flags, and an -html directory where the
// report would overwrite one of inputs, before any work is done.
func (rf *reportFlags) check(inputs ...string) error {
	if rf.json && rf.markdown {
		return usagef("-json and -markdown exclude each other")
	}
	if rf.html == "" {
		return nil
	}
	for _, name := range reportDirFiles {
		if err := checkOutput("html", filepath.Join(rf.html, name), inputs...); err != nil {
			return err
		}
	}
	for _, in := range inputs {
		if strings.EqualFold(filepath.Ext(in), ".svg") {
			if err := checkOutput("html", filepath.Join(rf.html, filepath.Base(in)), in); err != nil {
				return err
			}
		}
	}
	return nil
}

// write renders r on stdout in the chosen format, and as HTML when asked.
// Caveats go to stderr, never into the report.
func (rf *reportFlags) write(e *env, r *report.Report, stdout, stderr io.Writer) error {
	r.Schema = report.SchemaVersion
	for _, w := range report.Caveats(r) {
		fmt.Fprintln(stderr, "warning:", w)
	}
	if rf.html != "" {
		if err := report.WriteDir(rf.html, r, e.outputs.Track); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s\n", filepath.Join(rf.html, "index.html"))
	}
	switch {
	case rf.json:
		return report.WriteJSON(stdout, r)
	case rf.markdown:
		return report.WriteMarkdown(stdout, r)
	}
	return report.WriteText(stdout, r)
}

// scoreFlags are the scoring options shared by eval and cv.
type scoreFlags struct {
	o      evaluate.Options
	subset string
}

func (s *scoreFlags) declare(fs *flag.FlagSet) {
	s.o.Seed = 1
	// Each resample rescores every document: ten thousand of them keep
	// the intervals' ends steady to the third decimal.
	numVar(fs, &s.o.Bootstrap, "bootstrap", 1000, ranged[int]{lo: -1, hi: 10_000}, "bootstrap `resamples` for the 95% intervals (0: default 1000, -1: none)")
	fs.Uint64Var(&s.o.Seed, "seed", s.o.Seed, "`seed` of the bootstrap (and of the folds, for cv)")
	numVar(fs, &s.o.Bins, "bins", 10, ranged[int]{lo: 1, hi: 1000}, "reliability-diagram `bins`")
	fs.StringVar(&s.subset, "subset", "", "comma-separated `labels` whose mean F1 is also reported (e.g. SemEval's FAVOR,AGAINST)")
}

func (s *scoreFlags) options() evaluate.Options {
	o := s.o
	o.Subset = splitList(s.subset)
	return o
}

// oneFile returns the single file argument of a command, or a usage error
// that says what was wanted.
func oneFile(args []string, what string) (string, error) {
	if len(args) != 1 {
		return "", usagef("want one %s, got %d", what, len(args))
	}
	return args[0], nil
}

// optionalFile returns the file argument of a command that reads standard
// input without one.
func optionalFile(args []string, what string) (string, error) {
	if len(args) > 1 {
		return "", usagef("want at most one %s, got %d", what, len(args))
	}
	if len(args) == 0 {
		return "-", nil
	}
	return args[0], nil
}

func modelInfo(b *classifier.Bundle, src string) *report.ModelInfo {
	return &report.ModelInfo{
		Source: src, Kind: b.Recipe.Model, Recipe: b.Describe(),
		Features: b.Vectorizer.Len(), TrainRows: b.Data.Rows,
	}
}

type evalCmd struct {
	e          *env
	model      modelFlag
	in         inputFlags
	cols       columnFlags
	pred, gold string
	score      scoreFlags
	rf         reportFlags
}

func newEval(e *env) *command {
	v := &evalCmd{e: e}
	c := newCommand("eval")
	fs := c.Flag
	v.model.declare(fs, "model `file` (default: the shipped model)")
	v.in.declare(fs, "auto, csv or jsonl", false)
	v.cols.declare(fs, withText|withLabels|withGroup|fromModel, "", "comma-separated gold label `columns` (default: every model column the file has)")
	fs.StringVar(&v.pred, "pred", "", "score the predictions already in the file: comma-separated prediction `columns` (such as label -prefix pred_ writes), paired with -gold; no model is used")
	fs.StringVar(&v.gold, "gold", "", "with -pred: the comma-separated gold label `columns`, one per -pred column")
	v.score.declare(fs)
	v.rf.declare(fs)
	c.Run = v.run
	return c
}

func (v *evalCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	path, err := oneFile(args, "gold file")
	if err != nil {
		return err
	}
	if err := v.rf.check(path, v.model.path); err != nil {
		return err
	}
	if _, err := v.in.input(); err != nil {
		return err
	}
	if v.pred != "" || v.gold != "" {
		return v.runPred(path, stdout, stderr)
	}
	b, err := v.model.load()
	if err != nil {
		return err
	}
	if err := v.cols.checkGroup(b); err != nil {
		return err
	}
	f, err := v.in.open(v.e, path, data.FormatCSV)
	if err != nil {
		return err
	}
	defer f.Close()
	cols := v.cols.columns(b)
	if !v.cols.labels.set {
		// Read from the same opened file: standard input cannot be read twice.
		if cols.Labels, err = b.LabelColumnsIn(path, f.Header()); err != nil {
			return err
		}
	}
	set, err := readSetFrom(stderr, f, classifier.ReadOptions{Columns: cols, AllowEmpty: true})
	if err != nil {
		return err
	}
	scores, err := evaluate.Eval(b, &evaluate.Gold{Texts: set.Texts, Columns: cols.Labels, Labels: set.Labels, Groups: set.Groups}, v.score.options())
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := warnShift(stderr, b, set.Texts, path); err != nil {
		return err
	}
	return v.rf.write(v.e, &report.Report{
		Kind: "eval", Title: "Evaluation of " + v.model.name() + " on " + path,
		Model: modelInfo(b, v.model.name()), Data: path, Columns: scores,
	}, stdout, stderr)
}

// runPred is eval -pred: it scores the predictions of a labelled file
// against the gold labels beside them, with no model.
func (v *evalCmd) runPred(path string, stdout, stderr io.Writer) error {
	pred, gold := splitList(v.pred), splitList(v.gold)
	switch {
	case len(pred) == 0:
		return usagef("-gold needs -pred: the prediction columns to score")
	case len(gold) == 0:
		return usagef("-pred needs -gold: the gold label columns to score them against")
	case len(pred) != len(gold):
		return usagef("-pred names %d columns and -gold %d; want one gold column per prediction column", len(pred), len(gold))
	case v.model.path != "":
		return usagef("-pred scores the predictions in the file; -model is not used with it")
	case v.cols.labels.set:
		return usagef("-pred takes its gold columns from -gold, not -labels")
	case v.cols.group.set:
		return usagef("-pred scores the predictions in the file; -%s is not used with it", columnFlagOf[data.KindGroupBy])
	}
	f, err := v.in.open(v.e, path, data.FormatCSV)
	if err != nil {
		return err
	}
	defer f.Close()
	l, err := evaluate.ReadLabelled(f, path, gold, pred)
	if err != nil {
		return err
	}
	warnRead(stderr, path, f)
	scores, err := evaluate.ScoreLabels(l, v.score.options())
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	pairs := make([]string, len(pred))
	for i := range pred {
		pairs[i] = pred[i] + " against " + gold[i]
	}
	return v.rf.write(v.e, &report.Report{
		Kind: "eval", Title: "Predictions " + strings.Join(pairs, ", ") + " in " + path,
		Data: path, Columns: scores,
	}, stdout, stderr)
}

type cvCmd struct {
	e       *env
	in      inputFlags
	cols    columnFlags
	recipe  recipeFlags
	search  searchFlags
	schema  schemaFlag
	folds   int
	repeats int
	curve   string
	score   scoreFlags
	rf      reportFlags
}

func newCV(e *env) *command {
	v := &cvCmd{e: e}
	c := newCommand("cv")
	c.Golearn = true
	fs := c.Flag
	v.in.declare(fs, "auto, csv or jsonl", false)
	v.cols.declare(fs, withText|withID|withLabels|withGroup, "stance,sentiment", "comma-separated label `columns`")
	v.recipe.declare(fs)
	v.search.declare(fs, true)
	v.schema.declare(fs)
	numVar(fs, &v.folds, "folds", 5, foldsRange(false), "`k` of k-fold")
	numVar(fs, &v.repeats, "repeats", 1, ranged[int]{lo: 1, hi: 100}, "`times` to repeat the k-fold with a new shuffle")
	fs.StringVar(&v.curve, "curve", "0.1,0.2,0.4,0.6,0.8,1", "learning-curve training `shares`, or \"none\"")
	v.score.declare(fs)
	v.rf.declare(fs)
	c.Run = v.run
	return c
}

func (v *cvCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	path, err := oneFile(args, "annotated file")
	if err != nil {
		return err
	}
	if err := v.rf.check(path, v.recipe.rules, v.schema.file); err != nil {
		return err
	}
	r, err := v.recipe.recipe()
	if err != nil {
		return err
	}
	if v.folds < 2 || v.repeats < 1 {
		return usagef("-folds must be at least 2 and -repeats at least 1")
	}
	o := evaluate.CVOptions{Options: v.score.options(), Folds: v.folds, Repeats: v.repeats}
	if o.Curve, err = evaluate.ParseCurve(v.curve); err != nil {
		return usagef("-curve: %v", err)
	}
	if _, err := v.in.input(); err != nil {
		return err
	}
	// The checks of train: cv trains too.
	cols := v.cols.columns(nil)
	checks := &classifier.DataChecks{IDColumn: cols.IDColumn(), Schema: v.schema.schema}
	set, err := readSet(v.e, stderr, &v.in, path, classifier.ReadOptions{Columns: cols, Checks: checks})
	if err != nil {
		return err
	}
	if err := checkFolds(o.Folds, len(set.Texts), false); err != nil {
		return err
	}
	set.Structures = v.schema.structures
	if term.IsTerminal(stderr) {
		o.Progress = func(done, total int) {
			fmt.Fprintf(stderr, "\rcv: %d/%d fits", done, total)
			if done == total {
				fmt.Fprintln(stderr)
			}
		}
	}
	auto, err := v.search.on()
	if err != nil {
		return err
	}
	desc := r.Describe()
	if auto {
		// Nested: each outer fold searches on its own training part, with
		// an inner CV of the same k, and a share of the budget.
		v.search.budget /= time.Duration(o.Folds * o.Repeats)
		o.Choose = tune.Chooser(v.search.options(r, o.Folds, o.Seed))
		desc = "recipe search in each fold (nested CV), from " + desc
	}
	scores, err := evaluate.CV(set, r, o)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	title, recipe := fmt.Sprintf("%d-fold cross-validation on %s", o.Folds, path), desc
	if cols.Group != "" {
		title += ", a model per " + cols.Group
		recipe += "; a model per " + cols.Group + " beside the pooled one"
	}
	return v.rf.write(v.e, &report.Report{
		Kind:  "cv",
		Title: title,
		Model: &report.ModelInfo{Source: "recipe", Kind: r.Model, Recipe: recipe, TrainRows: len(set.Texts)},
		Data:  path, Columns: scores,
	}, stdout, stderr)
}

type agreeCmd struct {
	e     *env
	in    inputFlags
	cols  columnFlags
	names string
	rf    reportFlags
}

func newAgree(e *env) *command {
	a := &agreeCmd{e: e}
	c := newCommand("agree")
	fs := c.Flag
	a.in.declare(fs, "auto, csv or jsonl", false)
	a.cols.declare(fs, withID|withLabels, "stance,sentiment", "comma-separated label `columns`")
	fs.StringVar(&a.names, "names", "", "comma-separated annotator `names`, one per file")
	a.rf.declare(fs)
	c.Run = a.run
	return c
}

func (a *agreeCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) < 2 {
		return usagef("want at least two annotation files, got %d", len(args))
	}
	if err := a.rf.check(args...); err != nil {
		return err
	}
	if _, err := a.in.input(); err != nil {
		return err
	}
	names := splitList(a.names)
	if len(names) > 0 && len(names) != len(args) {
		return usagef("-names gives %d names for %d files", len(names), len(args))
	}
	cols := a.cols.columns(nil)
	for i, p := range args {
		for _, q := range args[:i] {
			if data.SameFile(p, q) {
				fmt.Fprintf(stderr, "stance: warning: %s and %s are the same file: it agrees with itself, so the agreement below is perfect by construction\n", q, p)
			}
		}
	}
	if len(names) == 0 {
		names = annotatorNames(args)
	}
	var anns []evaluate.Annotator
	for i, path := range args {
		set, err := readSet(a.e, stderr, &a.in, path, classifier.ReadOptions{Columns: cols, IDsOnly: true, AllowEmpty: true})
		if err != nil {
			return err
		}
		name := names[i]
		anns = append(anns, evaluate.Annotator{Name: name, IDs: set.Texts, Labels: set.Labels})
	}
	agreement, err := evaluate.Agree(anns, cols.Labels)
	if err != nil {
		return err
	}
	return a.rf.write(a.e, &report.Report{
		Kind: "agree", Title: "Agreement of " + strings.Join(args, ", "),
		Data: strings.Join(args, ", "), Agreement: agreement,
	}, stdout, stderr)
}

type explainCmd struct {
	e          *env
	model      modelFlag
	in         inputFlags
	cols       columnFlags
	top, limit int
	rf         reportFlags
}

func newExplain(e *env) *command {
	x := &explainCmd{e: e}
	c := newCommand("explain")
	fs := c.Flag
	x.model.declare(fs, "model `file` (default: the shipped model)")
	x.in.declare(fs, "auto, csv, jsonl or thread", false)
	x.cols.declare(fs, withText|withID|fromModel, "", "")
	numVar(fs, &x.top, "top", 15, ranged[int]{lo: 1, hi: 100_000}, "`terms` to show per label and per comment")
	numVar(fs, &x.limit, "limit", 20, ranged[int]{lo: 0, hi: 100_000}, "`comments` to explain")
	x.rf.declare(fs)
	c.Run = x.run
	return c
}

func (x *explainCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 1 {
		return usagef("want at most one file, got %d", len(args))
	}
	if err := x.rf.check(append([]string{x.model.path}, args...)...); err != nil {
		return err
	}
	if x.top < 1 {
		return usagef("-top must be at least 1")
	}
	b, err := x.model.load()
	if err != nil {
		return err
	}
	var docs []evaluate.Doc
	if len(args) == 1 {
		f, err := x.in.open(x.e, args[0], data.FormatCSV)
		if err != nil {
			return err
		}
		defer f.Close()
		if docs, err = evaluate.ReadDocs(f, args[0], x.cols.columns(b), x.limit); err != nil {
			return err
		}
		texts := make([]string, len(docs))
		for i, d := range docs {
			texts[i] = d.Text
		}
		if err := warnShift(stderr, b, texts, args[0]); err != nil {
			return err
		}
	}
	return x.rf.write(x.e, &report.Report{
		Kind: "explain", Title: "Explanation of " + x.model.name(),
		Model: modelInfo(b, x.model.name()), Data: strings.Join(args, ""),
		Explain: evaluate.Explain(b, x.top, docs),
	}, stdout, stderr)
}

type summarizeCmd struct {
	e    *env
	in   inputFlags
	cols columnFlags
	by   string
	rf   reportFlags
}

func newSummarize(e *env) *command {
	s := &summarizeCmd{e: e}
	c := newCommand("summarize")
	fs := c.Flag
	s.in.declare(fs, "auto, csv or jsonl", false)
	s.cols.declare(fs, withLabels, "stance,sentiment", "comma-separated label `columns`")
	fs.StringVar(&s.by, columnFlagOf[data.KindGroupBy], "", "`column` to group by (e.g. source, location)")
	s.rf.declare(fs)
	c.Run = s.run
	return c
}

func (s *summarizeCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	path, err := optionalFile(args, "file")
	if err != nil {
		return err
	}
	if err := s.rf.check(path); err != nil {
		return err
	}
	in, err := s.in.open(s.e, path, data.FormatCSV)
	if err != nil {
		return err
	}
	defer in.Close()
	sum, err := evaluate.Summarize(in, path, s.cols.columns(nil).Labels, s.by)
	if err != nil {
		return err
	}
	if n := sum.OtherGroups; n > 0 {
		fmt.Fprintf(stderr, "stance: warning: %d groups of %s: the report lists the %d with the most rows and pools the other %d as one;\n"+
			"  -by wants a column with a few values (a source, a location), not one per row\n", n+evaluate.MaxSummaryGroups, s.by, evaluate.MaxSummaryGroups, n)
	}
	title := "Label summary of " + path
	if s.by != "" {
		title += " by " + s.by
	}
	return s.rf.write(s.e, &report.Report{Kind: "summarize", Title: title, Data: path, Summary: sum}, stdout, stderr)
}

// warnShift runs the shift check of label on texts, the input of eval or
// explain read from path, and writes its warning and figures to stderr
// when the texts are unlike b's training data.
func warnShift(stderr io.Writer, b *classifier.Bundle, texts []string, path string) error {
	s := classifier.CheckShift(b, texts)
	if !s.Warn() {
		return nil
	}
	if err := label.WriteShiftWarning(stderr, s, b, path); err != nil {
		return err
	}
	_, err := fmt.Fprintln(stderr, label.ShiftLine(s))
	return err
}

// annotatorNames names the annotator of each file of agree by the file's
// name without extension, with as many of its directories in front as
// set it apart from the others: d1/ann.csv and d2/ann.csv are d1/ann and
// d2/ann, not ann twice. Files that no directory sets apart (one file
// given twice) are numbered: a, a #2.
func annotatorNames(paths []string) []string {
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = data.SourceName(p)
	}
	for depth := 2; ; depth++ {
		clash := clashing(names)
		if len(clash) == 0 {
			return names
		}
		longer := false
		for _, i := range clash {
			if n := pathSuffix(paths[i], depth); n != names[i] {
				names[i], longer = n, true
			}
		}
		if !longer {
			break
		}
	}
	// No directory sets these apart: they are one path given twice, known
	// by its name alone.
	for _, i := range clashing(names) {
		names[i] = data.SourceName(paths[i])
	}
	seen := map[string]int{}
	for i, n := range names {
		seen[n]++
		if k := seen[n]; k > 1 {
			names[i] = fmt.Sprintf("%s #%d", n, k)
		}
	}
	return names
}

// clashing returns the indices of the names that occur more than once.
func clashing(names []string) []int {
	count := map[string]int{}
	for _, n := range names {
		count[n]++
	}
	var out []int
	for i, n := range names {
		if count[n] > 1 {
			out = append(out, i)
		}
	}
	return out
}

// pathSuffix returns the last depth elements of path, absolute and
// cleaned, joined by "/", the file's extension left out.
func pathSuffix(path string, depth int) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	parts := strings.Split(filepath.ToSlash(filepath.Dir(abs)), "/")
	parts = append(parts, data.SourceName(abs))
	var kept []string
	for i := len(parts) - 1; i >= 0 && len(kept) < depth; i-- {
		if parts[i] != "" {
			kept = append([]string{parts[i]}, kept...)
		}
	}
	return strings.Join(kept, "/")
}

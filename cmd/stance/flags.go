package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/models"
)

// The flag groups below are declared once here and shared by the commands
// that take them.

// inputFlags are the flags that say how to read an input.
type inputFlags struct {
	format, delimiter string
	maxRecord         int64
	lenient           bool
}

// minRecordBytes is the least -max-record-bytes: the readers check the
// limit to within their 4 KiB of read-ahead, so a limit near that size
// would not mean what it says.
const minRecordBytes = 64 << 10

// declare defines -format (offering formats), -delimiter,
// -max-record-bytes and, when lenient, -lenient. -lenient is offered only
// where a ragged row passed through cannot do harm: labelling and ingesting
// keep every field and note the row, while in training or gold data a
// shifted field would be a wrong label.
func (f *inputFlags) declare(fs *flag.FlagSet, formats string, lenient bool) {
	fs.StringVar(&f.format, "format", "auto", "input `format`: "+formats)
	fs.StringVar(&f.delimiter, "delimiter", "auto", "CSV field `separator`: auto (sniffed from the header line), ',', ';', tab or '|'")
	numVar(fs, &f.maxRecord, "max-record-bytes", data.DefaultMaxRecordBytes,
		ranged[int64]{lo: minRecordBytes, hi: math.MaxInt64, also: []int64{-1}, alsoText: "-1 for no limit"},
		"the most input one record (row, JSON line, thread comment) may span, in `bytes`, checked to within 4 KiB of read-ahead")
	if lenient {
		fs.BoolVar(&f.lenient, "lenient", false, "pass CSV rows with the wrong number of fields through, noted in <col>_note, instead of stopping")
	}
}

// input returns what the flags say, or a usage error.
func (f *inputFlags) input() (data.Input, error) {
	var in data.Input
	var err error
	if in.Format, err = data.ParseFormat(f.format); err != nil {
		return in, usagef("-format: %v", err)
	}
	in.Lenient = f.lenient
	in.MaxRecordBytes = f.maxRecord
	if in.Delimiter, err = data.ParseDelimiter(f.delimiter); err != nil {
		return in, usagef("-delimiter %v", err)
	}
	return in, nil
}

// open opens path ("-" is standard input, read as stdinFormat unless
// -format says otherwise) as the flags say.
func (f *inputFlags) open(e *env, path string, stdinFormat data.Format) (*data.File, error) {
	in, err := f.input()
	if err != nil {
		return nil, err
	}
	return data.OpenFile(path, e.stdin, in, stdinFormat)
}

// The names of the column flags, by the kind of column they select: the
// error for a missing column names the flag that fixes it.
const flagTextCol = "text-col"

var columnFlagOf = map[string]string{
	data.KindText: flagTextCol, data.KindID: "id-col", data.KindLabel: "labels", data.KindGroupBy: "by",
	data.KindGold: "gold", data.KindPrediction: "pred",
}

// Which column flags a command takes, and whether their defaults come
// from a model.
const (
	withText = 1 << iota
	withID
	withLabels
	withGroup
	fromModel
)

// columnFlags are the text, id, label and group column flags. A flag the
// user did not set takes its value from the model where there is one (the
// columns it was trained on), else from the defaults.
type columnFlags struct {
	text, id, labels, group optString
}

// optString is a string flag that knows whether it was set.
type optString struct {
	value string
	set   bool
}

func (o *optString) String() string { return o.value }
func (o *optString) Set(s string) error {
	o.value, o.set = s, true
	return nil
}

// declare defines the flags which says. labels is -labels' default and
// labelsHelp its help.
func (c *columnFlags) declare(fs *flag.FlagSet, which int, labels, labelsHelp string) {
	d := data.DefaultColumns()
	dflt := func(name string) string {
		if which&fromModel != 0 {
			return " (default: the model's, else " + name + ")"
		}
		return ""
	}
	if which&withText != 0 {
		c.text.value = d.Text
		fs.Var(&c.text, flagTextCol, "`name` of the text column"+dflt(d.Text))
	}
	if which&withID != 0 {
		c.id.value = d.ID
		fs.Var(&c.id, columnFlagOf[data.KindID], "`name` of the id column"+dflt(d.ID))
	}
	if which&withLabels != 0 {
		c.labels.value = labels
		fs.Var(&c.labels, columnFlagOf[data.KindLabel], labelsHelp)
	}
	if which&withGroup != 0 {
		help := "group `column`: train a model for each of its values (a thread, a target) beside the pooled model, which labels any other value"
		if which&fromModel != 0 {
			help = "group `column` whose value picks the model of each row's group (default: the model's; \"\": the pooled model for every row)"
		}
		fs.Var(&c.group, columnFlagOf[data.KindGroupBy], help)
	}
}

// columns returns the columns the flags select, those not set taken from
// model when it is not nil.
func (c *columnFlags) columns(model *classifier.Bundle) data.Columns {
	cols := data.Columns{Text: c.text.value, ID: c.id.value, Labels: splitList(c.labels.value), Group: strings.TrimSpace(c.group.value)}
	if model == nil {
		return cols
	}
	m := model.InputColumns()
	if !c.group.set {
		cols.Group = m.Group
	}
	if !c.text.set {
		cols.Text = m.Text
	}
	if !c.id.set {
		cols.ID = m.ID
	}
	if !c.labels.set {
		cols.Labels = m.Labels
	}
	return cols
}

// checkGroup refuses a group column set by the user for a model trained
// without groups, which has no group models to route rows to.
func (c *columnFlags) checkGroup(model *classifier.Bundle) error {
	if c.group.set && c.group.value != "" && len(model.Groups) == 0 {
		return usagef("-%s %s: the model was trained without groups (train -%s makes a model per group)",
			columnFlagOf[data.KindGroupBy], c.group.value, columnFlagOf[data.KindGroupBy])
	}
	return nil
}

// recipeFlags are the flags of a training recipe.
type recipeFlags struct {
	r           classifier.Recipe
	weighting   string
	classWeight string
	calibrate   optString
	charNGrams  string
	structure   string
	rules       string
}

// declare defines the recipe flags, with the default recipe's values.
func (f *recipeFlags) declare(fs *flag.FlagSet) {
	f.r = classifier.DefaultRecipe()
	r := &f.r
	fs.StringVar(&r.Model, "model", r.Model, "model `kind`: "+strings.Join(classifier.Kinds(), " or "))
	// Below 1e-6 golearn's solver never stopped on the seed corpus, and
	// above 1e6 the fit is unregularised in all but name; the recipe
	// search's grid (tune.DefaultSpace) lies well inside.
	numVar(fs, &r.C, "c", r.C, ranged[float64]{lo: classifier.MinC, hi: classifier.MaxC}, "logreg: inverse regularisation `strength` C")
	fs.BoolVar(&r.NB, "nb", r.NB, "logreg: scale features by naive Bayes log-count ratios (NB-LR)")
	fs.StringVar(&r.Trainer, "trainer", r.Trainer, "logreg: `trainer`: "+strings.Join(classifier.Trainers(), ", ")+
		fmt.Sprintf(" (auto: golearn up to %dM dense cells, documents × features, else sparse)", classifier.GolearnMaxCells/1_000_000))
	numVar(fs, &r.Alpha, "alpha", r.Alpha, ranged[float64]{lo: 0, hi: classifier.MaxAlpha, open: true}, "smoothing `α` of naive Bayes (and of the NB ratios)")
	cw := r.ClassWeight
	if cw == "" {
		cw = classifier.ClassWeightNone
	}
	fs.StringVar(&f.classWeight, "class-weight", cw, "class `weighting`: "+strings.Join(classifier.ClassWeights(), " or ")+
		" (balanced: logreg weighs each one-vs-rest side equally, nb takes a uniform class prior)")
	ngram := ranged[int]{lo: 1, hi: features.MaxNGram}
	numVar(fs, &r.Features.NGramMin, "ngram-min", r.Features.NGramMin, ngram, "shortest word `n`-gram")
	numVar(fs, &r.Features.NGramMax, "ngram-max", r.Features.NGramMax, ngram, "longest word `n`-gram")
	// A min-df above the number of documents leaves no terms, which
	// training says; any larger number is the same.
	numVar(fs, &r.Features.MinDF, "min-df", r.Features.MinDF, ranged[int]{lo: 1, hi: math.MaxInt}, "drop terms found in fewer than `n` documents")
	numVar(fs, &r.Features.MaxFeatures, "max-features", r.Features.MaxFeatures, ranged[int]{lo: 0, hi: math.MaxInt}, "keep the `n` terms of highest document frequency (0: all)")
	fs.StringVar(&f.weighting, "weighting", string(r.Features.Weighting), "term `weight`: binary, count or tfidf")
	fs.BoolVar(&r.Features.Sublinear, "sublinear", r.Features.Sublinear, "use 1+ln(tf) for count and tfidf weights")
	fs.BoolVar(&r.Features.Normalize, "l2", r.Features.Normalize, "scale each vector to unit length")
	fs.BoolVar(&r.Features.StopWords, "stop-words", r.Features.StopWords, "drop stop words (negations are kept)")
	fs.BoolVar(&r.Features.Stem, "stem", r.Features.Stem, "Snowball English stemming")
	f.calibrate.value = r.Calibrate
	if f.calibrate.value == "" {
		f.calibrate.value = classifier.CalibrateNone
	}
	fs.Var(&f.calibrate, "calibrate", "probability `calibration`: "+strings.Join(classifier.Calibrations(), " or ")+
		" (one T per label column, fitted on the out-of-fold predictions of the cross-validation; none with -folds 0)")
	f.structure = classifier.StructureFlat
	fs.StringVar(&f.structure, "structure", f.structure, "label `structure`: "+strings.Join(classifier.Structures(), " or ")+
		" (target-polarity: a column of labels pro-TARGET, anti-TARGET, neutral, or declared so by -schema,\n"+
		"gets a model of the target and one of the polarity shared by all targets; other columns stay flat)")
	fs.StringVar(&f.charNGrams, "char-ngrams", features.FormatCharNGrams(r.Features.CharNGramMin, r.Features.CharNGramMax),
		"character n-grams within words, unstemmed, with boundary marks: `lengths` min-max such as 2-5, or none")
	fs.StringVar(&f.rules, "rules", "", "codebook rules `file` (lines \"name: phrase | phrase\"; data/syria.rules for the seed corpus):\n"+
		"each rule one feature, present when any of its phrases occurs, weighed by the model and kept in the model file")
}

// recipe returns the recipe the flags give, or a usage error.
func (f *recipeFlags) recipe() (classifier.Recipe, error) {
	r := f.r
	r.Features.Weighting = features.Weighting(f.weighting)
	// none is recorded as "", so an unweighted model file is the one
	// written before class weights existed.
	switch f.classWeight {
	case classifier.ClassWeightNone:
		r.ClassWeight = ""
	case classifier.ClassWeightBalanced:
		r.ClassWeight = f.classWeight
	default:
		return r, usagef("-class-weight %q: want %s", f.classWeight, strings.Join(classifier.ClassWeights(), " or "))
	}
	if !slices.Contains(classifier.Calibrations(), f.calibrate.value) {
		return r, usagef("-calibrate %q: want one of %s", f.calibrate.value, strings.Join(classifier.Calibrations(), ", "))
	}
	// "none" is written as "", so that a model trained with -calibrate
	// none is the default recipe's, byte for byte.
	r.Calibrate = f.calibrate.value
	if r.Calibrate == classifier.CalibrateNone {
		r.Calibrate = ""
	}
	// Without cross-validation the default's calibration is left out (see
	// classifier.Train); asked for by name, it is a contradiction.
	if f.calibrate.set && r.Calibrates() && r.Folds == 0 {
		return r, usagef("-calibrate %s is fitted on cross-validated predictions: it needs -folds of at least 2", r.Calibrate)
	}
	switch f.structure {
	case classifier.StructureFlat:
		// Written as "", so that a flat model file is the one written
		// before structures existed.
		r.Structure = ""
	case classifier.StructureTargetPolarity:
		r.Structure = f.structure
	default:
		return r, usagef("-structure %q: want %s", f.structure, strings.Join(classifier.Structures(), " or "))
	}
	var err error
	if r.Features.CharNGramMin, r.Features.CharNGramMax, err = features.ParseCharNGrams(f.charNGrams); err != nil {
		return r, usagef("-char-ngrams: %v", err)
	}
	if f.rules != "" {
		// After the feature flags: the rules are tokenised and stemmed
		// as the features are. A bad rules file is bad input, not a
		// mistake in the command line.
		rules, err := readRules(f.rules)
		if err != nil {
			return r, err
		}
		if err := features.CompileRules(r.Features, f.rules, rules); err != nil {
			return r, err
		}
		r.Features.Rules = features.FormatRules(rules)
	}
	if err := r.Validate(); err != nil {
		return r, usagef("%v", err)
	}
	return r, nil
}

// readRules reads and parses the rules file path; errors name the file
// and line.
func readRules(path string) ([]features.Rule, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return features.ParseRules(path, src)
}

// modelFlag is -model: a model file, or the shipped model.
type modelFlag struct{ path string }

func (m *modelFlag) declare(fs *flag.FlagSet, help string) {
	fs.StringVar(&m.path, "model", "", help)
}

// name says which model the flag gives, for reports.
func (m *modelFlag) name() string {
	if m.path == "" {
		return models.ShippedName
	}
	return m.path
}

// load reads the model the flag names.
func (m *modelFlag) load() (*classifier.Bundle, error) { return models.Load(m.path) }

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// schemaFlag is -schema: the labels each column may hold, and the target
// and polarity of each label where the schema declares them.
type schemaFlag struct {
	schema     classifier.Schema
	structures map[string]classifier.Decomposition
	file       string // the schema file read, "" for none or the codebook's
}

// declare defines -schema.
func (f *schemaFlag) declare(fs *flag.FlagSet) {
	fs.Func("schema", "the labels each column may hold: \"codebook\" for those of data/CODEBOOK.md,\n"+
		"or a schema `file` of "+classifier.SchemaFormat+".\n"+
		"A label outside the schema is an error, which names the nearest allowed label.\n"+
		"Columns the schema leaves out, and every column without -schema, are checked\n"+
		"for labels spelled several ways (\"Pro-Assad\", \"pro assad\", \"pro_assad\")",
		func(v string) (err error) {
			f.schema, f.structures, err = classifier.LoadSchemaStructures(v)
			if v != "codebook" {
				f.file = v
			}
			return err
		})
}

package classifier

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/features"
)

// Describe returns a one-line account of the recipe, the same in the
// training summary and in every report: the model and its settings, then
// the features. For example:
//
//	logistic regression (C=1, NB scaling α=1, trainer auto); word 1-2 grams, min-df 1, binary, stemmed
//
// Character n-grams are named only when on ("word 1-2 grams, char 2-5
// grams, min-df 1, ..."), so recipes without them read as before.
//
// trainers, when given, are the trainers that actually fitted the columns
// (Bundle.Trainers), said after the choice: "trainer auto: golearn-liblinear".
// A class weighting other than none is said after the model's own
// settings ("class weight balanced"), so an unweighted recipe reads as it
// did before class weights existed.
// A recipe that calibrates says so after the model: "..., trainer auto),
// temperature-calibrated; word ...".
func (r Recipe) Describe(trainers ...string) string {
	var model string
	weight := ""
	if cw := r.classWeight(); cw != "" {
		weight = ", class weight " + cw
	}
	switch r.Model {
	case KindLogReg:
		choice := r.Trainer
		if choice == "" {
			choice = TrainerAuto
		}
		if len(trainers) > 0 {
			choice += ": " + strings.Join(trainers, ", ")
		}
		nb := "no NB scaling"
		if r.NB {
			nb = fmt.Sprintf("NB scaling α=%g", r.Alpha)
		}
		model = fmt.Sprintf("logistic regression (C=%g, %s%s, trainer %s)", r.C, nb, weight, choice)
	case KindNaiveBayes:
		model = fmt.Sprintf("multinomial naive Bayes (α=%g%s)", r.Alpha, weight)
	default:
		model = r.Model
	}
	if r.Structure == StructureTargetPolarity {
		model += ", target × polarity structure"
	}
	if r.Calibrates() {
		model += ", " + r.Calibrate + "-calibrated"
	}
	f := r.Features
	feat := fmt.Sprintf("word %d-%d grams", f.NGramMin, f.NGramMax)
	if f.CharNGramMax > 0 {
		feat += fmt.Sprintf(", char %d-%d grams", f.CharNGramMin, f.CharNGramMax)
	}
	if f.Rules != "" {
		// The vectorizer's copy of the rules is the one checked when a
		// model is read; a recipe's that does not parse is left unsaid.
		if rules, err := features.ParseRules("rules", []byte(f.Rules)); err == nil {
			names := make([]string, len(rules))
			for i, r := range rules {
				names[i] = r.Name
			}
			feat += ", rules " + strings.Join(names, " ")
		}
	}
	feat += fmt.Sprintf(", min-df %d, %s", f.MinDF, f.Weighting)
	if f.MaxFeatures > 0 {
		feat += fmt.Sprintf(", max %d features", f.MaxFeatures)
	}
	for _, o := range []struct {
		on   bool
		name string
	}{{f.Stem, "stemmed"}, {f.StopWords, "stop words removed"}, {f.Sublinear, "sublinear tf"}, {f.Normalize, "l2"}} {
		if o.on {
			feat += ", " + o.name
		}
	}
	return model + "; " + feat
}

// Trainers lists the trainers that fitted b's columns, in column order
// without repeats (see Column.Trainer); empty for naive Bayes.
func (b *Bundle) Trainers() []string {
	var used []string
	for i := range b.Columns {
		if t := b.Columns[i].Trainer(); t != "" && !slices.Contains(used, t) {
			used = append(used, t)
		}
	}
	return used
}

// Describe is b.Recipe.Describe with the trainers that fitted b, and for
// a model with groups, what it is grouped by.
func (b *Bundle) Describe() string {
	d := b.Recipe.Describe(b.Trainers()...)
	if len(b.Groups) > 0 {
		d += fmt.Sprintf("; a model per %s (%s) beside the pooled one", b.GroupBy, plural(len(b.Groups), "group", "groups"))
	}
	return d
}

// WriteSummary writes what training b gave, as `stance train` prints it:
// the model file written (path), its size and recipe, then per label
// column the cross-validated macro-F1 and accuracy (mean ± sd over folds)
// beside the majority-class baseline, or "-" where no CV was run, and the
// columns' calibration maps, if any.
//
// A model with groups has a row "<col> by <group column>" under each
// column's, the models by group on the same folds, and then a table of
// its groups: rows, features, and the columns with a model of their own,
// or why the pooled model labels them (GroupModel.Note).
func (b *Bundle) WriteSummary(w io.Writer, path string) error {
	fmt.Fprintf(w, "wrote %s: %d documents, %d features, %s\n", path, b.Data.Rows, b.Vectorizer.Len(), b.Describe())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "column\tlabels\tcv macro-F1\tcv accuracy\tbaseline macro-F1\tbaseline accuracy\tbaseline label")
	row := func(name string, labels int, cv *CVScores) {
		if cv == nil {
			fmt.Fprintf(tw, "%s\t%d\t-\t-\t-\t-\t-\n", name, labels)
			return
		}
		fmt.Fprintf(tw, "%s\t%d\t%.3f ± %.3f\t%.3f ± %.3f\t%.3f\t%.3f\t%s\n", name, labels,
			cv.MacroF1, cv.MacroF1SD, cv.Accuracy, cv.AccuracySD, cv.BaselineMacro, cv.BaselineAcc, cv.BaselineLabel)
	}
	for i, c := range b.Columns {
		row(c.Name, len(c.Labels), c.CV)
		if len(b.Groups) > 0 {
			var cv *CVScores
			if i < len(b.GroupCV) {
				cv = &b.GroupCV[i]
			}
			row(c.Name+" by "+b.GroupBy, len(c.Labels), cv)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	switch {
	case len(b.Columns) > 0 && b.Columns[0].CV != nil && b.Adapt != nil:
		fmt.Fprintf(w, "(%d-fold stratified cross-validation over the rows of %s %q, the other rows in every fit; mean ± sd over folds)\n",
			b.Columns[0].CV.Folds, b.Adapt.Column, b.Adapt.New)
	case len(b.Columns) > 0 && b.Columns[0].CV != nil:
		fmt.Fprintf(w, "(%d-fold stratified cross-validation, seed %d; mean ± sd over folds)\n", b.Columns[0].CV.Folds, b.Columns[0].CV.Seed)
	}
	var cals []string
	for _, c := range b.Columns {
		if c.Calibration != nil {
			cals = append(cals, c.Name+" "+c.Calibration.String())
		}
	}
	if len(cals) > 0 {
		fmt.Fprintf(w, "calibrated: %s (fitted on the cross-validation's out-of-fold predictions)\n", strings.Join(cals, ", "))
	}
	if len(b.Groups) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\n%s of %s: a group's own model labels the columns listed, the pooled model the rest and any\n"+
		"value not seen in training. The rows \"by %s\" above score this, on the same folds as the pooled model.\n",
		plural(len(b.Groups), "group", "groups"), b.GroupBy, b.GroupBy)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "group\trows\tfeatures\town model of\tnote")
	for _, g := range b.Groups {
		feats, own, note := "-", "-", g.Note
		if g.Vectorizer != nil {
			feats = fmt.Sprint(g.Vectorizer.Len())
		}
		var cols []string
		for _, c := range g.Columns {
			cols = append(cols, c.Name)
		}
		if len(cols) > 0 {
			own = strings.Join(cols, ", ")
		}
		if note == "" {
			note = "-"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", g.Value, g.Rows, feats, own, note)
	}
	return tw.Flush()
}

// LabelColumnsIn returns b's label columns that header has, in b's order:
// the columns a gold file can score b on. It fails, listing both, when
// header has none of them.
func (b *Bundle) LabelColumnsIn(file string, header []string) ([]string, error) {
	want := b.InputColumns().Labels
	var cols []string
	for _, c := range want {
		if slices.Contains(header, c) {
			cols = append(cols, c)
		}
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("%s: none of the model's label columns (%s) is in the file; columns are: %s", file, strings.Join(want, ", "), data.QuoteList(header))
	}
	return cols, nil
}

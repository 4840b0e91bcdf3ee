package classifier

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/stance-nlp/stance/data"
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
func (r Recipe) Describe(trainers ...string) string {
	var model string
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
		model = fmt.Sprintf("logistic regression (C=%g, %s, trainer %s)", r.C, nb, choice)
	case KindNaiveBayes:
		model = fmt.Sprintf("multinomial naive Bayes (α=%g)", r.Alpha)
	default:
		model = r.Model
	}
	f := r.Features
	feat := fmt.Sprintf("word %d-%d grams", f.NGramMin, f.NGramMax)
	if f.CharNGramMax > 0 {
		feat += fmt.Sprintf(", char %d-%d grams", f.CharNGramMin, f.CharNGramMax)
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

// Describe is b.Recipe.Describe with the trainers that fitted b.
func (b *Bundle) Describe() string { return b.Recipe.Describe(b.Trainers()...) }

// WriteSummary writes what training b gave, as `stance train` prints it:
// the model file written (path), its size and recipe, then per label
// column the cross-validated macro-F1 and accuracy (mean ± sd over folds)
// beside the majority-class baseline, or "-" where no CV was run.
func (b *Bundle) WriteSummary(w io.Writer, path string) error {
	fmt.Fprintf(w, "wrote %s: %d documents, %d features, %s\n", path, b.Data.Rows, b.Vectorizer.Len(), b.Describe())
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
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(b.Columns) > 0 && b.Columns[0].CV != nil {
		_, err := fmt.Fprintf(w, "(%d-fold stratified cross-validation, seed %d; mean ± sd over folds)\n", b.Columns[0].CV.Folds, b.Columns[0].CV.Seed)
		return err
	}
	return nil
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

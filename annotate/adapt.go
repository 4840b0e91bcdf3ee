package annotate

import (
	"errors"
	"fmt"
	"slices"

	"github.com/stance-nlp/stance/classifier"
)

// The domain values of a retrain that adapts: the starting model's rows
// and the store's labelled items.
const (
	domainBase  = "starting model's data"
	domainItems = "annotated here"
)

// minAdaptItems is the fewest labelled items with which a retrain that
// adapts compares the methods by cross-validation (5 folds of at least 2
// items); with fewer it pools them with the starting model's data.
const minAdaptItems = 10

// checkBase checks that Base is the starting model's data and holds the
// label columns the store annotates.
func (c Config) checkBase() error {
	if c.Base == nil {
		return nil
	}
	if c.Model == nil {
		return errors.New("annotate: data of the starting model given without a starting model")
	}
	if got, want := c.Base.Checksum(), c.Model.Data.SHA256; got != want {
		return fmt.Errorf("annotate: the starting model's data has checksum %.12s…, the model records %.12s…: not the data it was trained on", got, want)
	}
	for _, col := range c.Columns {
		if !slices.Contains(c.Base.Columns, col.Name) {
			return fmt.Errorf("annotate: the starting model's data has no label column %s", col.Name)
		}
	}
	return nil
}

// adapts reports whether a retrain adapts to the items: there is the
// starting model's data, and the items come from another source.
func (c Config) adapts() bool {
	return c.Base != nil && c.ItemsSource != c.Model.Data.Source
}

// train fits the retrained model on set, the labelled items. When
// adapting (Config.adapts), the starting model's rows join them as the
// old comment set and the items as the new one: with at least
// minAdaptItems items classifier.TrainAdapted chooses between target-only
// and the blend by 5-fold cross-validation on the items (AdaptAuto), with
// fewer it pools them.
func (c Config) train(set *classifier.TrainingSet, logf func(string, ...any)) (*classifier.Bundle, error) {
	if !c.adapts() {
		return classifier.Train(set, c.Recipe, nil)
	}
	both := &classifier.TrainingSet{Columns: set.Columns, Labels: make([][]string, len(set.Columns))}
	both.Texts = append(slices.Clone(c.Base.Texts), set.Texts...)
	for i, name := range set.Columns {
		at := slices.Index(c.Base.Columns, name)
		both.Labels[i] = append(slices.Clone(c.Base.Labels[at]), set.Labels[i]...)
	}
	domains := slices.Repeat([]string{domainBase}, len(c.Base.Texts))
	domains = append(domains, slices.Repeat([]string{domainItems}, len(set.Texts))...)
	a := classifier.AdaptConfig{Column: "source", Domains: domains, New: domainItems, Method: classifier.AdaptPooled}
	if len(set.Texts) >= minAdaptItems {
		a.Method, a.Folds = classifier.AdaptAuto, 5
	}
	b, err := classifier.TrainAdapted(both, c.Recipe, a, nil)
	if err != nil {
		return nil, err
	}
	logf("retrain adapted to %d items from %s beside %d rows of %s: %s", len(set.Texts), c.ItemsSource,
		len(c.Base.Texts), c.Model.Data.Source, classifier.AdaptScore{Method: b.Adapt.Method, Weight: b.Adapt.Weight}.Name())
	return b, nil
}

package annotate

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/stance-nlp/stance/active"
	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
)

// Item is one comment to label. Meta holds the other input columns
// (source, author, location, ...) in input column order; they are shown
// beside the text and written back by Export.
type Item struct {
	ID, Text string
	Meta     []Field
}

// Field is one named metadata value of an Item.
type Field struct {
	Name, Value string
}

// Column is one label column of the schema: its name and the labels an
// annotator chooses from, in the order the buttons show them.
type Column struct {
	Name   string
	Labels []string
}

// DefaultColumns returns the schema of the seed corpus (data/CODEBOOK.md,
// read by data.CodebookColumns): stance with seven labels and sentiment
// with three, in the codebook's order. It is a fresh slice on every call
// so that no caller can change another's schema.
func DefaultColumns() []Column {
	var cols []Column
	for _, c := range data.CodebookColumns() {
		cols = append(cols, Column{Name: c.Name, Labels: c.Labels})
	}
	return cols
}

// Config is everything New needs to serve an annotation session.
type Config struct {
	Items    []Item
	Columns  []Column
	Codebook string // Markdown, shown as text beside the labels
	StoreDir string // holds meta.json and journal.jsonl; created if missing
	// Order is the queue order; "" means active.Uncertainty. Uncertainty
	// falls back to file order while no model gives suggestions.
	Order active.Strategy
	// Suggest says how the page offers the model's suggestion; ""
	// means SuggestShow. Whatever it says, a doubly annotated item shows
	// no suggestion (see SuggestMode), and the queue order uses the model
	// even when suggestions are hidden.
	Suggest SuggestMode
	// Seed drives the Random order and the choice of doubly annotated items.
	Seed uint64
	// RetrainEvery starts a background retrain after that many labels
	// (from any annotator, relabels included) since the last one started;
	// 0 retrains only on demand.
	RetrainEvery int
	// DoubleShare is the share of items, 0..1, that two different
	// annotators must label. The items are the round(DoubleShare × n)
	// with the smallest hash of (Seed, id), so the choice does not depend
	// on item order or on who labels first.
	DoubleShare float64
	// Recipe is used for retraining, with Folds set to 0 (no
	// cross-validation: it would only slow the loop down). A zero Recipe
	// means classifier.DefaultRecipe().
	Recipe classifier.Recipe
	// Model is the initial model; may be nil. Its columns whose names
	// match Columns give suggestions until the first retrain.
	Model *classifier.Bundle
	// Base, when not nil, is the annotated data Model was trained on (its
	// checksum must be Model's Data.SHA256), and ItemsSource the base name
	// of the file the items come from. When the items come from another
	// source than Model's data (Model.Data.Source), the background retrain
	// adapts to them: it trains on Base and the labelled items together
	// (classifier.TrainAdapted), as retrainAdapted says. Without Base the
	// retrain knows only the items, as it always has.
	Base        *classifier.TrainingSet
	ItemsSource string
	// Token, when not empty, must come with every request (see package
	// doc): set it whenever the server listens beyond the loopback
	// (CheckToken says whether it is strong enough).
	Token string
	// TLSCert and TLSKey, when set, are the PEM files of a certificate
	// and its key: Serve then speaks HTTPS, and the token cookie is marked
	// Secure. Without them the traffic, the token included, is cleartext.
	TLSCert, TLSKey string
	// Net bounds timeouts and connections (see NetLimits).
	Net NetLimits
	// Log receives server log lines (retrain started and finished,
	// warnings); nil discards them.
	Log io.Writer
}

// SuggestMode is how the page offers the model's suggestion for an item.
type SuggestMode string

// The suggestion modes. A pre-selected suggestion anchors: in a trial two
// annotators both kept a pre-selected sentiment and their kappa of 1.000
// measured the model, not them. So the default shows the model's choice
// and its probabilities beside the buttons but selects nothing, and Enter
// saves only what the annotator chose. Doubly annotated items, the ones
// agreement is measured on, never show a suggestion to either annotator:
// which of the two is "second" is known only once one has saved, and two
// people may have the item open at once.
const (
	SuggestPreselect SuggestMode = "preselect" // shown and selected: Enter accepts it
	SuggestShow      SuggestMode = "show"      // shown, nothing selected
	SuggestHide      SuggestMode = "hide"      // not shown (the queue order still uses it)
)

// ParseSuggestMode returns the mode named s.
func ParseSuggestMode(s string) (SuggestMode, error) {
	switch m := SuggestMode(s); m {
	case SuggestPreselect, SuggestShow, SuggestHide:
		return m, nil
	}
	return "", fmt.Errorf("suggest mode %q: want preselect, show or hide", s)
}

// maxNoteLen bounds an annotator's note on an item, in characters: a
// remark, not an essay, and the journal keeps every one.
const maxNoteLen = 1000

// checkNote trims a note and refuses one too long or with control
// characters other than newline and tab.
func checkNote(note string) (string, error) {
	note = strings.TrimSpace(note)
	if n := len([]rune(note)); n > maxNoteLen {
		return "", fmt.Errorf("note of %d characters; at most %d", n, maxNoteLen)
	}
	for _, r := range note {
		if (unicode.IsControl(r) && r != '\n' && r != '\t') || r == unicode.ReplacementChar {
			return "", fmt.Errorf("note has a control character %U", r)
		}
	}
	return note, nil
}

// Limits on annotator names: they are shown on pages and written to the
// journal, so they must stay short and printable.
const maxNameLen = 64

// validate checks the config and fills in defaults, returning the copy to
// use.
func (c Config) validate() (Config, error) {
	if c.StoreDir == "" {
		return c, errors.New("annotate: no store directory")
	}
	if len(c.Items) == 0 {
		return c, errors.New("annotate: no items to annotate")
	}
	if err := checkItems(c.Items); err != nil {
		return c, err
	}
	if err := checkColumns(c.Columns); err != nil {
		return c, err
	}
	if c.Order == "" {
		c.Order = active.Uncertainty
	}
	if c.Suggest == "" {
		c.Suggest = SuggestShow
	}
	if _, err := ParseSuggestMode(string(c.Suggest)); err != nil {
		return c, fmt.Errorf("annotate: %w", err)
	}
	if _, err := active.ParseStrategy(string(c.Order)); err != nil {
		return c, fmt.Errorf("annotate: %w", err)
	}
	if c.RetrainEvery < 0 {
		return c, fmt.Errorf("annotate: RetrainEvery = %d; want 0 (on demand only) or more", c.RetrainEvery)
	}
	if !(c.DoubleShare >= 0 && c.DoubleShare <= 1) {
		return c, fmt.Errorf("annotate: DoubleShare = %g; want a share between 0 and 1", c.DoubleShare)
	}
	if c.Recipe.Model == "" {
		c.Recipe = classifier.DefaultRecipe()
	}
	c.Recipe.Folds = 0
	if err := c.Recipe.Validate(); err != nil {
		return c, fmt.Errorf("annotate: retraining recipe: %w", err)
	}
	if err := c.checkBase(); err != nil {
		return c, err
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return c, errors.New("annotate: TLSCert and TLSKey go together: give both or neither")
	}
	var err error
	if c.Net, err = c.Net.withDefaults(); err != nil {
		return c, err
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	return c, nil
}

func checkItems(items []Item) error {
	seen := make(map[string]int, len(items))
	for i, it := range items {
		if it.ID == "" {
			return fmt.Errorf("annotate: item %d has no id", i+1)
		}
		if j, dup := seen[it.ID]; dup {
			return fmt.Errorf("annotate: id %q is used by items %d and %d", it.ID, j+1, i+1)
		}
		seen[it.ID] = i
	}
	return nil
}

func checkColumns(cols []Column) error {
	if len(cols) == 0 {
		return errors.New("annotate: no label columns")
	}
	names := map[string]bool{}
	for _, c := range cols {
		switch {
		case strings.TrimSpace(c.Name) == "":
			return errors.New("annotate: a label column has no name")
		case c.Name == "id" || c.Name == "text":
			// Export writes id and text first; a label column of the same
			// name would make its header ambiguous.
			return fmt.Errorf("annotate: label column %q clashes with the %s column of the export", c.Name, c.Name)
		case names[c.Name]:
			return fmt.Errorf("annotate: label column %q given twice", c.Name)
		case len(c.Labels) < 2:
			return fmt.Errorf("annotate: label column %q needs at least two labels, has %d", c.Name, len(c.Labels))
		}
		names[c.Name] = true
		for i, l := range c.Labels {
			if strings.TrimSpace(l) == "" {
				return fmt.Errorf("annotate: label column %q has an empty label", c.Name)
			}
			if slices.Index(c.Labels, l) != i {
				return fmt.Errorf("annotate: label column %q lists %q twice", c.Name, l)
			}
		}
	}
	return nil
}

// checkName rejects annotator names that cannot be shown or journaled
// safely; the page escapes them anyway, but control characters would make
// the journal and exports awkward to read.
func checkName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", errors.New("no annotator name")
	}
	if len([]rune(name)) > maxNameLen {
		return "", fmt.Errorf("annotator name longer than %d characters", maxNameLen)
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return "", fmt.Errorf("annotator name %q has a control character", name)
		}
	}
	return name, nil
}

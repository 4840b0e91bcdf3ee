package classifier

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"runtime"
	"slices"
	"sync"
)

// TrainingSet is annotated text: one or more label columns over the same
// documents.
type TrainingSet struct {
	Texts   []string
	Columns []string   // label column names, e.g. stance, sentiment
	Labels  [][]string // Labels[c][i] is document i's label in column c
	// Lines and IDs say where each document came from: its line in the
	// file and its id (IDs is nil when the file has no id column). They
	// are optional: training does not use them; checks and messages do.
	Lines []int
	IDs   []string
	// GroupBy names the column that puts documents in groups (a thread, a
	// target), and Groups holds each document's value of it; Groups is nil
	// when documents are not grouped. Train fits a model per group beside
	// the pooled one (see GroupModel).
	GroupBy string
	Groups  []string
	// Structures declares the target × polarity structure of label
	// columns, by column name (a schema file's, ParseSchemaStructures),
	// for a recipe of StructureTargetPolarity; a column it leaves out is
	// structured when its labels are spelled as the codebook's are
	// (ConventionalDecomposition), and flat otherwise.
	Structures map[string]Decomposition

	// shared, when set, holds the n-grams of the texts of the set this
	// one was cut from (ShareGrams), and docs says which of those texts
	// this set's are, in order (nil: all of them).
	shared *sharedGrams
	docs   []int
}

// Validate checks that every column has a non-empty label for every text
// and at least two distinct labels.
func (s *TrainingSet) Validate() error {
	if len(s.Texts) == 0 {
		return fmt.Errorf("classifier: no training documents")
	}
	if len(s.Columns) == 0 || len(s.Columns) != len(s.Labels) {
		return fmt.Errorf("classifier: %d label columns named, %d given", len(s.Columns), len(s.Labels))
	}
	for c, col := range s.Labels {
		if len(col) != len(s.Texts) {
			return fmt.Errorf("classifier: column %s has %d labels for %d texts", s.Columns[c], len(col), len(s.Texts))
		}
		for i, l := range col {
			if l == "" {
				return fmt.Errorf("classifier: document %d has no %s label", i+1, s.Columns[c])
			}
		}
		if len(LabelSet(col)) < 2 {
			return fmt.Errorf("classifier: column %s has only one label (%q); need at least two", s.Columns[c], col[0])
		}
	}
	if s.Groups != nil {
		if len(s.Groups) != len(s.Texts) {
			return fmt.Errorf("classifier: %d group values for %d texts", len(s.Groups), len(s.Texts))
		}
		if i := slices.Index(s.Groups, ""); i >= 0 {
			return fmt.Errorf("classifier: document %d has no %s value to group it by", i+1, s.GroupBy)
		}
	}
	return nil
}

// Checksum returns the SHA-256 of the texts and labels, each length-prefixed
// so that no two different sets hash alike, and of the group column and
// values when documents are grouped. It identifies the training data in
// the model file.
func (s *TrainingSet) Checksum() string {
	h := sha256.New()
	put := func(h hash.Hash, v string) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(v)))
		h.Write(n[:])
		io.WriteString(h, v)
	}
	for _, c := range s.Columns {
		put(h, c)
	}
	grouped := s.Groups != nil
	if grouped {
		// After the label columns' names, so that an ungrouped set hashes
		// as it always has.
		put(h, "group by "+s.GroupBy)
	}
	for i, t := range s.Texts {
		put(h, t)
		for c := range s.Columns {
			put(h, s.Labels[c][i])
		}
		if grouped {
			put(h, s.Groups[i])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// LabelSet returns the distinct labels, sorted: position is class index.
func LabelSet(labels []string) []string {
	set := slices.Clone(labels)
	slices.Sort(set)
	return slices.Compact(set)
}

// encode maps labels onto indices into set.
func encode(labels, set []string) []int {
	y := make([]int, len(labels))
	for i, l := range labels {
		y[i], _ = slices.BinarySearch(set, l)
	}
	return y
}

// Progress receives short status lines during long work; nil discards them.
type Progress func(format string, args ...any)

func (p Progress) say(format string, args ...any) {
	if p != nil {
		p(format, args...)
	}
}

// Train fits the recipe on s: one vectorizer shared by all columns and one
// model per label column, then, when r.Folds > 0, scores the recipe by
// stratified cross-validation of each column (CrossValidate), records
// the Profile the shift check compares input with, and, when
// r.Calibrate asks, fits each column's Calibration on the out-of-fold
// predictions of that cross-validation (FitCalibrations without a second
// cross-validation).
//
// When s is grouped (s.Groups), that model is the pooled one, and each
// group gets a model of its own beside it, fitted on the group's
// documents alone (see GroupModel). Cross-validation then scores both on
// the same folds and fits: the pooled model in Column.CV, the models by
// group, each fold's documents predicted by the model of their group, in
// Bundle.GroupCV. The calibration is the pooled model's; the group models
// are not calibrated.
func Train(s *TrainingSet, r Recipe, progress Progress) (*Bundle, error) {
	if err := s.checkStructured(r); err != nil {
		return nil, err
	}
	if r.Folds == 0 {
		// No cross-validation, no out-of-fold predictions to fit a
		// calibration on: the model records that it has none.
		r.Calibrate = ""
	} else {
		// The model and every fold fit cut the same documents' n-grams.
		s = s.ShareGrams()
	}
	b, err := fitAll(s, r, progress)
	if err != nil {
		return nil, err
	}
	b.Data = DataInfo{Rows: len(s.Texts), SHA256: s.Checksum(), TextHashes: encodeTextHashes(s.Texts)}
	if r.Folds > 0 {
		grouped, pooled, o, err := crossValidate(s, r, progress)
		if err != nil {
			return nil, err
		}
		cals, err := o.calibrate(r.Calibrate, s.Columns, progress)
		if err != nil {
			return nil, err
		}
		for c := range b.Columns {
			b.Columns[c].CV = &pooled[c]
			b.Columns[c].Calibration = cals[c]
		}
		b.Profile = newProfile(o.cov, o, b.Columns, cals)
		if s.Groups != nil {
			b.GroupCV = grouped
		}
	}
	return b, nil
}

// fitAll is Train without the data's checksum and the cross-validation:
// the model a fold of CrossPredict fits.
func fitAll(s *TrainingSet, r Recipe, progress Progress) (*Bundle, error) {
	b, err := fit(s, r, progress)
	if err != nil || s.Groups == nil {
		return b, err
	}
	if err := fitGroups(b, s, r, progress); err != nil {
		return nil, err
	}
	return b, nil
}

// fit fits the pooled model of s, leaving its groups aside.
func fit(s *TrainingSet, r Recipe, progress Progress) (*Bundle, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	progress.say("fitting vocabulary on %d documents", len(s.Texts))
	vec, X, err := vectorize(r.Features, s)
	if err != nil {
		return nil, err
	}
	b := &Bundle{
		Format:     FormatVersion,
		Recipe:     r,
		Vectorizer: vec,
	}
	// The sparse trainer's columns are fitted concurrently: their binary
	// problems share the cores through one set of slots, which keeps both
	// cores busy when a column has fewer classes left than cores. golearn's
	// are fitted one after the other, since each of its problems makes a
	// dense copy of the data.
	concurrent := false
	if r.Model == KindLogReg {
		used, err := trainerFor(r.Trainer, len(X), vec.Len())
		if err != nil {
			return nil, err
		}
		concurrent = used != UsedGolearn
	}
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	b.Columns = make([]Column, len(s.Columns))
	errs := make([]error, len(s.Columns))
	say := func(c int) {
		progress.say("training %s (%d labels, %d features)", s.Columns[c], len(LabelSet(s.Labels[c])), vec.Len())
	}
	structures := make([]*Structure, len(s.Columns))
	for c := range s.Columns {
		st, err := s.structureOf(r, c)
		if err != nil {
			return nil, err
		}
		if st != nil && !st.fittable() {
			// A cross-validation fold (or a group) whose labels lack a
			// polarity, or have a single target: nothing for one of the
			// two models to tell apart.
			progress.say("%s: labels %q lack a polarity or a second target: trained flat", s.Columns[c], LabelSet(s.Labels[c]))
			st = nil
		}
		structures[c] = st
	}
	fit := func(c int) {
		name := s.Columns[c]
		set := LabelSet(s.Labels[c])
		y := encode(s.Labels[c], set)
		m, err := newModel(r, structures[c])
		if err != nil {
			errs[c] = err
			return
		}
		setSlots(m, slots)
		if err := m.Fit(X, y, vec.Len(), len(set)); err != nil {
			errs[c] = fmt.Errorf("training %s: %w", name, err)
			return
		}
		counts := make([]int, len(set))
		for _, k := range y {
			counts[k]++
		}
		b.Columns[c] = Column{Name: name, Labels: set, Counts: counts, Structure: structures[c], model: m}
	}
	if concurrent {
		var wg sync.WaitGroup
		for c := range s.Columns {
			say(c) // from this goroutine only: Progress need not be safe for concurrent use
			wg.Go(func() { fit(c) })
		}
		wg.Wait()
	} else {
		for c := range s.Columns {
			say(c)
			if fit(c); errs[c] != nil {
				break
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	b.scorer = newByTerm(b.linears()...)
	return b, nil
}

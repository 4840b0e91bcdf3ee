package tune

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/metrics"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"
)

// Options configures Search.
type Options struct {
	Space Space             // DefaultSpace() when it has no kinds
	Base  classifier.Recipe // the recipe the candidates patch, met first; classifier.DefaultRecipe() when its Model is ""
	Folds int               // k of the stratified k-fold; 5 when 0
	Seed  uint64            // deals the folds and shuffles the candidates
	// Fits bounds the search: fits of one recipe on one fold. When 0, it
	// is Budget divided by the time of the first fit (at least one round
	// of the default's folds).
	Fits   int
	Budget time.Duration // used when Fits is 0; 2 minutes when both are 0
	// Eta is the halving rate: each round keeps the best 1/Eta; 3 when 0.
	Eta int
	// Progress, when not nil, is told after each fit the fits done, the
	// budget, and the best candidate so far.
	Progress func(done, budget int, best string)
}

// Entry is one candidate's standing.
type Entry struct {
	Name    string            `json:"name"`
	Recipe  classifier.Recipe `json:"recipe"`
	Folds   int               `json:"folds"`    // folds it was scored on
	MacroF1 float64           `json:"macro_f1"` // mean over those folds of the mean macro-F1 of the columns
	SD      float64           `json:"sd"`       // sample standard deviation over those folds (0 for one)
	Seconds float64           `json:"seconds"`  // time of its fits
	order   int               // position among the candidates, for ties
}

// Result is what a search found.
type Result struct {
	Best       Entry   // the candidate with the best score on all folds
	Board      []Entry // every candidate scored, best first (more folds first, then score)
	Budget     int     // the budget in fits: with Seed and the same data, it reproduces this search
	Fits       int     // fits made, at most Budget
	Candidates int     // candidates scored on at least one fold
	Folds      int
	Seed       uint64
}

// Search looks for the recipe of best cross-validated macro-F1 on s, by
// successive halving (see the package doc).
func Search(s *classifier.TrainingSet, o Options) (*Result, error) {
	if len(o.Space.Kinds) == 0 {
		o.Space = DefaultSpace()
	}
	if o.Base.Model == "" {
		o.Base = classifier.DefaultRecipe()
	}
	if o.Folds == 0 {
		o.Folds = 5
	}
	if o.Eta < 2 {
		o.Eta = 3
	}
	if o.Fits == 0 && o.Budget == 0 {
		o.Budget = 2 * time.Minute
	}
	cands, err := o.Space.Candidates(o.Base, o.Seed)
	if err != nil {
		return nil, err
	}
	ev, err := newEvaluator(s, o.Folds, o.Seed)
	if err != nil {
		return nil, err
	}
	// The default is scored on every fold first: it is the yardstick, and
	// its first fit times the budget.
	start := time.Now()
	if err := ev.score(0, cands[0].Recipe, 0, 1); err != nil {
		return nil, fmt.Errorf("tune: %s: %w", cands[0].Name, err)
	}
	budget := o.Fits
	if budget == 0 {
		per := time.Since(start)
		budget = max(o.Folds, int(o.Budget/max(per, time.Millisecond)))
	}
	if err := ev.score(0, cands[0].Recipe, 1, o.Folds); err != nil {
		return nil, fmt.Errorf("tune: %s: %w", cands[0].Name, err)
	}
	// Rounds: fold counts 1, then more, ending with all; n0 candidates
	// start so that the rounds together fit the budget.
	rounds := roundFolds(o.Folds, o.Eta)
	left := budget - ev.fits
	n0 := min(len(cands)-1, startCandidates(left, rounds, o.Eta))
	alive := make([]int, 0, n0)
	for i := 1; i <= n0; i++ {
		alive = append(alive, i)
	}
	report := func() {
		if o.Progress != nil {
			o.Progress(ev.fits, budget, ev.best(cands).Name)
		}
	}
	done := 0
	for r, folds := range rounds {
		for _, i := range alive {
			if ev.fits >= budget {
				break
			}
			if err := ev.score(i, cands[i].Recipe, done, folds); err != nil {
				return nil, fmt.Errorf("tune: %s: %w", cands[i].Name, err)
			}
			report()
		}
		done = folds
		if r == len(rounds)-1 {
			break
		}
		// Keep the best 1/Eta of those scored on this round's folds.
		var ranked []int
		for _, i := range alive {
			if ev.folds(i) == folds {
				ranked = append(ranked, i)
			}
		}
		slices.SortStableFunc(ranked, func(a, b int) int { return cmp.Compare(ev.mean(b), ev.mean(a)) })
		alive = ranked[:min(len(ranked), max(1, len(ranked)/o.Eta))]
	}
	res := &Result{Budget: budget, Fits: ev.fits, Folds: o.Folds, Seed: o.Seed}
	for i := range cands {
		if n := ev.folds(i); n > 0 {
			res.Candidates++
			res.Board = append(res.Board, ev.entry(cands, i))
		}
	}
	slices.SortStableFunc(res.Board, func(a, b Entry) int {
		if c := cmp.Compare(b.Folds, a.Folds); c != 0 {
			return c
		}
		if c := cmp.Compare(b.MacroF1, a.MacroF1); c != 0 {
			return c
		}
		return cmp.Compare(a.order, b.order)
	})
	res.Best = res.Board[0]
	return res, nil
}

// roundFolds returns the number of folds scored by the end of each round:
// 1, then growing by eta, and k last.
func roundFolds(k, eta int) []int {
	var out []int
	for f := 1; f < k; f *= eta {
		out = append(out, f)
	}
	return append(out, k)
}

// startCandidates is how many candidates the first round can take so that
// all rounds fit in fits: round r scores n/eta^r candidates on
// rounds[r] - rounds[r-1] more folds.
func startCandidates(fits int, rounds []int, eta int) int {
	cost := 0.0
	prev := 0
	for r, f := range rounds {
		cost += float64(f-prev) / math.Pow(float64(eta), float64(r))
		prev = f
	}
	return max(1, int(float64(fits)/cost))
}

// evaluator scores candidates fold by fold, remembering the scores; a
// candidate is its index in the candidate list.
type evaluator struct {
	s      *classifier.TrainingSet
	k      int
	seed   uint64
	sets   [][]string
	ys     [][]int
	scores map[int][]float64 // candidate -> score of folds 0..n-1
	secs   map[int]float64
	fits   int
}

func newEvaluator(s *classifier.TrainingSet, k int, seed uint64) (*evaluator, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if k < 2 || k > len(s.Texts) {
		return nil, fmt.Errorf("tune: %d folds for %d documents", k, len(s.Texts))
	}
	ev := &evaluator{s: s, k: k, seed: seed, scores: map[int][]float64{}, secs: map[int]float64{}}
	for c := range s.Columns {
		set := classifier.LabelSet(s.Labels[c])
		ev.sets = append(ev.sets, set)
		y := make([]int, len(s.Labels[c]))
		for i, l := range s.Labels[c] {
			y[i], _ = slices.BinarySearch(set, l)
		}
		ev.ys = append(ev.ys, y)
	}
	return ev, nil
}

// errStop ends a CrossPredict run once the folds asked for are done.
var errStop = errors.New("tune: stop")

// score scores candidate i, recipe r, on the folds [from, to) it has not
// been scored on yet: the mean over the label columns of the macro-F1 of
// the fold's out-of-fold predictions.
func (ev *evaluator) score(i int, r classifier.Recipe, from, to int) error {
	from = max(from, len(ev.scores[i]))
	if from >= to {
		return nil
	}
	start := time.Now()
	plan := classifier.CVPlan{Folds: ev.k, Seed: ev.seed, Subsets: func(_, fold int, train []int) ([][]int, error) {
		switch {
		case fold < from:
			return [][]int{nil}, nil
		case fold >= to:
			return nil, errStop
		}
		return [][]int{train}, nil
	}}
	err := classifier.CrossPredict(ev.s, r, plan, func(f *classifier.CVFit) error {
		ev.fits++
		total := 0.0
		for col := range ev.sets {
			gold := make([]int, len(f.Test))
			pred := make([]int, len(f.Test))
			for j, d := range f.Test {
				gold[j] = ev.ys[col][d]
				pred[j] = floats.MaxIdx(f.Probs[col][j])
			}
			total += metrics.MacroF1(gold, pred, len(ev.sets[col]))
		}
		ev.scores[i] = append(ev.scores[i], total/float64(len(ev.sets)))
		return nil
	})
	ev.secs[i] += time.Since(start).Seconds()
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	return nil
}

func (ev *evaluator) folds(i int) int { return len(ev.scores[i]) }

func (ev *evaluator) mean(i int) float64 {
	m, _ := meanSD(ev.scores[i])
	return m
}

// entry is candidate i's standing.
func (ev *evaluator) entry(cands []Candidate, i int) Entry {
	m, sd := meanSD(ev.scores[i])
	return Entry{Name: cands[i].Name, Recipe: cands[i].Recipe, Folds: len(ev.scores[i]), MacroF1: m, SD: sd, Seconds: ev.secs[i], order: i}
}

// best is the candidate of best score among those scored on the most
// folds, the first met among equals.
func (ev *evaluator) best(cands []Candidate) Entry {
	b := -1
	for i := range cands {
		if ev.folds(i) == 0 {
			continue
		}
		if b < 0 || ev.folds(i) > ev.folds(b) || ev.folds(i) == ev.folds(b) && ev.mean(i) > ev.mean(b) {
			b = i
		}
	}
	return ev.entry(cands, b)
}

// meanSD is the mean and sample standard deviation of v (0 for one
// value, both 0 for none).
func meanSD(v []float64) (mean, sd float64) {
	switch len(v) {
	case 0:
		return 0, 0
	case 1:
		return v[0], 0
	}
	return stat.MeanStdDev(v, nil)
}

// Record returns the search as the model file keeps it, with the top
// entries of the board (all when top <= 0).
func (r *Result) Record(top int) *classifier.SearchRecord {
	rec := &classifier.SearchRecord{Folds: r.Folds, Seed: r.Seed, Budget: r.Budget, Fits: r.Fits, Candidates: r.Candidates}
	for i, e := range r.Board {
		if top > 0 && i == top {
			break
		}
		rec.Board = append(rec.Board, classifier.SearchEntry{Name: e.Name, Recipe: e.Recipe, Folds: e.Folds, MacroF1: e.MacroF1, SD: e.SD})
	}
	return rec
}

// WriteBoard writes the leaderboard of r, its top rows (all when top <= 0),
// then what the search did, how to repeat it, and why the best score is
// optimistic.
func (r *Result) WriteBoard(w io.Writer, top int) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rank\tmacro-F1\tfolds\tseconds\tcandidate")
	for i, e := range r.Board {
		if i == top {
			break
		}
		fmt.Fprintf(tw, "%d\t%.3f ± %.3f\t%d\t%.1f\t%s\n", i+1, e.MacroF1, e.SD, e.Folds, e.Seconds, e.Name)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "%d candidates scored in %d fits (%d-fold stratified CV, seed %d; macro-F1 is the mean over folds of the columns' mean);\n",
		r.Candidates, r.Fits, r.Folds, r.Seed)
	fmt.Fprintf(w, "-fits %d -seed %d repeats this search. Best: %s\n", r.Budget, r.Seed, r.Best.Recipe.Describe())
	_, err := fmt.Fprintf(w, "Its %.3f is optimistic, the best of %d scored on the same folds: `stance cv -recipe auto` scores the search by nested CV.\n",
		r.Best.MacroF1, r.Candidates)
	return err
}

// Chooser returns a func that searches as o says on the training set it
// is given and returns the best recipe: classifier.CVPlan.Choose's and
// evaluate.CVOptions.Choose's form, for nested cross-validation.
func Chooser(o Options) func(*classifier.TrainingSet) (classifier.Recipe, error) {
	return func(s *classifier.TrainingSet) (classifier.Recipe, error) {
		res, err := Search(s, o)
		if err != nil {
			return classifier.Recipe{}, err
		}
		return res.Best.Recipe, nil
	}
}

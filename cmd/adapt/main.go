// Command adapt measures adaptation to a new comment set on P-Stance's
// cross-target protocol (../shared/benchmarks/pstance/SOURCE.md): for each
// ordered pair of targets source -> target and k target training rows
// (three fixed random draws each), a model trained on every source
// training row and the k target rows, by each method of
// classifier.TrainAdapted and by its per-run cross-validated choices
// ("all" among every method, "default" as -adapt auto does), is scored on the target's val rows (-split val,test adds
// the test rows, to report once). Scores are macro-F1 over FAVOR and AGAINST,
// in percent, mean of the draws; the last rows are the mean over the six
// pairs.
//
// With -em, each run instead gives the target's remaining training rows,
// labels dropped, to naive Bayes as unlabelled rows (classifier.TrainEM):
// the columns are pooled naive Bayes without them (weight 0), with them at
// each fixed weight of classifier.DefaultEMLambdas, and with the weight
// chosen by cross-validation over the run's k target rows ("em cv").
//
//	go run ./cmd/adapt [-split val,test] [-k 0,50,100,200,400] [-draws 3] [-em]
package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/internal/benchdata"
	"github.com/stance-nlp/stance/internal/cgocheck"
	"github.com/stance-nlp/stance/metrics"
)

func main() {
	if err := cgocheck.Ensure(); err != nil {
		fmt.Fprintln(os.Stderr, "adapt: cannot restart with GODEBUG=cgocheck=0:", err)
	}
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "adapt:", err)
		os.Exit(1)
	}
}

// methods returns the table's columns, in order; "all" is the per-run
// cross-validated choice among every method, "default" that of
// classifier.AdaptAuto.
func methods() []string {
	return []string{classifier.AdaptPooled, classifier.AdaptTarget, classifier.AdaptWeighted, classifier.AdaptAugmented, classifier.AdaptBlend, classifier.AdaptAll, "default"}
}

// job is one (pair, k, draw) cell of the protocol.
type job struct {
	src, tgt, k, draw int
}

// result is a job's score per split and column, the default's choice, and
// the cross-validated score of each candidate it chose among.
type result struct {
	scores [][]float64
	choice string
	cv     []classifier.AdaptScore
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("adapt", flag.ContinueOnError)
	fs.SetOutput(stderr)
	splitList := fs.String("split", "val", "the target's splits to score, comma-separated: val (develop), test (report once)")
	kList := fs.String("k", "0,50,100,200,400", "target training rows added, comma-separated")
	draws := fs.Int("draws", 3, "random draws of the target rows per k")
	workers := fs.Int("workers", 2, "jobs run at once")
	em := fs.Bool("em", false, "compare naive Bayes with and without the target's other training rows as unlabelled rows (EM) instead of the adaptation methods")
	pairList := fs.String("pairs", "", "only these ordered pairs, as source>target target indices (0-2), comma-separated, e.g. 0>1,2>0 (default: all six)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	splits := strings.Split(*splitList, ",")
	for _, sp := range splits {
		if sp != "val" && sp != "test" {
			return fmt.Errorf("-split %q: want val, test or val,test", *splitList)
		}
	}
	var ks []int
	for _, f := range strings.Split(*kList, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || k < 0 {
			return fmt.Errorf("-k: %q is not a count", f)
		}
		if k == 0 && *em {
			return fmt.Errorf("-em needs k > 0: the weight is chosen on the k target rows")
		}
		ks = append(ks, k)
	}
	pairs, err := parsePairs(*pairList)
	if err != nil {
		return err
	}
	columns := methods()
	if *em {
		columns = emColumns()
	}
	dir, err := benchdata.Dir("pstance")
	if err != nil {
		return err
	}
	train, err := benchdata.PStance(dir, "train")
	if err != nil {
		return err
	}
	evals := make([][]benchdata.Set, len(splits))
	for i, sp := range splits {
		if evals[i], err = benchdata.PStance(dir, sp); err != nil {
			return err
		}
	}
	targets := benchdata.PStanceTargets()
	var jobs []job
	for s := range targets {
		for t := range targets {
			if s == t || pairs != nil && !pairs[[2]int{s, t}] {
				continue
			}
			for _, k := range ks {
				n := *draws
				if k == 0 {
					n = 1 // every draw of no rows is the same
				}
				for d := range n {
					jobs = append(jobs, job{s, t, k, d})
				}
			}
		}
	}
	start := time.Now()
	results := make([]result, len(jobs))
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range max(*workers, 1) {
		wg.Go(func() {
			for i := range next {
				if *em {
					results[i], errs[i] = runEMJob(jobs[i], train, evals)
				} else {
					results[i], errs[i] = runJob(jobs[i], train, evals)
				}
				mu.Lock()
				done++
				j := jobs[i]
				var cv []string
				for _, c := range results[i].cv {
					cv = append(cv, fmt.Sprintf("%s=%.4f", strings.ReplaceAll(c.Name(), " ", ""), c.MacroF1))
				}
				fmt.Fprintf(stderr, "[%d/%d %s] %s -> %s k=%d draw %d: %v %s; cv %s\n", done, len(jobs), time.Since(start).Round(time.Second),
					targets[j.src], targets[j.tgt], j.k, j.draw+1, fmtScores(results[i].scores[0]), results[i].choice, strings.Join(cv, " "))
				mu.Unlock()
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	for n, sp := range splits {
		if err := table(stdout, sp, n, jobs, results, ks, *draws, columns, pairs); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "%d jobs in %s\n", len(jobs), time.Since(start).Round(time.Second))
	return nil
}

// table prints the mean over draws of each pair and k, and the mean over
// the pairs run (all six when pairs is nil), of the scores on split number
// split, called name.
func table(stdout io.Writer, name string, split int, jobs []job, results []result, ks []int, draws int, columns []string, pairs map[[2]int]bool) error {
	nPairs := 6
	if pairs != nil {
		nPairs = len(pairs)
	}
	targets := benchdata.PStanceTargets()
	// Mean over draws per (pair, k), then over pairs per k.
	type cell struct{ src, tgt, k int }
	sums := map[cell][]float64{}
	counts := map[cell]int{}
	choices := map[cell][]string{}
	for i, j := range jobs {
		c := cell{j.src, j.tgt, j.k}
		if sums[c] == nil {
			sums[c] = make([]float64, len(columns))
		}
		for m, v := range results[i].scores[split] {
			sums[c][m] += v
		}
		counts[c]++
		choices[c] = append(choices[c], results[i].choice)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "pair\tk\t%s\t%s's choices\t\n", strings.Join(columns, "\t"), columns[len(columns)-1])
	means := map[int][]float64{}
	for s := range targets {
		for t := range targets {
			if s == t || pairs != nil && !pairs[[2]int{s, t}] {
				continue
			}
			for _, k := range ks {
				c := cell{s, t, k}
				row := make([]float64, len(columns))
				for m := range row {
					row[m] = sums[c][m] / float64(counts[c])
				}
				if means[k] == nil {
					means[k] = make([]float64, len(columns))
				}
				for m := range row {
					means[k][m] += row[m] / float64(nPairs)
				}
				fmt.Fprintf(tw, "%s -> %s\t%d\t%s\t%s\t\n", short(targets[s]), short(targets[t]), k, fmtRow(row), strings.Join(choices[c], ", "))
			}
		}
	}
	for _, k := range ks {
		fmt.Fprintf(tw, "mean of %d pairs\t%d\t%s\t\t\n", nPairs, k, fmtRow(means[k]))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(stdout, "macro-F1(FAVOR, AGAINST) in %%, on the target's %s rows, mean of %d draws (k = 0: one model)\n\n", name, draws)
	return err
}

func short(target string) string { return strings.Fields(target)[1] }

func fmtRow(row []float64) string {
	f := make([]string, len(row))
	for i, v := range row {
		f[i] = strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strings.Join(f, "\t")
}

func fmtScores(row []float64) string {
	f := make([]string, len(row))
	for i, v := range row {
		f[i] = strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strings.Join(f, " ")
}

// drawRows returns the first k of a fixed random order of n target rows:
// the same order for a target and draw whatever the source, so that the
// draws of larger k hold those of smaller k.
func drawRows(n, k, tgt, draw int) []int {
	rng := rand.New(rand.NewPCG(uint64(draw+1), uint64(tgt+1)))
	order := rng.Perm(n)[:min(k, n)]
	slices.Sort(order)
	return order
}

// runJob trains the methods for job j and scores each on the target's
// evaluation rows.
func runJob(j job, train []benchdata.Set, evals [][]benchdata.Set) (result, error) {
	r := classifier.DefaultRecipe()
	src, tgt := train[j.src], train[j.tgt]
	set := &classifier.TrainingSet{Columns: []string{"stance"}, Labels: [][]string{nil}}
	var domains []string
	for i, t := range src.Texts {
		set.Texts = append(set.Texts, t)
		set.Labels[0] = append(set.Labels[0], src.Labels[i])
		domains = append(domains, "source")
	}
	for _, i := range drawRows(len(tgt.Texts), j.k, j.tgt, j.draw) {
		set.Texts = append(set.Texts, tgt.Texts[i])
		set.Labels[0] = append(set.Labels[0], tgt.Labels[i])
		domains = append(domains, "target")
	}
	columns := methods()
	out, put := newResult(len(columns), evals, j.tgt)
	if j.k == 0 {
		r.Folds, r.Calibrate = 0, ""
		b, err := classifier.Train(set, r, nil)
		if err != nil {
			return *out, err
		}
		for m := range columns {
			put(m, b)
		}
		out.choice = "source only"
		return *out, nil
	}
	// The fits below cut each text's n-grams once between them.
	set = set.ShareGrams()
	a := classifier.AdaptConfig{Column: "target", Domains: domains, New: "target"}
	auto, err := classifier.TrainAdapted(set, r, a, nil)
	if err != nil {
		return *out, err
	}
	out.choice = classifier.AdaptScore{Method: auto.Adapt.Method, Weight: auto.Adapt.Weight}.Name()
	aa := a
	aa.Method = classifier.AdaptAll
	all, err := classifier.TrainAdapted(set, r, aa, nil)
	if err != nil {
		return *out, err
	}
	rec := all.Adapt
	out.cv = rec.Scores
	best := -1.0
	var bestW float64
	for _, s := range rec.Scores {
		if s.Method == classifier.AdaptWeighted && s.Err == "" && s.MacroF1 > best {
			best, bestW = s.MacroF1, s.Weight
		}
	}
	fixed := r
	fixed.Folds = 0
	for m, name := range columns {
		switch {
		case name == "default":
			put(m, auto)
			continue
		case name == classifier.AdaptAll:
			put(m, all)
			continue
		}
		fa := a
		fa.Method = name
		fa.Weights = []float64{bestW}
		b, err := classifier.TrainAdapted(set, fixed, fa, nil)
		if err != nil {
			return *out, fmt.Errorf("%s: %w", name, err)
		}
		put(m, b)
	}
	return *out, nil
}

// newResult returns an empty result of n columns on the splits evals, and
// put, which scores a model on target tgt's rows of every split as column
// m of the result.
func newResult(n int, evals [][]benchdata.Set, tgt int) (*result, func(m int, b *classifier.Bundle)) {
	out := &result{scores: make([][]float64, len(evals))}
	for k := range evals {
		out.scores[k] = make([]float64, n)
	}
	return out, func(m int, b *classifier.Bundle) {
		for k, eval := range evals {
			out.scores[k][m] = macroF1(b, eval[tgt])
		}
	}
}

// macroF1 scores b on set: 100 × metrics.MacroF1 of the most probable
// label over the labels of b's column (FAVOR and AGAINST).
func macroF1(b *classifier.Bundle, set benchdata.Set) float64 {
	p := b.NewPredictor()
	labels := b.Columns[0].Labels
	gold := make([]int, len(set.Texts))
	pred := make([]int, len(set.Texts))
	for i, t := range set.Texts {
		gold[i] = slices.Index(labels, set.Labels[i])
		pred[i] = p.Predict(t)[0].Index
	}
	return 100 * metrics.MacroF1(gold, pred, len(labels))
}

// emColumns returns the columns of -em: pooled naive Bayes at each fixed
// weight of the unlabelled rows (0: without them), then the weight chosen
// by cross-validation on the k target rows.
func emColumns() []string {
	var out []string
	for _, l := range classifier.DefaultEMLambdas() {
		out = append(out, "nb em "+strconv.FormatFloat(l, 'g', -1, 64))
	}
	return append(out, "em cv")
}

// parsePairs reads -pairs; nil means every pair.
func parsePairs(list string) (map[[2]int]bool, error) {
	if list == "" {
		return nil, nil
	}
	out := map[[2]int]bool{}
	for _, f := range strings.Split(list, ",") {
		a, b, ok := strings.Cut(strings.TrimSpace(f), ">")
		s, err1 := strconv.Atoi(a)
		t, err2 := strconv.Atoi(b)
		if !ok || err1 != nil || err2 != nil || s < 0 || s > 2 || t < 0 || t > 2 || s == t {
			return nil, fmt.Errorf("-pairs: %q is not source>target with two different target indices 0-2", f)
		}
		out[[2]int{s, t}] = true
	}
	return out, nil
}

// emRecipe is the recipe of -em: the default recipe's features and class
// weights with naive Bayes, uncalibrated (calibration does not move the
// most probable label the scores count).
func emRecipe() classifier.Recipe {
	r := classifier.DefaultRecipe()
	r.Model, r.Calibrate = classifier.KindNaiveBayes, ""
	return r
}

// runEMJob trains pooled naive Bayes on every source training row and the
// job's k target rows, with the target's other training rows as
// unlabelled rows at each weight of emColumns, and scores each on the
// target's evaluation rows.
func runEMJob(j job, train []benchdata.Set, evals [][]benchdata.Set) (result, error) {
	r := emRecipe()
	src, tgt := train[j.src], train[j.tgt]
	set := &classifier.TrainingSet{Columns: []string{"stance"}, Labels: [][]string{nil}}
	var scored []bool
	for i, t := range src.Texts {
		set.Texts = append(set.Texts, t)
		set.Labels[0] = append(set.Labels[0], src.Labels[i])
		scored = append(scored, false)
	}
	drawn := drawRows(len(tgt.Texts), j.k, j.tgt, j.draw)
	for _, i := range drawn {
		set.Texts = append(set.Texts, tgt.Texts[i])
		set.Labels[0] = append(set.Labels[0], tgt.Labels[i])
		scored = append(scored, true)
	}
	var unlabeled []string
	for i, t := range tgt.Texts {
		if _, found := slices.BinarySearch(drawn, i); !found {
			unlabeled = append(unlabeled, t)
		}
	}
	columns := emColumns()
	out, put := newResult(len(columns), evals, j.tgt)
	chosen, err := classifier.TrainEM(set, unlabeled, r, classifier.EMConfig{Scored: scored}, nil)
	if err != nil {
		return *out, err
	}
	for _, s := range chosen.EM.Scores {
		out.cv = append(out.cv, classifier.AdaptScore{Method: "em" + strconv.FormatFloat(s.Lambda, 'g', -1, 64), MacroF1: s.MacroF1})
	}
	out.choice = strconv.FormatFloat(chosen.EM.Lambda, 'g', -1, 64)
	put(len(columns)-1, chosen)
	fixed := r
	fixed.Folds = 0
	for m, l := range classifier.DefaultEMLambdas() {
		if l == chosen.EM.Lambda {
			put(m, chosen)
			continue
		}
		b, err := classifier.TrainEM(set, unlabeled, fixed, classifier.EMConfig{Lambdas: []float64{l}}, nil)
		if err != nil {
			return *out, fmt.Errorf("weight %g: %w", l, err)
		}
		put(m, b)
	}
	return *out, nil
}

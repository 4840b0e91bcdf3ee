package main

import (
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/stance-nlp/stance/active"
	"github.com/stance-nlp/stance/classifier"
)

// dataset is labelled text: labels[i] is the gold label of texts[i].
type dataset struct {
	texts  []string
	labels []string
}

// subset returns the items of d at the given indices, in that order.
func (d dataset) subset(idx []int) dataset {
	out := dataset{texts: make([]string, len(idx)), labels: make([]string, len(idx))}
	for k, i := range idx {
		out.texts[k], out.labels[k] = d.texts[i], d.labels[i]
	}
	return out
}

// settings are the parameters of one simulated annotation run that do not
// change between strategies and seeds.
type settings struct {
	seedLabels int               // initial random labelled set
	batch      int               // labels revealed per step
	max        int               // stop at this many labels
	recipe     classifier.Recipe // retrained at every step
}

// point is one step of a run: test accuracy after training on labels items.
type point struct {
	labels   int
	accuracy float64
}

// schedule returns the labelled-set sizes at which a run trains and scores:
// seedLabels, then one batch more each step, ending at max (or at the pool
// size, if smaller) even when the last batch is short.
func schedule(s settings, poolSize int) []int {
	end := min(s.max, poolSize)
	var sizes []int
	for n := min(s.seedLabels, end); ; n += s.batch {
		n = min(n, end)
		sizes = append(sizes, n)
		if n == end {
			return sizes
		}
	}
}

// seedSet returns the initial labelled items: the first n of a seeded
// shuffle of the pool. If those hold a single class, the last of them is
// swapped for the first item of another class in the shuffle, since a
// classifier needs two classes to train. Both strategies start from it.
func seedSet(pool dataset, n int, seed uint64) []int {
	order := active.Order(active.Random, indices(len(pool.labels)), nil, seed)
	set := slices.Clone(order[:n])
	if n < 2 || classes(pool.subset(set).labels) > 1 {
		return set
	}
	for _, i := range order[n:] {
		if pool.labels[i] != pool.labels[set[0]] {
			set[n-1] = i
			break
		}
	}
	return set
}

// indices returns 0, 1, …, n-1.
func indices(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// classes returns the number of distinct labels.
func classes(labels []string) int {
	return len(classifier.LabelSet(labels))
}

// simulate runs one annotation loop: starting from seedSet, it trains on the
// labelled items, scores test accuracy, asks the strategy for the next
// unlabelled items of pool and reveals their labels, until the schedule
// ends. step, when not nil, is called after every scored step.
func simulate(strategy active.Strategy, pool, test dataset, s settings, seed uint64, step func()) ([]point, error) {
	labelled := seedSet(pool, min(s.seedLabels, len(pool.texts)), seed)
	sizes := schedule(s, len(pool.texts))
	curve := make([]point, 0, len(sizes))
	for k, size := range sizes {
		b, err := train(pool.subset(labelled), s.recipe)
		if err != nil {
			return nil, fmt.Errorf("%s, seed %d, %d labels: %w", strategy, seed, size, err)
		}
		curve = append(curve, point{labels: size, accuracy: accuracy(b, test)})
		if step != nil {
			step()
		}
		if k+1 < len(sizes) {
			next := choose(strategy, b, pool, unlabelled(len(pool.texts), labelled), stepSeed(seed, k))
			labelled = append(labelled, next[:sizes[k+1]-size]...)
		}
	}
	return curve, nil
}

// train fits the recipe on d, with its labels as a single column.
func train(d dataset, r classifier.Recipe) (*classifier.Bundle, error) {
	return classifier.Train(&classifier.TrainingSet{
		Texts:   d.texts,
		Columns: []string{"label"},
		Labels:  [][]string{d.labels},
	}, r, nil)
}

// unlabelled returns the items of 0..n-1 not in labelled, in index order.
func unlabelled(n int, labelled []int) []int {
	done := make([]bool, n)
	for _, i := range labelled {
		done[i] = true
	}
	var out []int
	for i, d := range done {
		if !d {
			out = append(out, i)
		}
	}
	return out
}

// choose returns the unlabelled items of pool in the order the strategy
// would present them to an annotator, given the current model b.
func choose(strategy active.Strategy, b *classifier.Bundle, pool dataset, unlabelled []int, seed uint64) []int {
	if strategy != active.Uncertainty {
		return active.Order(strategy, unlabelled, nil, seed)
	}
	margins := make(map[int]float64, len(unlabelled))
	p := b.NewPredictor()
	for _, i := range unlabelled {
		margins[i] = active.Margin(p.Predict(pool.texts[i])[0].Probs)
	}
	return active.Order(active.Uncertainty, unlabelled, func(i int) float64 { return margins[i] }, seed)
}

// stepSeed derives the seed of step k of the run with the given seed
// (splitmix64's finaliser), so that random draws of different steps and
// runs are unrelated yet reproducible.
func stepSeed(seed uint64, k int) uint64 {
	z := seed*0x9e3779b97f4a7c15 + uint64(k+1)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// accuracy returns the share of test items whose most probable label under
// b is the gold label.
func accuracy(b *classifier.Bundle, test dataset) float64 {
	if len(test.texts) == 0 {
		return 0
	}
	p := b.NewPredictor()
	right := 0
	for i, t := range test.texts {
		if p.Predict(t)[0].Label == test.labels[i] {
			right++
		}
	}
	return float64(right) / float64(len(test.texts))
}

// job is one (strategy, seed) pair of an experiment and, once done, its curve.
type job struct {
	strategy active.Strategy
	seed     uint64
	curve    []point
	err      error
}

// experiment runs every strategy with seeds 1..seeds, on as many goroutines
// as there are CPUs (each run is independent, so the results do not depend
// on the interleaving), and returns the jobs in strategy-major order.
// step is called, from any goroutine, after every scored step.
func experiment(strategies []active.Strategy, seeds int, pool, test dataset, s settings, step func()) ([]*job, error) {
	var jobs []*job
	for _, st := range strategies {
		for seed := 1; seed <= seeds; seed++ {
			jobs = append(jobs, &job{strategy: st, seed: uint64(seed)})
		}
	}
	queue := make(chan *job)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for j := range queue {
				j.curve, j.err = simulate(j.strategy, pool, test, s, j.seed, step)
			}
		})
	}
	for _, j := range jobs {
		queue <- j
	}
	close(queue)
	wg.Wait()
	for _, j := range jobs {
		if j.err != nil {
			return nil, j.err
		}
	}
	return jobs, nil
}

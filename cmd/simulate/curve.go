package main

import (
	"math"

	"github.com/stance-nlp/stance/active"
)

// summaryPoint is the accuracy at one labelled-set size over the seeds of
// a strategy.
type summaryPoint struct {
	labels   int
	mean, sd float64 // sd: sample standard deviation (n-1); 0 for one seed
	min, max float64
	runs     []float64 // per seed, in seed order
}

// curve is a strategy's accuracy against labels, over seeds.
type curve struct {
	strategy active.Strategy
	points   []summaryPoint
}

// aggregate pools the runs of each strategy into one curve, keeping the
// order in which strategies first appear in jobs. Every run of a strategy
// follows the same schedule, so their points line up by position.
func aggregate(jobs []*job) []curve {
	var out []curve
	at := map[active.Strategy]int{}
	for _, j := range jobs {
		k, ok := at[j.strategy]
		if !ok {
			k = len(out)
			at[j.strategy] = k
			out = append(out, curve{strategy: j.strategy, points: make([]summaryPoint, len(j.curve))})
		}
		for i, p := range j.curve {
			sp := &out[k].points[i]
			sp.labels = p.labels
			sp.runs = append(sp.runs, p.accuracy)
		}
	}
	for k := range out {
		for i := range out[k].points {
			out[k].points[i].describe()
		}
	}
	return out
}

// describe fills mean, sd, min and max from runs.
func (p *summaryPoint) describe() {
	p.min, p.max = math.Inf(1), math.Inf(-1)
	var sum float64
	for _, v := range p.runs {
		sum += v
		p.min, p.max = math.Min(p.min, v), math.Max(p.max, v)
	}
	n := float64(len(p.runs))
	p.mean = sum / n
	if len(p.runs) < 2 {
		return
	}
	var ss float64
	for _, v := range p.runs {
		ss += (v - p.mean) * (v - p.mean)
	}
	p.sd = math.Sqrt(ss / (n - 1))
}

// labelsToReach returns the smallest number of labels at which the mean
// accuracy is at least target, and false if the curve never gets there.
func (c curve) labelsToReach(target float64) (int, bool) {
	for _, p := range c.points {
		if p.mean >= target {
			return p.labels, true
		}
	}
	return 0, false
}

// last returns the largest label count of the curve.
func (c curve) last() int { return c.points[len(c.points)-1].labels }

// accuracyAt returns the mean accuracy at n labels, interpolating linearly
// between the two scored sizes around n; false when n is outside the
// curve.
func (c curve) accuracyAt(n int) (float64, bool) {
	for i, p := range c.points {
		switch {
		case p.labels == n:
			return p.mean, true
		case p.labels > n && i > 0:
			q := c.points[i-1]
			t := float64(n-q.labels) / float64(p.labels-q.labels)
			return q.mean + t*(p.mean-q.mean), true
		case p.labels > n:
			return 0, false
		}
	}
	return 0, false
}

package metrics

import "testing"

func TestBrier(t *testing.T) {
	tests := []struct {
		name  string
		probs [][]float64
		gold  []int
		want  float64
	}{
		// certain and right: every term 0
		{"perfect", [][]float64{{1, 0}, {0, 1}}, []int{0, 1}, 0},
		// certain and wrong: (0-1)² + (1-0)² = 2
		{"certain wrong", [][]float64{{0, 1}}, []int{0}, 2},
		// (0.5-1)² + (0.5-0)² = 0.25 + 0.25
		{"even", [][]float64{{0.5, 0.5}}, []int{0}, 0.5},
		// row 1, gold 0: (0.7-1)² + 0.2² + 0.1² = 0.09+0.04+0.01 = 0.14
		// row 2, gold 2: 0.2² + 0.5² + (0.3-1)² = 0.04+0.25+0.49 = 0.78
		// mean (0.14+0.78)/2
		{"three classes", [][]float64{{0.7, 0.2, 0.1}, {0.2, 0.5, 0.3}}, []int{0, 2}, 0.46},
		// one class only: (1-1)² = 0 and (0.4-1)² = 0.36; mean 0.18
		{"one class", [][]float64{{1}, {0.4}}, []int{0, 0}, 0.18},
		{"empty", nil, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Brier(tt.probs, tt.gold); !near(got, tt.want) {
				t.Errorf("Brier = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReliability(t *testing.T) {
	tests := []struct {
		name  string
		probs [][]float64
		gold  []int
		bins  int
		want  []Bin
		ece   float64
	}{
		{
			// 4 bins [0,.25) [.25,.5) [.5,.75) [.75,1]:
			// [.9 .1] gold 0: conf .9, bin 3, right
			// [.6 .4] gold 1: conf .6, bin 2, wrong
			// [.5 .5] gold 1: tie, argmax is class 0, conf .5 = Lo of bin 2, wrong
			// [.2 .8] gold 1: conf .8, bin 3, right
			// [0 1]   gold 1: conf 1, last bin, right
			// bins 0 and 1 empty; bin 2: conf (.6+.5)/2 = .55, acc 0;
			// bin 3: conf (.9+.8+1)/3 = .9, acc 3/3 = 1.
			// ECE = (2/5)|0-.55| + (3/5)|1-.9| = .22 + .06 = .28
			name:  "ties and empty bins",
			probs: [][]float64{{0.9, 0.1}, {0.6, 0.4}, {0.5, 0.5}, {0.2, 0.8}, {0, 1}},
			gold:  []int{0, 1, 1, 1, 1},
			bins:  4,
			want: []Bin{
				{0, 0.25, 0, 0, 0},
				{0.25, 0.5, 0, 0, 0},
				{0.5, 0.75, 2, 0.55, 0},
				{0.75, 1, 3, 0.9, 1},
			},
			ece: 0.28,
		},
		{
			// conf .4 in bin 1 of 4, right: ECE = |1 - .4| = .6
			name:  "three classes",
			probs: [][]float64{{0.4, 0.3, 0.3}},
			gold:  []int{0},
			bins:  4,
			want: []Bin{
				{0, 0.25, 0, 0, 0},
				{0.25, 0.5, 1, 0.4, 1},
				{0.5, 0.75, 0, 0, 0},
				{0.75, 1, 0, 0, 0},
			},
			ece: 0.6,
		},
		{
			// One bin holds everything: conf (1+.5)/2 = .75; [1 0] gold 0
			// right, [.5 .5] tie → 0, gold 1 wrong: acc 1/2. ECE = |.5-.75|
			name:  "one bin",
			probs: [][]float64{{1, 0}, {0.5, 0.5}},
			gold:  []int{0, 1},
			bins:  1,
			want:  []Bin{{0, 1, 2, 0.75, 0.5}},
			ece:   0.25,
		},
		{
			// n = 0: all bins empty, ECE 0
			name: "empty",
			bins: 2,
			want: []Bin{{0, 0.5, 0, 0, 0}, {0.5, 1, 0, 0, 0}},
			ece:  0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Reliability(tt.probs, tt.gold, tt.bins)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d bins, want %d", len(got), len(tt.want))
			}
			for b, w := range tt.want {
				g := got[b]
				if !near(g.Lo, w.Lo) || !near(g.Hi, w.Hi) || g.Count != w.Count ||
					!near(g.Confidence, w.Confidence) || !near(g.Accuracy, w.Accuracy) {
					t.Errorf("bin %d: got %+v, want %+v", b, g, w)
				}
			}
			if got := ECE(tt.probs, tt.gold, tt.bins); !near(got, tt.ece) {
				t.Errorf("ECE = %v, want %v", got, tt.ece)
			}
		})
	}
}

func TestReliabilityEdges(t *testing.T) {
	// A confidence equal to a bin's Lo edge belongs to that bin, even where
	// conf·bins rounds below the edge: 0.29·100 = 28.999999999999996 in
	// float64, yet 0.29 == 29.0/100, so it goes to bin 29. Likewise 0.7 in
	// bin 7 of 10, and 1.0 in the last bin.
	tests := []struct {
		conf float64
		bins int
		want int
	}{
		{0.29, 100, 29},
		{0.7, 10, 7},
		{0.6999999, 10, 6},
		{1, 10, 9},
		{0.5, 2, 1},
		{0.3, 3, 0}, // 0.3 < 1.0/3
	}
	for _, tt := range tests {
		probs := [][]float64{{tt.conf, 1 - tt.conf}}
		if tt.conf < 0.5 {
			probs = [][]float64{{tt.conf, (1 - tt.conf) / 3, (1 - tt.conf) / 3, (1 - tt.conf) / 3}}
		}
		rel := Reliability(probs, []int{0}, tt.bins)
		got := -1
		for b, bin := range rel {
			if bin.Count == 1 {
				got = b
			}
		}
		if got != tt.want {
			t.Errorf("confidence %v in %d bins: got bin %d, want %d", tt.conf, tt.bins, got, tt.want)
		}
		if got >= 0 && !(rel[got].Lo <= tt.conf && (tt.conf < rel[got].Hi || got == tt.bins-1)) {
			t.Errorf("confidence %v: got bin [%v, %v), which does not hold it", tt.conf, rel[got].Lo, rel[got].Hi)
		}
	}
}

func TestTopReliability(t *testing.T) {
	// Four predictions in 2 bins: confidences .3 (right) and .4 (wrong) in
	// [0, .5): conf (.3+.4)/2 = .35, acc 1/2; .9 (right) and 1 (right) in
	// [.5, 1]: conf .95, acc 1. ECE = (2/4)|.5-.35| + (2/4)|1-.95| = .075 + .025.
	conf := []float64{0.3, 0.9, 0.4, 1}
	right := []bool{true, true, false, true}
	rel := TopReliability(conf, right, 2)
	want := []Bin{{Lo: 0, Hi: 0.5, Count: 2, Confidence: 0.35, Accuracy: 0.5}, {Lo: 0.5, Hi: 1, Count: 2, Confidence: 0.95, Accuracy: 1}}
	for b, w := range want {
		if g := rel[b]; !near(g.Lo, w.Lo) || !near(g.Hi, w.Hi) || g.Count != w.Count || !near(g.Confidence, w.Confidence) || !near(g.Accuracy, w.Accuracy) {
			t.Errorf("bin %d: got %+v, want %+v", b, g, w)
		}
	}
	if got := TopECE(conf, right, 2); !near(got, 0.1) {
		t.Errorf("TopECE = %v, want 0.1", got)
	}
	// The same predictions as probability rows give the same bins.
	probs := [][]float64{{0.3, 0.25, 0.25, 0.2}, {0.9, 0.1}, {0.4, 0.6 / 2, 0.6 / 2}, {1, 0}}
	gold := []int{0, 0, 1, 0}
	if got := ECE(probs, gold, 2); !near(got, 0.1) {
		t.Errorf("ECE of the same predictions = %v, want 0.1", got)
	}
	if got := TopECE(nil, nil, 10); got != 0 {
		t.Errorf("TopECE of nothing = %v, want 0", got)
	}
}

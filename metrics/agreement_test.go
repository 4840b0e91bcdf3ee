package metrics

import (
	"math"
	"testing"
)

func TestCohenKappa(t *testing.T) {
	tests := []struct {
		name string
		a, b []int
		k    int
		want float64
	}{
		// p_o = 2/4; marginals [2 2] and [2 2]: p_e = (1/2)(1/2)+(1/2)(1/2) = 1/2;
		// κ = (1/2 - 1/2)/(1 - 1/2) = 0
		{"chance", []int{0, 0, 1, 1}, []int{0, 1, 0, 1}, 2, 0},
		// p_o = 3/4; marginals [3 1] and [2 2]: p_e = (3/4)(2/4)+(1/4)(2/4) = 1/2;
		// κ = (3/4 - 1/2)/(1/2) = 1/2
		{"half", []int{0, 0, 0, 1}, []int{0, 0, 1, 1}, 2, 0.5},
		// p_o = 1; p_e = 3·(1/3)(1/3) = 1/3; κ = (2/3)/(2/3) = 1
		{"perfect", []int{0, 1, 2}, []int{0, 1, 2}, 3, 1},
		// p_o = 0; p_e = 1/2; κ = (0 - 1/2)/(1/2) = -1
		{"opposite", []int{0, 1}, []int{1, 0}, 2, -1},
		// Class 1 of 3 never used by either rater:
		// p_o = 2/3; marginals a [1 0 2], b [2 0 1]:
		// p_e = (1/3)(2/3) + 0 + (2/3)(1/3) = 4/9;
		// κ = (2/3 - 4/9)/(1 - 4/9) = (2/9)/(5/9) = 2/5
		{"unused class", []int{0, 2, 2}, []int{0, 2, 0}, 3, 0.4},
		// All ratings identical: p_o = 1, p_e = 1·1 = 1, 1 - p_e = 0: defined
		// as 1 (sklearn: nan).
		{"all identical", []int{2, 2, 2}, []int{2, 2, 2}, 3, 1},
		// Each rater one class, different ones: p_o = 0, p_e = 1·0 + 0·1 = 0,
		// κ = 0/1 = 0
		{"one class each", []int{0, 0}, []int{1, 1}, 2, 0},
		// No items: 0
		{"empty", nil, nil, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CohenKappa(tt.a, tt.b, tt.k); !near(got, tt.want) {
				t.Errorf("CohenKappa = %v, want %v", got, tt.want)
			}
			if got := CohenKappa(tt.b, tt.a, tt.k); !near(got, tt.want) {
				t.Errorf("CohenKappa swapped = %v, want %v (κ is symmetric)", got, tt.want)
			}
		})
	}
}

// fromCounts expands a subjects × categories table of rater counts, the
// form in which Fleiss' kappa examples are published, into ratings lists:
// row i with counts [2 0 1] becomes item i rated [0 0 2].
func fromCounts(table [][]int) [][]int {
	out := make([][]int, len(table))
	for i, row := range table {
		for c, n := range row {
			for range n {
				out[i] = append(out[i], c)
			}
		}
	}
	return out
}

func TestFleissKappaWikipedia(t *testing.T) {
	// Worked example of the Wikipedia article "Fleiss' kappa": 10 subjects,
	// 14 raters each, 5 categories; row i gives how many raters put subject
	// i in each category. Published there: p_j = 0.143 0.200 0.279 0.150
	// 0.229, P̄ = 0.378, P̄_e = 0.213, κ = 0.210.
	table := [][]int{
		{0, 0, 0, 0, 14},
		{0, 2, 6, 4, 2},
		{0, 0, 3, 5, 6},
		{0, 3, 9, 2, 0},
		{2, 2, 8, 1, 1},
		{7, 7, 0, 0, 0},
		{3, 2, 6, 3, 0},
		{2, 5, 3, 2, 2},
		{6, 5, 2, 1, 0},
		{0, 2, 2, 3, 7},
	}
	ratings := fromCounts(table)
	got, err := FleissKappa(ratings, 5)
	if err != nil {
		t.Fatal(err)
	}
	// Exactly: Σ_j n_ij(n_ij - 1) per row is 14·13 = 182; 2+30+12+2 = 46;
	// 6+20+30 = 56; 6+72+2 = 80; 2+2+56 = 60; 42+42 = 84; 6+2+30+6 = 44;
	// 2+20+6+2+2 = 32; 30+20+2 = 52; 2+2+6+42 = 52; in all 688, so
	// P̄ = 688/(10·14·13) = 688/1820 (row 2: P_2 = 46/182 = 0.253 as published).
	// Column totals are 20 28 39 21 32 of 140 ratings, so
	// P̄_e = (20²+28²+39²+21²+32²)/140² = (400+784+1521+441+1024)/19600 = 4170/19600.
	pBar, pe := 688.0/1820, 4170.0/19600
	want := (pBar - pe) / (1 - pe)
	if !near(got, want) {
		t.Errorf("FleissKappa = %v, want %v", got, want)
	}
	if math.Abs(got-0.210) > 0.0005 {
		t.Errorf("FleissKappa = %v, want the published 0.210 to 3 decimals", got)
	}
	if math.Abs(pBar-0.378) > 0.0005 || math.Abs(pe-0.213) > 0.0005 {
		t.Errorf("got P̄ %v, P̄_e %v, want the published 0.378, 0.213", pBar, pe)
	}
}

func TestFleissKappa(t *testing.T) {
	tests := []struct {
		name    string
		ratings [][]int
		k       int
		want    float64
	}{
		// P_i = 1 for both; p = [1/2 1/2], P̄_e = 1/2; κ = (1 - 1/2)/(1/2) = 1
		{"perfect", [][]int{{0, 0}, {1, 1}}, 2, 1},
		// P_i = (1+1-2)/(2·1) = 0; P̄_e = 1/2; κ = (0 - 1/2)/(1/2) = -1
		{"always split", [][]int{{0, 1}, {1, 0}}, 2, -1},
		// P_1 = (9-3)/6 = 1, P_2 = (4+1-3)/6 = 1/3, P_3 = 1: P̄ = 7/9;
		// totals [5 4] of 9: P̄_e = 25/81 + 16/81 = 41/81;
		// κ = (63/81 - 41/81)/(40/81) = 22/40
		{"three raters", [][]int{{0, 0, 0}, {0, 0, 1}, {1, 1, 1}}, 2, 0.55},
		// All ratings class 2: P̄_e = 1, 1 - P̄_e = 0, P̄ = 1: defined as 1
		{"all identical", [][]int{{2, 2, 2}, {2, 2, 2}}, 3, 1},
		// Class 1 of 3 never used: P_1 = (4-2)/2 = 1, P_2 = 0: P̄ = 1/2;
		// totals [3 0 1] of 4: P̄_e = 9/16 + 1/16 = 10/16;
		// κ = (8/16 - 10/16)/(6/16) = -1/3
		{"unused class", [][]int{{0, 0}, {0, 2}}, 3, -1.0 / 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FleissKappa(tt.ratings, tt.k)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if !near(got, tt.want) {
				t.Errorf("FleissKappa = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFleissKappaErrors(t *testing.T) {
	tests := []struct {
		name    string
		ratings [][]int
	}{
		{"no items", nil},
		{"one rating", [][]int{{0}, {1}}},
		{"no ratings", [][]int{{}, {}}},
		{"unequal raters", [][]int{{0, 1}, {0, 1, 1}}},
		{"label out of range", [][]int{{0, 1}, {0, 2}}},
		{"negative label", [][]int{{0, -1}, {0, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := FleissKappa(tt.ratings, 2); err == nil {
				t.Errorf("got %v and no error, want an error", got)
			}
		})
	}
}

func TestKrippendorffAlphaPublished(t *testing.T) {
	// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
	// section C, nominal data, any number of observers, missing data:
	// observers A B C D code units 1..12 with values 1..5 ("." missing):
	//
	//	A: 1 2 3 3 2 1 4 1 2 . . .
	//	B: 1 2 3 3 2 2 4 1 2 5 . 3
	//	C: . 3 3 3 2 3 4 2 2 5 1 .
	//	D: 1 2 3 3 2 4 4 1 2 5 1 .
	//
	// Published there: n_c = 9 13 10 5 3, n = 40, α = 0.743. Here values
	// are shifted to 0..4 and each unit lists the values it received.
	units := [][]int{
		{1, 1, 1},
		{2, 2, 3, 2},
		{3, 3, 3, 3},
		{3, 3, 3, 3},
		{2, 2, 2, 2},
		{1, 2, 3, 4},
		{4, 4, 4, 4},
		{1, 1, 2, 1},
		{2, 2, 2, 2},
		{5, 5, 5},
		{1, 1},
		{3}, // one value: not pairable, ignored
	}
	for _, u := range units {
		for i := range u {
			u[i]--
		}
	}
	got := KrippendorffAlpha(units, 5)
	// Diagonal of the coincidence matrix, Σ_u n_uc(n_uc-1)/(m_u-1):
	// o_11 = 3·2/2 + 3·2/3 + 2·1/1 = 3+2+2 = 7
	// o_22 = 3·2/3 + 4·3/3 + 4·3/3 = 2+4+4 = 10
	// o_33 = 4·3/3 + 4·3/3 = 8;  o_44 = 4·3/3 = 4;  o_55 = 3·2/2 = 3
	// Σ o_cc = 32; n_c = 9 13 10 5 3, n = 40, Σ n_c² = 81+169+100+25+9 = 384
	// α = 1 - (n-1)(n - Σ o_cc)/(n² - Σ n_c²) = 1 - 39·8/(1600-384) = 1 - 312/1216
	want := 1 - 312.0/1216
	if !near(got, want) {
		t.Errorf("KrippendorffAlpha = %v, want %v", got, want)
	}
	if math.Abs(got-0.743) > 0.0005 {
		t.Errorf("KrippendorffAlpha = %v, want the published 0.743 to 3 decimals", got)
	}
}

func TestKrippendorffAlpha(t *testing.T) {
	tests := []struct {
		name    string
		ratings [][]int
		k       int
		want    float64
	}{
		// n_c = [3 3], n = 6; Σ o_cc = 2 + 2 + 0 = 4;
		// α = 1 - 5·(6-4)/(36-18) = 1 - 10/18 = 4/9
		{"two coders", [][]int{{0, 0}, {1, 1}, {0, 1}}, 2, 4.0 / 9},
		// The same plus a unit with one value, which is not pairable: 4/9
		{"unpairable unit", [][]int{{0, 0}, {1, 1}, {0, 1}, {1}}, 2, 4.0 / 9},
		// n_c = [2 2], Σ o_cc = 4 = n: α = 1 - 3·0/(16-8) = 1
		{"perfect", [][]int{{0, 0}, {1, 1}}, 2, 1},
		// n_c = [2 2], Σ o_cc = 0: α = 1 - 3·4/8 = -1/2
		{"always split", [][]int{{0, 1}, {1, 0}}, 2, -0.5},
		// Every pairable value is class 1: D_e = 0, defined as 1. The lone
		// 0 is in an unpairable unit.
		{"all identical", [][]int{{1, 1}, {1, 1, 1}, {0}}, 3, 1},
		// No pairable values: 0
		{"no pairs", [][]int{{0}, {1}, {}}, 2, 0},
		{"empty", nil, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KrippendorffAlpha(tt.ratings, tt.k); !near(got, tt.want) {
				t.Errorf("KrippendorffAlpha = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPairwise(t *testing.T) {
	const M = Missing
	tests := []struct {
		name   string
		labels [][]int
		k      int
		want   []PairAgreement
	}{
		// The "half" case of TestCohenKappa: p_o = 3/4, κ = 1/2.
		{"two complete", [][]int{{0, 0, 0, 1}, {0, 0, 1, 1}}, 2,
			[]PairAgreement{{A: 0, B: 1, N: 4, Kappa: 0.5, Agree: 0.75}}},
		// (0,1) share items 0 and 1: both 0 then 1, p_o = 1, p_e = 1/2, κ = 1.
		// (0,2) share item 2: 1 against 0, p_o = 0, p_e = 0, κ = 0.
		// (1,2) share item 3: 1 and 1, p_o = p_e = 1, κ = 1 by convention.
		{"missing", [][]int{{0, 1, 1, M}, {0, 1, M, 1}, {M, M, 0, 1}}, 2,
			[]PairAgreement{
				{A: 0, B: 1, N: 2, Kappa: 1, Agree: 1},
				{A: 0, B: 2, N: 1, Kappa: 0, Agree: 0},
				{A: 1, B: 2, N: 1, Kappa: 1, Agree: 1},
			}},
		// The "unused class" case of TestCohenKappa: p_o = 2/3, κ = 2/5.
		{"unused class", [][]int{{0, 2, 2}, {0, 2, 0}}, 3,
			[]PairAgreement{{A: 0, B: 1, N: 3, Kappa: 0.4, Agree: 2.0 / 3}}},
		{"nothing in common", [][]int{{0, M}, {M, 1}}, 2,
			[]PairAgreement{{A: 0, B: 1}}},
		{"one rater", [][]int{{0, 1}}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Pairwise(tt.labels, tt.k)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d pairs %+v, want %d", len(got), got, len(tt.want))
			}
			for i, g := range got {
				w := tt.want[i]
				if g.A != w.A || g.B != w.B || g.N != w.N || !near(g.Kappa, w.Kappa) || !near(g.Agree, w.Agree) {
					t.Errorf("pair %d: got %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func TestPairwiseRagged(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("got no panic for raters with different numbers of items")
		}
	}()
	Pairwise([][]int{{0, 1}, {0}}, 2)
}

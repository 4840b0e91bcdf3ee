package main

import (
	"bytes"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/active"
	"github.com/stance-nlp/stance/classifier"
)

// testSettings are a small run: 10 seed labels, 10 per step, up to 150.
func testSettings() settings {
	r := classifier.RecipeV1()
	r.Folds = 0
	return settings{seedLabels: 10, batch: 10, max: 150, recipe: r}
}

// TestLoopOnSyntheticData runs both strategies on 300 synthetic texts
// (3% of pool labels flipped) and checks the shape of the curves, that
// both strategies start from the same model, that the run is
// deterministic, and that uncertainty sampling gets to 90% test accuracy
// with no more labels than random sampling. On 20 generator seeds,
// uncertainty got there at 110-140 labels and random never within 150.
func TestLoopOnSyntheticData(t *testing.T) {
	pool, test := synthetic(300, 0.03, 2), synthetic(300, 0, 3)
	s := testSettings()
	strategies := []active.Strategy{active.Uncertainty, active.Random}
	jobs, err := experiment(strategies, 3, pool, test, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 6 {
		t.Fatalf("%d runs, want 2 strategies × 3 seeds", len(jobs))
	}
	for _, j := range jobs {
		checkCurve(t, j, s)
	}
	for k := range 3 {
		u, r := jobs[k], jobs[3+k]
		if u.seed != r.seed || u.curve[0] != r.curve[0] {
			t.Errorf("seed %d: uncertainty starts at %+v, random at %+v; want the same seed set", u.seed, u.curve[0], r.curve[0])
		}
	}
	again, err := experiment(strategies, 3, pool, test, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k := range jobs {
		if !reflect.DeepEqual(jobs[k].curve, again[k].curve) {
			t.Errorf("%s seed %d differs between two runs:\n%v\n%v", jobs[k].strategy, jobs[k].seed, jobs[k].curve, again[k].curve)
		}
	}
	curves := aggregate(jobs)
	nu, okU := curves[0].labelsToReach(0.9)
	nr, okR := curves[1].labelsToReach(0.9)
	if !okU {
		t.Fatalf("uncertainty sampling never reached 90%% within %d labels: %+v", s.max, curves[0].points)
	}
	if okR && nr < nu {
		t.Errorf("random sampling reached 90%% with %d labels, uncertainty sampling needed %d", nr, nu)
	}
	if okR {
		t.Logf("labels to 90%%: uncertainty %d, random %d", nu, nr)
	} else {
		t.Logf("labels to 90%%: uncertainty %d, random not within %d", nu, s.max)
	}
}

// checkCurve checks that a run scored at 10, 20, …, 150 labels, with
// accuracies in [0, 1].
func checkCurve(t *testing.T, j *job, s settings) {
	t.Helper()
	if want := (s.max-s.seedLabels)/s.batch + 1; len(j.curve) != want {
		t.Fatalf("%s seed %d: %d points, want %d", j.strategy, j.seed, len(j.curve), want)
	}
	for i, p := range j.curve {
		if want := s.seedLabels + i*s.batch; p.labels != want {
			t.Errorf("%s seed %d: point %d at %d labels, want %d", j.strategy, j.seed, i, p.labels, want)
		}
		if p.accuracy < 0 || p.accuracy > 1 {
			t.Errorf("%s seed %d: accuracy %v", j.strategy, j.seed, p.accuracy)
		}
	}
}

func TestSchedule(t *testing.T) {
	tests := []struct {
		seed, batch, max, pool int
		want                   []int
	}{
		{20, 20, 100, 1000, []int{20, 40, 60, 80, 100}},
		{10, 20, 55, 1000, []int{10, 30, 50, 55}},
		{10, 20, 100, 45, []int{10, 30, 45}},
		{20, 5, 20, 1000, []int{20}},
	}
	for _, tt := range tests {
		got := schedule(settings{seedLabels: tt.seed, batch: tt.batch, max: tt.max}, tt.pool)
		if !slices.Equal(got, tt.want) {
			t.Errorf("schedule(seed %d, batch %d, max %d, pool %d) = %v, want %v", tt.seed, tt.batch, tt.max, tt.pool, got, tt.want)
		}
	}
}

func TestSeedSetHasTwoClasses(t *testing.T) {
	d := dataset{labels: make([]string, 100), texts: make([]string, 100)}
	for i := range d.labels {
		d.labels[i] = "a"
	}
	d.labels[97] = "b"
	set := seedSet(d, 5, 1)
	if len(set) != 5 || classes(d.subset(set).labels) != 2 {
		t.Errorf("seed set %v has labels %v; want 5 items of both classes", set, d.subset(set).labels)
	}
	if !slices.Equal(set, seedSet(d, 5, 1)) {
		t.Error("seed set not deterministic")
	}
}

func TestCurveSummaries(t *testing.T) {
	jobs := []*job{
		{strategy: "u", curve: []point{{10, 0.5}, {20, 0.7}, {30, 0.9}}},
		{strategy: "u", curve: []point{{10, 0.7}, {20, 0.9}, {30, 0.9}}},
	}
	c := aggregate(jobs)[0]
	q := c.points[0]
	if q.mean != 0.6 || q.min != 0.5 || q.max != 0.7 || math.Abs(q.sd-math.Sqrt(0.02)) > 1e-12 {
		t.Errorf("first point %+v; want mean 0.6, min 0.5, max 0.7, sd √0.02", q)
	}
	if n, ok := c.labelsToReach(0.8); !ok || n != 20 {
		t.Errorf("labelsToReach(0.8) = %d, %v; want 20", n, ok)
	}
	if _, ok := c.labelsToReach(0.95); ok {
		t.Error("labelsToReach(0.95) reached")
	}
	if v, ok := c.accuracyAt(15); !ok || math.Abs(v-0.7) > 1e-12 {
		t.Errorf("accuracyAt(15) = %v, %v; want 0.7 (halfway between 0.6 and 0.8)", v, ok)
	}
	for _, n := range []int{5, 40} {
		if _, ok := c.accuracyAt(n); ok {
			t.Errorf("accuracyAt(%d) outside the curve answered", n)
		}
	}
}

// sst2Dir is the SST-2 benchmark seen from this package's directory.
const sst2Dir = "../../../shared/benchmarks/sst2"

func TestReadSST2(t *testing.T) {
	train, err := readSST2(sst2Dir, "train")
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("SST-2 benchmark not found (%v): this test needs ../shared/benchmarks/sst2 beside the checkout", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(train.texts) != 6920 || classes(train.labels) != 2 {
		t.Errorf("train split: %d sentences, labels %v; want 6920 of 0 and 1", len(train.texts), classifier.LabelSet(train.labels))
	}
}

func TestReadSST2Errors(t *testing.T) {
	dir := t.TempDir()
	if _, err := readSST2(filepath.Join(dir, "absent"), "train"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing directory: err %v, want fs.ErrNotExist", err)
	}
	os.WriteFile(filepath.Join(dir, "stsa.binary.test"), []byte("1 fine\n\n2 bad label\n"), 0o644)
	if _, err := readSST2(dir, "test"); err == nil || !strings.Contains(err.Error(), ":3: label") {
		t.Errorf("bad label: err %v, want one naming line 3", err)
	}
}

// TestRun runs the command end to end on synthetic data in SST-2's
// format and checks its files and summary.
func TestRun(t *testing.T) {
	dir, out := t.TempDir(), filepath.Join(t.TempDir(), "sim")
	writeSST2(t, dir, "train", synthetic(200, 0.03, 4))
	writeSST2(t, dir, "test", synthetic(200, 0, 5))
	var stdout, stderr bytes.Buffer
	args := []string{"-sst2", dir, "-out", out, "-seed-labels", "10", "-batch", "30", "-max", "100", "-seeds", "2"}
	if err := run(args, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr is not a terminal but got %q", stderr.String())
	}
	for _, want := range []string{"uncertainty", "random", "labels to 95% of full", "labels to 90% of full", "@200", "full-data accuracy (200 labels)"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout.String())
		}
	}
	for name, prefix := range map[string]string{"curve.png": "\x89PNG", "curve.svg": "<?xml", "curve.csv": "strategy,labels,seeds,mean_accuracy", "curve.md": "# SST-2"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil || !bytes.HasPrefix(b, []byte(prefix)) {
			t.Errorf("%s: %v, starts %.20q; want %q", name, err, b, prefix)
		}
	}
	csv, _ := os.ReadFile(filepath.Join(out, "curve.csv"))
	if n := strings.Count(string(csv), "\n"); n != 1+2*4+1 {
		t.Errorf("curve.csv has %d lines, want header + 2 strategies × 4 sizes (10, 40, 70, 100) + full-data:\n%s", n, csv)
	}
}

// writeSST2 writes d as dir/stsa.binary.<split>, labels pos/neg as 1/0.
func writeSST2(t *testing.T, dir, split string, d dataset) {
	t.Helper()
	var b strings.Builder
	for i, text := range d.texts {
		label := "0"
		if d.labels[i] == "pos" {
			label = "1"
		}
		b.WriteString(label + " " + text + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "stsa.binary."+split), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFlagErrors(t *testing.T) {
	for _, args := range [][]string{{"-batch", "0"}, {"-seed-labels", "1"}, {"-max", "5"}, {"-seeds", "0"}, {"extra"}, {"-nope"}} {
		err := run(args, &bytes.Buffer{}, &bytes.Buffer{})
		if code := exitCode(err, &bytes.Buffer{}); code != 2 {
			t.Errorf("run(%q): err %v, exit %d; want a usage error (2)", args, err, code)
		}
	}
}

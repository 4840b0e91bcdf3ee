package classifier

import (
	"testing"

	"github.com/stance-nlp/stance/internal/benchdata"
	"github.com/stance-nlp/stance/metrics"
)

// readSST2 reads one split of SST-2 from ../shared/benchmarks/sst2 beside
// the checkout, skipping the test when it is not there.
func readSST2(t testing.TB, split string) (texts []string, labels []string) {
	t.Helper()
	dir, err := benchdata.Dir("sst2")
	if err != nil {
		t.Skipf("SST-2 benchmark not found (%v): this test needs ../shared/benchmarks/sst2 beside the checkout", err)
	}
	s, err := benchdata.SST2(dir, split)
	if err != nil {
		t.Fatal(err)
	}
	return s.Texts, s.Labels
}

// sst2Accuracy trains r on SST-2's train split and returns its accuracy
// on split.
func sst2Accuracy(t testing.TB, r Recipe, split string) float64 {
	trX, trY := readSST2(t, "train")
	teX, teY := readSST2(t, split)
	r.Folds = 0
	b, err := Train(&TrainingSet{Texts: trX, Columns: []string{"sentiment"}, Labels: [][]string{trY}}, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := b.NewPredictor()
	labels := b.Columns[0].Labels
	gold := encode(teY, labels)
	pred := make([]int, len(teX))
	for i, x := range teX {
		pred[i] = p.Predict(x)[0].Index
	}
	return metrics.Accuracy(gold, pred)
}

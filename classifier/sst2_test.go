package classifier

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/metrics"
)

// sst2Dir is where DEVELOPERS.md keeps the SST-2 benchmark: beside the
// checkout, never inside it.
const sst2Dir = "../../shared/benchmarks/sst2"

// readSST2 reads one split ("<0|1> sentence" per line).
func readSST2(t testing.TB, split string) (texts []string, labels []string) {
	t.Helper()
	path := filepath.Join(sst2Dir, "stsa.binary."+split)
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("SST-2 benchmark not found (%v): this test needs ../shared/benchmarks/sst2 beside the checkout", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		label, text, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		texts = append(texts, text)
		labels = append(labels, label)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return texts, labels
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

package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/evaluate"
	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/internal/benchdata"
	"github.com/stance-nlp/stance/internal/cgocheck"
	"github.com/stance-nlp/stance/metrics"
	"github.com/stance-nlp/stance/tune"
)

func main() {
	if err := cgocheck.Ensure(); err != nil {
		fmt.Fprintln(os.Stderr, "quality: cannot restart with GODEBUG=cgocheck=0:", err)
	}
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "quality:", err)
		os.Exit(1)
	}
}

// namedRecipe is one row of the table: a recipe, or with auto a recipe
// search (package tune) from it, run on each benchmark's training data.
type namedRecipe struct {
	name string
	r    classifier.Recipe
	auto bool
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("quality", flag.ContinueOnError)
	fs.SetOutput(stderr)
	recipes := []namedRecipe{{name: "v1", r: classifier.RecipeV1()}, {name: "default", r: classifier.DefaultRecipe()}}
	fs.Func("recipe", "add a recipe `name=JSON`: JSON fields over the default recipe, e.g. 'c0.3={\"c\":0.3}'", func(v string) error {
		name, js, ok := strings.Cut(v, "=")
		if !ok || name == "" {
			return errors.New("want name=JSON")
		}
		r := classifier.DefaultRecipe()
		if err := json.Unmarshal([]byte(js), &r); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		// "rules_file" is not a recipe field: it names a rules file whose
		// rules become the recipe's (features.rules), as -rules does.
		var extra struct {
			RulesFile string `json:"rules_file"`
		}
		if err := json.Unmarshal([]byte(js), &extra); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if extra.RulesFile != "" {
			src, err := os.ReadFile(extra.RulesFile)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			rules, err := features.ParseRules(extra.RulesFile, src)
			if err == nil {
				err = features.CompileRules(r.Features, extra.RulesFile, rules)
			}
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			r.Features.Rules = features.FormatRules(rules)
		}
		if err := r.Validate(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		recipes = append(recipes, namedRecipe{name: name, r: r})
		return nil
	})
	only := fs.String("only", "", "comma-separated recipe `names` to run (default: all)")
	dev := fs.Bool("dev", false, "score SST-2 on its dev split and P-Stance on its val split instead of the test splits: what recipes are chosen by, so that the test splits are looked at only to report")
	fits := fs.Int("fits", 30, "the budget in `fits` of the auto row's recipe searches (one per benchmark training set; nested in each fold for the seed corpus)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	recipes = append(recipes, namedRecipe{name: "auto", r: classifier.DefaultRecipe(), auto: true})
	if *only != "" {
		var keep []namedRecipe
		for _, n := range strings.Split(*only, ",") {
			for _, r := range recipes {
				if r.name == strings.TrimSpace(n) {
					keep = append(keep, r)
				}
			}
		}
		recipes = keep
	}
	b, err := loadBenchmarks(stderr, *dev)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	sst2Split, pSplit := "test", "test"
	if *dev {
		sst2Split, pSplit = "dev", "val"
	}
	fmt.Fprintf(tw, "recipe\tSST-2 %s acc\tP-Stance %s mean\tTrump\tBiden\tSanders\tseed stance F1\tstance ECE\tstance labels right\tseed sentiment F1\tsentiment ECE\tseconds\t\n", sst2Split, pSplit)
	for _, nr := range recipes {
		start := time.Now()
		var search *tune.Options
		if nr.auto {
			search = &tune.Options{Base: nr.r, Fits: *fits, Seed: 1}
		}
		row, err := b.measure(nr.r, search)
		if err != nil {
			return fmt.Errorf("%s: %w", nr.name, err)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.0f\t\n", nr.name, row.sst2, row.pstance, row.seed, time.Since(start).Seconds())
		fmt.Fprintf(stderr, "quality: %s measured\n", nr.name)
	}
	tw.Flush()
	fmt.Fprintln(stdout, "\nseed F1: macro-F1, mean over the 5 folds (as `stance train` prints it); ECE: pooled out-of-fold, 10 bins;")
	fmt.Fprintln(stdout, "stance labels right: labels of the 7 predicted right at least once. Recipes:")
	for _, nr := range recipes {
		desc := nr.r.Describe()
		if nr.auto {
			desc = fmt.Sprintf("stance tune -fits %d from the default, on each training set (nested in the seed corpus's folds)", *fits)
		}
		fmt.Fprintf(stdout, "  %-8s %s\n", nr.name, desc)
	}
	return nil
}

// benchmarks holds the data of every benchmark found.
type benchmarks struct {
	sst2Train, sst2Test benchdata.Set
	hasSST2             bool
	pTrain, pTest       []benchdata.Set
	hasPStance          bool
	seed                *classifier.TrainingSet
}

func loadBenchmarks(stderr io.Writer, dev bool) (*benchmarks, error) {
	b := &benchmarks{}
	sst2Test, pTest := "test", "test"
	if dev {
		sst2Test, pTest = "dev", "val"
		fmt.Fprintln(stderr, "quality: scoring on SST-2 dev and P-Stance val")
	}
	if dir, err := benchdata.Dir("sst2"); err != nil {
		fmt.Fprintf(stderr, "quality: %v; SST-2 left out\n", err)
	} else {
		if b.sst2Train, err = benchdata.SST2(dir, "train"); err != nil {
			return nil, err
		}
		if b.sst2Test, err = benchdata.SST2(dir, sst2Test); err != nil {
			return nil, err
		}
		b.hasSST2 = true
	}
	if dir, err := benchdata.Dir("pstance"); err != nil {
		fmt.Fprintf(stderr, "quality: %v; P-Stance left out\n", err)
	} else {
		if b.pTrain, err = benchdata.PStance(dir, "train"); err != nil {
			return nil, err
		}
		if b.pTest, err = benchdata.PStance(dir, pTest); err != nil {
			return nil, err
		}
		b.hasPStance = true
	}
	f, err := data.OpenFile(seedPath, nil, data.Input{}, data.FormatCSV)
	if err != nil {
		return nil, fmt.Errorf("the seed corpus (run from the repository root): %w", err)
	}
	defer f.Close()
	b.seed, err = classifier.ReadTrainingSet(f, seedPath, classifier.ReadOptions{Columns: data.Columns{Labels: []string{"stance", "sentiment"}}})
	return b, err
}

// seedPath is the annotated seed corpus, from the repository root.
const seedPath = "data/syria-comments.csv"

// row is one recipe's figures, formatted, tab-separated.
type row struct{ sst2, pstance, seed string }

// measure trains and scores r on every benchmark there is; with search,
// the recipe is the one a search from r chooses on each training set.
func (b *benchmarks) measure(r classifier.Recipe, search *tune.Options) (row, error) {
	out := row{sst2: "-", pstance: "-\t-\t-\t-"}
	if b.hasSST2 {
		acc, err := holdOut(r, search, b.sst2Train, b.sst2Test, func(gold, pred []int, labels []string) float64 {
			return metrics.Accuracy(gold, pred)
		})
		if err != nil {
			return out, fmt.Errorf("SST-2: %w", err)
		}
		out.sst2 = fmt.Sprintf("%.2f%%", 100*acc)
	}
	if b.hasPStance {
		var per []string
		mean := 0.0
		for t := range b.pTrain {
			f1, err := holdOut(r, search, b.pTrain[t], b.pTest[t], favorAgainstF1)
			if err != nil {
				return out, fmt.Errorf("P-Stance %s: %w", benchdata.PStanceTargets()[t], err)
			}
			mean += f1 / float64(len(b.pTrain))
			per = append(per, fmt.Sprintf("%.2f", 100*f1))
		}
		out.pstance = fmt.Sprintf("%.2f\t%s", 100*mean, strings.Join(per, "\t"))
	}
	o := evaluate.CVOptions{Options: evaluate.Options{Bootstrap: -1, Seed: 1}, Folds: 5, Curve: []float64{1}}
	if search != nil {
		o.Choose = tune.Chooser(*search)
	}
	cols, err := evaluate.CV(b.seed, r, o)
	if err != nil {
		return out, fmt.Errorf("seed corpus: %w", err)
	}
	st, se := cols[0], cols[1]
	right := 0
	for k := range st.Labels {
		if st.Confusion[k][k] > 0 {
			right++
		}
	}
	out.seed = fmt.Sprintf("%.3f\t%.3f\t%d of %d\t%.3f\t%.3f", st.LearningCurve[len(st.LearningCurve)-1].MacroF1, *st.ECE, right, len(st.Labels),
		se.LearningCurve[len(se.LearningCurve)-1].MacroF1, *se.ECE)
	return out, nil
}

// holdOut trains r on train and returns score(gold, predicted, labels) on
// test, labels being the class order of both.
func holdOut(r classifier.Recipe, search *tune.Options, train, test benchdata.Set, score func(gold, pred []int, labels []string) float64) (float64, error) {
	set := &classifier.TrainingSet{Texts: train.Texts, Columns: []string{"label"}, Labels: [][]string{train.Labels}}
	if search != nil {
		res, err := tune.Search(set, *search)
		if err != nil {
			return 0, err
		}
		r = res.Best.Recipe
	}
	// Accuracy and F1 do not depend on calibration, which keeps the label:
	// no cross-validation is needed to fit it.
	r.Folds, r.Calibrate = 0, ""
	m, err := classifier.Train(set, r, nil)
	if err != nil {
		return 0, err
	}
	labels := m.Columns[0].Labels
	p := m.NewPredictor()
	gold, pred := make([]int, len(test.Texts)), make([]int, len(test.Texts))
	for i, text := range test.Texts {
		gold[i] = slices.Index(labels, test.Labels[i])
		if gold[i] < 0 {
			return 0, fmt.Errorf("test label %q never seen in training", test.Labels[i])
		}
		pred[i] = p.Predict(text)[0].Index
	}
	return score(gold, pred, labels), nil
}

// favorAgainstF1 is P-Stance's score: the mean of F1(FAVOR) and
// F1(AGAINST), which with those two classes only is their macro-F1.
func favorAgainstF1(gold, pred []int, labels []string) float64 {
	var classes []int
	for _, l := range []string{"FAVOR", "AGAINST"} {
		if k := slices.Index(labels, l); k >= 0 {
			classes = append(classes, k)
		}
	}
	return metrics.MeanF1(gold, pred, len(labels), classes)
}

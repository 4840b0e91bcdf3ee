// Command quality measures training recipes on the benchmarks the
// learner is judged by and prints one table: SST-2 test accuracy (train on
// its train split), P-Stance's mean over targets of macro-F1(FAVOR,
// AGAINST) (one model per target, trained on the train split, scored on
// test), and the seed corpus's stratified 5-fold cross-validation (seed 1):
// macro-F1 per column, the mean over folds as `stance train` prints it, the
// expected calibration error of the pooled out-of-fold predictions, and how
// many stance labels are predicted right at least once.
//
// Usage (from the repository root; `make quality`):
//
//	go run ./cmd/quality [-recipe name=JSON ...] [-only default,v1] [-dev]
//
// Recipes are chosen with -dev, which scores SST-2 on its dev split and
// P-Stance on its val split; the test splits only report the choice.
//
// The named recipes are "default" (classifier.DefaultRecipe), "v1" (the
// default of the first release, kept for comparison) and "auto", the
// recipe search of `stance tune -fits N` from the default, run on each
// training set: SST-2's, each P-Stance target's, and, nested, each seed
// fold's training part, so that no test document helps choose. -recipe
// adds one,
// given as JSON fields over the default recipe, for example
// -recipe 'c0.3={"c":0.3}'; the key "rules_file" names a rules file
// whose rules the recipe's features take, as `stance train -rules` does:
// -recipe 'rules={"rules_file":"data/syria.rules"}'. The benchmarks are read from
// ../shared/benchmarks beside the checkout; a missing one is said and its
// columns left empty.
package main

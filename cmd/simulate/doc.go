// Command simulate measures, on SST-2, whether the annotation app's
// uncertainty sampling (smallest margin between the two most probable
// classes first) beats random sampling.
//
// Labels of SST-2's train split are revealed to the loop one batch at a
// time; after every batch the default recipe is retrained on the labelled
// sentences and scored on the test split. Each strategy runs with seeds
// 1..n from the same random seed set, and the curves are averaged.
//
// Usage (from the repository root):
//
//	go run ./cmd/simulate [-sst2 DIR] [-seed-labels 20] [-batch 20] [-max 2000] [-seeds 3] [-out out/simulate]
//
// It writes curve.svg, curve.png, curve.csv and curve.md into the output
// directory and prints a summary: for each strategy the labels needed to
// reach 95% of the full-data accuracy and the accuracy at 200, 500, 1000
// and 2000 labels.
package main

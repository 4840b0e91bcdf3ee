// Package benchdata reads the public benchmarks the learner is measured on
// (SST-2 and P-Stance), which live beside the checkout in
// ../shared/benchmarks and are never copied into it. Tests and tools that
// use them skip or fail with a message naming the directory when they are
// absent.
package benchdata

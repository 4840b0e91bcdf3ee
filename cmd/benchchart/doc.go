// Command benchchart draws the throughput chart of BENCHMARKS.md from the
// results.csv that scripts/bench.sh writes: stance label's docs/s against
// input size (log scale), with the peers' throughput on the main input as
// single points.
//
//	go run ./cmd/benchchart -in out/bench/results.csv -o docs/throughput.png
package main

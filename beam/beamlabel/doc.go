// Package beamlabel labels comment files on Apache Beam, for corpora that
// outgrow one machine: the same rows, columns, notes and errors as
// stance label, computed by any Beam runner (Dataflow, Flink, Spark,
// prism).
//
// The pipeline (Build):
//
//	match files ─┬─ CSV, gzip, UTF-16 ──────── one unit per file ──┐
//	             ├─ JSON Lines ─ split ─────── one unit per part ──┼─ reshuffle ─ label ─┬─ rows ─ shard ─ labels-SSSSS-of-NNNNN.csv
//	             └─ threads ─── sources ────── one unit per file ──┘                     ├─ counts ─ combine ─ summary.json, summary.txt
//	                                                                                      ├─ headers ─ combine ─ (all files alike?)
//	                                                                                      └─ unreadable rows ─ dead-letter.csv (-lenient)
//
// A CSV file is read whole by one worker, with the project's own reader:
// a quoted field may hold newlines, so the file cannot be cut at a
// newline. A JSON Lines file is cut into parts of Config.SplitBytes,
// each read by its own worker with the line numbers of a whole-file read
// (data.NewJSONLPartReader). Thread files get the sources and ids that
// stance ingest gives them when read in path order (data.UniqueSources).
//
// Each worker reads the model once, in its DoFn's setup, from any Beam
// filesystem path, and labels each record with a label.Labeler, the code
// stance label runs. Rows keep their input columns and id; their order
// within a shard is not the input order.
package beamlabel

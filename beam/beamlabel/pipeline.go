package beamlabel

import (
	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
)

// Outputs are the PCollections of a labelling job, for a caller that
// wants more than the files Build writes.
type Outputs struct {
	// Rows are the labelled rows keyed by shard, each CSV-encoded with
	// its newline: KV<int, string>.
	Rows beam.PCollection
	// Dead are the rows that could not be read (deadLetter), empty unless
	// Config.Lenient.
	Dead beam.PCollection
}

// Build adds to s a job that labels the files of cfg.Input with the
// model cfg.Model and writes into cfg.Output: the labelled rows as
// cfg.Shards CSV files, the label counts as summary.json and summary.txt,
// and under cfg.Lenient the rows that could not be read as
// dead-letter.csv. Run the pipeline with any Beam runner.
func Build(s beam.Scope, cfg Config) (Outputs, error) {
	if err := cfg.Check(); err != nil {
		return Outputs{}, err
	}
	cfg = cfg.withDefaults()
	s = s.Scope("stance-label")

	files := fileio.MatchFiles(s, cfg.Input, fileio.MatchEmptyDisallow())
	whole, jsonl, threads := beam.ParDo3(s, &classifyFn{Cfg: cfg}, files)
	parts, splitDead := beam.ParDo2(s, &splitFn{Cfg: cfg}, jsonl)
	sourced := beam.ParDo(s, nameSourcesFn, beam.GroupByKey(s, beam.ParDo(s, &naturalSourceFn{Cfg: cfg}, threads)))
	units := beam.Reshuffle(s, beam.Flatten(s, whole, parts, sourced))

	rows, headers, tallies, dead := beam.ParDo4(s, &labelFn{withModel{Cfg: cfg}}, units)
	dead = beam.Flatten(s, dead, splitDead)

	headerSets := beam.Combine(s, &headerCombine{}, headers)
	shardKeys := beam.ParDo(s, &shardKeysFn{Shards: cfg.Shards}, beam.Impulse(s))
	beam.ParDo0(s, &writeShardFn{Cfg: cfg}, beam.CoGroupByKey(s, shardKeys, rows), beam.SideInput{Input: headerSets})

	total := beam.Combine(s, &tallyCombine{}, beam.Flatten(s, tallies, beam.ParDo(s, deadTally, dead)))
	beam.ParDo0(s, &writeSummaryFn{withModel{Cfg: cfg}}, beam.Impulse(s), beam.SideInput{Input: total})
	if cfg.Lenient {
		beam.ParDo0(s, &writeDeadFn{Cfg: cfg}, beam.Impulse(s), beam.SideInput{Input: dead})
	}
	return Outputs{Rows: rows, Dead: dead}, nil
}

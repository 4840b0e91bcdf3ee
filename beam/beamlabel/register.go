package beamlabel

import (
	"context"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// Beam workers find DoFns, their element types and coders by name in a
// registry that must be filled before the pipeline is built or a worker
// starts: the one place in the project where an init does work, because
// a worker's main never calls into this package before it runs a bundle.
func init() {
	for _, t := range []any{unit{}, threadSource{}, deadLetter{}, fileHeader{}, tally{}, headerSet{}} {
		typ := reflect.TypeOf(t)
		beam.RegisterType(typ)
	}
	register.DoFn4x0[fileio.FileMetadata, func(unit), func(unit), func(string)](&classifyFn{})
	register.DoFn4x1[context.Context, unit, func(unit), func(deadLetter), error](&splitFn{})
	register.DoFn3x1[context.Context, string, func(int, threadSource), error](&naturalSourceFn{})
	register.Function3x0(nameSourcesFn)
	register.DoFn6x1[context.Context, unit, func(int, string), func(fileHeader), func(tally), func(deadLetter), error](&labelFn{})
	register.DoFn2x0[[]byte, func(int, bool)](&shardKeysFn{})
	register.DoFn5x1[context.Context, int, func(*bool) bool, func(*string) bool, func(*headerSet) bool, error](&writeShardFn{})
	register.DoFn3x1[context.Context, []byte, func(*tally) bool, error](&writeSummaryFn{})
	register.DoFn3x1[context.Context, []byte, func(*deadLetter) bool, error](&writeDeadFn{})
	register.Function1x1(deadTally)
	register.Combiner1[tally](&tallyCombine{})
	register.Combiner2[headerSet, fileHeader](&headerCombine{})
	register.Emitter1[unit]()
	register.Emitter1[string]()
	register.Emitter1[deadLetter]()
	register.Emitter1[fileHeader]()
	register.Emitter1[tally]()
	register.Emitter2[int, string]()
	register.Emitter2[int, bool]()
	register.Emitter2[int, threadSource]()
	register.Iter1[string]()
	register.Iter1[bool]()
	register.Iter1[threadSource]()
	register.Iter1[tally]()
	register.Iter1[headerSet]()
	register.Iter1[deadLetter]()
}

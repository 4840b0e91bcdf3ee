package classifier

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"sync"
	"unsafe"

	"github.com/sjwhitworth/golearn/linear_models"
)

// Class weights for golearn's liblinear binding.
//
// liblinear weighs the loss of each class by a cost factor it reads from
// its struct parameter (nr_weight, weight_label, weight: class label k's
// cost is C times weight[i] where weight_label[i] = k). golearn's
// NewParameter leaves nr_weight at 0, and linear_models.Parameter keeps
// the C struct in an unexported field with no setter, so the only way to
// the weights is to write that struct through an unsafe.Pointer. That is
// sound only if the memory has the layout written: liblinearLayoutErr
// compares, by reflection on golearn's type, every field of the C struct
// (name, offset, kind, size) with liblinearParameter before anything is
// written, and the weighted golearn trainer refuses to run if they differ.

// liblinearParameter mirrors liblinear's struct parameter as golearn's
// bundled linear_models/linear.h declares it; each field's c tag is its C
// name:
//
//	struct parameter {
//		int solver_type;
//		double eps;
//		double C;
//		int nr_weight;
//		int *weight_label;
//		double *weight;
//		double p;
//	};
type liblinearParameter struct {
	solverType  int32    `c:"solver_type"`
	eps         float64  `c:"eps"`
	cost        float64  `c:"C"`
	nrWeight    int32    `c:"nr_weight"`
	weightLabel *int32   `c:"weight_label"`
	weight      *float64 `c:"weight"`
	p           float64  `c:"p"`
}

// ErrGolearnLayout is returned when class weights are asked of golearn's
// trainer but golearn's liblinear parameter does not have the layout this
// package writes them into (see liblinearParameter); the sparse trainer
// has no such limit.
var ErrGolearnLayout = errors.New("classifier: class weights cannot be passed to golearn's liblinear trainer " +
	"(its parameter struct is not the one this package knows); use the sparse trainer")

// liblinearLayoutErr returns nil if linear_models.Parameter is exactly
// one C struct parameter laid out as liblinearParameter, and an error
// wrapping ErrGolearnLayout that says what differs otherwise. The answer
// is the same all run long, so it is computed once.
var liblinearLayoutErr = sync.OnceValue(func() error {
	return layoutErr(reflect.TypeFor[linear_models.Parameter](), reflect.TypeFor[liblinearParameter]())
})

// layoutErr checks that outer is a struct whose only field, at offset 0,
// is a struct with the fields of mirror (cgo's "_" padding aside) in the
// same order, with the C names of mirror's c tags, at the same offsets
// and of the same kinds and sizes.
func layoutErr(outer, mirror reflect.Type) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrGolearnLayout, fmt.Sprintf(format, args...))
	}
	if outer.Kind() != reflect.Struct || outer.NumField() != 1 || outer.Field(0).Offset != 0 {
		return fail("%v is not a struct of one field", outer)
	}
	c := outer.Field(0).Type
	if c.Kind() != reflect.Struct || c.Size() != mirror.Size() || outer.Size() != mirror.Size() {
		return fail("%v is %d bytes, want a struct of %d", c, c.Size(), mirror.Size())
	}
	var fields []reflect.StructField
	for i := range c.NumField() {
		if f := c.Field(i); f.Name != "_" {
			fields = append(fields, f)
		}
	}
	if len(fields) != mirror.NumField() {
		return fail("%v has %d fields, want %d", c, len(fields), mirror.NumField())
	}
	for i, f := range fields {
		m := mirror.Field(i)
		if name := m.Tag.Get("c"); f.Name != name || f.Offset != m.Offset || !sameShape(f.Type, m.Type) {
			return fail("field %d is %s %v at offset %d, want %s %v at offset %d", i, f.Name, f.Type, f.Offset, name, m.Type, m.Offset)
		}
	}
	return nil
}

// sameShape reports whether a and b are of the same kind and size, and,
// for pointers, point to the same shape.
func sameShape(a, b reflect.Type) bool {
	if a.Kind() != b.Kind() || a.Size() != b.Size() {
		return false
	}
	if a.Kind() == reflect.Pointer {
		return sameShape(a.Elem(), b.Elem())
	}
	return true
}

// liblinearCosts is the class weighting set in a golearn parameter by
// setLiblinearCosts: the two arrays it points to, pinned until release.
type liblinearCosts struct {
	param   *liblinearParameter
	labels  *[2]int32
	weights *[2]float64
	pin     runtime.Pinner
}

// setLiblinearCosts makes param weigh label +1's loss by p and label -1's
// by q: liblinear then trains with the costs C·p and C·q. The caller must
// have checked liblinearLayoutErr, and must call release once Train has
// returned; until then the arrays stay pinned, as the cgo rules ask of Go
// memory that C reads through a Go pointer it was passed.
//
// liblinear's train copies the parameter, pointers included, into the
// model it returns. golearn never frees models (which would free the
// arrays through destroy_param), and only train reads the weights
// (save_model writes solver_type alone), so the copies are never
// dereferenced after release.
func setLiblinearCosts(param *linear_models.Parameter, p, q float64) *liblinearCosts {
	c := &liblinearCosts{
		param:   (*liblinearParameter)(unsafe.Pointer(param)),
		labels:  &[2]int32{+1, -1},
		weights: &[2]float64{p, q},
	}
	c.pin.Pin(c.labels)
	c.pin.Pin(c.weights)
	c.param.nrWeight = 2
	c.param.weightLabel = &c.labels[0]
	c.param.weight = &c.weights[0]
	return c
}

// release removes the weighting from the parameter and unpins the arrays.
// A nil c (no weighting) does nothing.
func (c *liblinearCosts) release() {
	if c == nil {
		return
	}
	c.param.nrWeight, c.param.weightLabel, c.param.weight = 0, nil, nil
	c.pin.Unpin()
}

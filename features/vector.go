package features

import (
	"math"
	"slices"
)

// Vector is a sparse vector: Value[k] is the weight of term Index[k], and
// Index is strictly increasing.
type Vector struct {
	Index []int32
	Value []float64
}

// Len returns the number of stored (non-zero) entries.
func (v Vector) Len() int { return len(v.Index) }

// Dot returns the inner product of v with the dense vector w,
//
//	v·w = Σ_k Value[k] * w[Index[k]]
//
// Indices at or past len(w) count as zero, so a vector may be scored by a
// model that knows fewer terms.
func (v Vector) Dot(w []float64) float64 {
	var s float64
	for k, i := range v.Index {
		if int(i) < len(w) {
			s += v.Value[k] * w[i]
		}
	}
	return s
}

// Norm2 returns the Euclidean norm of v,
//
//	‖v‖₂ = sqrt(Σ_k Value[k]²)
func (v Vector) Norm2() float64 {
	var s float64
	for _, x := range v.Value {
		s += x * x
	}
	return math.Sqrt(s)
}

// Dense writes v into dst, which must have length at least the largest
// index plus one, and returns dst. Entries of dst not in v are zeroed.
func (v Vector) Dense(dst []float64) []float64 {
	for i := range dst {
		dst[i] = 0
	}
	for k, i := range v.Index {
		dst[i] = v.Value[k]
	}
	return dst
}

// clone returns a copy of x that shares no memory with it. An empty vector
// is always Vector{}, with nil slices, whatever scratch x came from, so
// that copies of equal vectors are equal.
func (x Vector) clone() Vector {
	if len(x.Index) == 0 {
		return Vector{}
	}
	return Vector{Index: slices.Clone(x.Index), Value: slices.Clone(x.Value)}
}

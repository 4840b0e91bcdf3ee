package features

import (
	"math/bits"
	"slices"
)

// sortIndices sorts term indices in [0, n) ascending. Comments give one to
// a few hundred distinct terms; above a few dozen an LSD radix sort on
// bytes, as many passes as n needs, beats comparison sorting. tmp is
// scratch space, grown and returned.
func sortIndices(a []int32, n int, tmp []int32) []int32 {
	if len(a) < 64 {
		slices.Sort(a)
		return tmp
	}
	if cap(tmp) < len(a) {
		tmp = make([]int32, len(a))
	}
	tmp = tmp[:len(a)]
	src, dst := a, tmp
	passes := (bits.Len(uint(max(n-1, 1))) + 7) / 8
	for p := 0; p < passes; p++ {
		shift := uint(8 * p)
		var count [257]int
		for _, v := range src {
			count[(uint32(v)>>shift)&0xff+1]++
		}
		for b := 1; b < 257; b++ {
			count[b] += count[b-1]
		}
		for _, v := range src {
			b := (uint32(v) >> shift) & 0xff
			dst[count[b]] = v
			count[b]++
		}
		src, dst = dst, src
	}
	if passes%2 == 1 {
		copy(a, src)
	}
	return tmp
}

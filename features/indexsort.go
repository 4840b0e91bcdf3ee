package features

import (
	"math/bits"
	"slices"
)

// indexSorter sorts the distinct term indices of a document. Comments give
// one to a few hundred distinct terms, a thousand with char n-grams, out
// of a vocabulary of 10^4 to 10^6. Three ways, by cost:
//
//   - when the indices are dense (a bitmap of the vocabulary has at most
//     16 words of 64 bits per index), set their bits and read them back
//     in order: one pass over the indices and one over the bitmap;
//   - else below 64 indices, comparison sorting;
//   - else an LSD radix sort on bytes, as many passes as the vocabulary
//     needs.
//
// Its scratch space is grown on demand and reused.
type indexSorter struct {
	tmp  []int32  // the radix sort's second buffer
	bits []uint64 // the bitmap, all zero between calls
}

// sort sorts a, distinct indices in [0, n), ascending.
func (s *indexSorter) sort(a []int32, n int) {
	words := (n + 63) / 64
	switch {
	case len(a) >= 32 && words <= 16*len(a):
		s.bitmap(a, words)
	case len(a) < 64:
		slices.Sort(a)
	default:
		s.radix(a, n)
	}
}

// bitmap sorts a by a bitmap of words 64-bit words. Indices must be
// distinct: a repeat would be read back once.
func (s *indexSorter) bitmap(a []int32, words int) {
	if len(s.bits) < words {
		s.bits = make([]uint64, words)
	}
	set := s.bits[:words]
	for _, v := range a {
		set[uint32(v)>>6] |= 1 << (uint32(v) & 63)
	}
	k := 0
	for w, b := range set {
		if b == 0 {
			continue
		}
		set[w] = 0
		base := int32(w << 6)
		for b != 0 {
			a[k] = base + int32(bits.TrailingZeros64(b))
			k++
			b &= b - 1
		}
	}
}

// radix sorts a, indices in [0, n), by bytes, least significant first.
func (s *indexSorter) radix(a []int32, n int) {
	if cap(s.tmp) < len(a) {
		s.tmp = make([]int32, len(a))
	}
	tmp := s.tmp[:len(a)]
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
}

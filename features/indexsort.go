package features

import (
	"math/bits"
	"slices"
)

// indexSorter sorts the distinct term indices of a document. Comments give
// one to a few hundred distinct terms, a thousand with char n-grams, out
// of a vocabulary of 10^4 to 10^6. Three ways, by cost:
//
//   - when the indices are not too sparse (at most 4 words of the summary
//     below per index: a vocabulary of up to 16K terms per index), set
//     their bits in a bitmap of the vocabulary and read them back in
//     order. A summary bitmap, one bit per 64-bit word of the first, says
//     which words to read, so the cost is that of the indices, not of the
//     vocabulary;
//   - else below 64 indices, comparison sorting;
//   - else an LSD radix sort on bytes, as many passes as the vocabulary
//     needs.
//
// Its scratch space is grown on demand and reused.
type indexSorter struct {
	tmp  []int32  // the radix sort's second buffer
	bits []uint64 // bit v: index v; all zero between calls
	top  []uint64 // bit w: bits[w] is not zero; all zero between calls
}

// sort sorts a, distinct indices in [0, n), ascending.
func (s *indexSorter) sort(a []int32, n int) {
	words := (n + 63) / 64
	tops := (words + 63) / 64
	switch {
	case len(a) >= 16 && tops <= 4*len(a):
		s.bitmap(a, words, tops)
	case len(a) < 64:
		slices.Sort(a)
	default:
		s.radix(a, n)
	}
}

// bitmap sorts a by a bitmap of words 64-bit words and its summary of tops
// words. Indices must be distinct: a repeat would be read back once.
func (s *indexSorter) bitmap(a []int32, words, tops int) {
	if len(s.bits) < words {
		s.bits = make([]uint64, words)
	}
	if len(s.top) < tops {
		s.top = make([]uint64, tops)
	}
	set, top := s.bits[:words], s.top[:tops]
	for _, v := range a {
		w := uint32(v) >> 6
		set[w] |= 1 << (uint32(v) & 63)
		top[w>>6] |= 1 << (w & 63)
	}
	k := 0
	for t, tb := range top {
		if tb == 0 {
			continue
		}
		top[t] = 0
		for tb != 0 {
			w := t<<6 + bits.TrailingZeros64(tb)
			tb &= tb - 1
			b := set[w]
			set[w] = 0
			base := int32(w << 6)
			for b != 0 {
				a[k] = base + int32(bits.TrailingZeros64(b))
				k++
				b &= b - 1
			}
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

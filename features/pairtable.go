package features

import "math/bits"

// pairTable is an open-addressing hash table from non-zero uint64 keys to
// int32 values, faster than a Go map for the bigram lookups of vector:
// linear probing in one flat array, with a multiplicative hash.
type pairTable struct {
	keys  []uint64 // 0: empty slot
	vals  []int32
	shift uint // 64 - log2(len(keys))
}

func newPairTable(n int) *pairTable {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return &pairTable{
		keys:  make([]uint64, size),
		vals:  make([]int32, size),
		shift: uint(64 - bits.TrailingZeros(uint(size))),
	}
}

func (t *pairTable) slot(key uint64) int {
	return int((key * 0x9E3779B97F4A7C15) >> t.shift)
}

// put sets key (non-zero) to v. The table must have room: newPairTable(n)
// holds n keys.
func (t *pairTable) put(key uint64, v int32) {
	mask := len(t.keys) - 1
	for i := t.slot(key); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case 0:
			t.keys[i], t.vals[i] = key, v
			return
		case key:
			t.vals[i] = v
			return
		}
	}
}

func (t *pairTable) get(key uint64) (int32, bool) {
	mask := len(t.keys) - 1
	for i := t.slot(key); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case key:
			return t.vals[i], true
		case 0:
			return 0, false
		}
	}
}

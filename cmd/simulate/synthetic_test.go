package main

import (
	"math/rand/v2"
	"strings"
)

// synthetic returns n short texts of two classes, "pos" and "neg". Each
// holds one cue word of its class among four filler words shared by both.
// Cue words are Zipf-distributed (the k-th most common is k times rarer
// than the first), so a random sample sees the common cues again and again
// while the rare ones, which a fifth of the texts carry, take many labels
// to meet. A model that has not seen a text's cue is unsure of it, which
// is what uncertainty sampling exploits. noise is the share of labels
// flipped.
func synthetic(n int, noise float64, seed uint64) dataset {
	const cues, fillers = 30, 60
	rng := rand.New(rand.NewPCG(seed, 0x53594e5448))
	var weights []float64
	var total float64
	for k := 1; k <= cues; k++ {
		weights = append(weights, 1/float64(k))
		total += 1 / float64(k)
	}
	cue := func() int {
		u := rng.Float64() * total
		for k, w := range weights {
			if u -= w; u < 0 {
				return k
			}
		}
		return cues - 1
	}
	var d dataset
	for range n {
		class := rng.IntN(2)
		words := []string{word("c", class*cues+cue())}
		for range 4 {
			words = append(words, word("f", rng.IntN(fillers)))
		}
		rng.Shuffle(len(words), func(a, b int) { words[a], words[b] = words[b], words[a] })
		if rng.Float64() < noise {
			class = 1 - class
		}
		d.texts = append(d.texts, strings.Join(words, " "))
		d.labels = append(d.labels, []string{"neg", "pos"}[class])
	}
	return d
}

// word returns a pronounceable made-up word, unique for (prefix, k), that
// the tokenizer keeps whole and the stemmer leaves distinct: a letter
// prefix and k spelt in base-13 consonant-vowel pairs, ending in "x".
func word(prefix string, k int) string {
	const cons, vows = "bdfgklmnprtvz", "aiou"
	var b strings.Builder
	b.WriteString(prefix)
	for {
		b.WriteByte(cons[k%len(cons)])
		b.WriteByte(vows[(k/len(cons))%len(vows)])
		k /= len(cons) * len(vows)
		if k == 0 {
			break
		}
	}
	b.WriteByte('x')
	return b.String()
}

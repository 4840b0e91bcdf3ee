package classifier

import (
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// syntheticSet builds n labelled comments for the large-corpus measurements
// (docs/golearn.md). Each one takes the stance and sentiment labels of
// a random seed comment (data/syria-comments.csv), a random non-empty run of
// that comment's sentences, and one to three random SST-2 train sentences
// put in at random places among them. The labels so stay tied to real
// comment text, the length and vocabulary are those of reader comments and
// film reviews, and every document is distinct. It is seeded: the same n
// gives the same set.
func syntheticSet(t testing.TB, n int) *TrainingSet {
	seed := seedSet(t)
	sst, _ := readSST2(t, "train")
	split := func(text string) []string {
		var out []string
		for _, s := range strings.SplitAfter(text, ". ") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	sents := make([][]string, len(seed.Texts))
	for i, text := range seed.Texts {
		sents[i] = split(text)
		if len(sents[i]) == 0 {
			sents[i] = []string{text}
		}
	}
	rng := rand.New(rand.NewPCG(100000, 5))
	s := &TrainingSet{Columns: seed.Columns, Labels: make([][]string, len(seed.Columns))}
	for range n {
		k := rng.IntN(len(seed.Texts))
		ss := sents[k]
		a := rng.IntN(len(ss))
		b := a + 1 + rng.IntN(len(ss)-a)
		parts := append([]string(nil), ss[a:b]...)
		for range 1 + rng.IntN(3) {
			at := rng.IntN(len(parts) + 1)
			parts = append(parts[:at], append([]string{sst[rng.IntN(len(sst))]}, parts[at:]...)...)
		}
		s.Texts = append(s.Texts, strings.Join(parts, " "))
		for c := range seed.Columns {
			s.Labels[c] = append(s.Labels[c], seed.Labels[c][k])
		}
	}
	return s
}

// peakRSS is the process's peak resident set size in bytes.
func peakRSS() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss * 1024
}

// TestTrain100k measures training both label columns of the default
// recipe ("auto" trainer) on 100,000 synthetic comments: wall time and peak
// RSS, for comparison with the targets of 60 s and 4 GB on 2 cores (it
// reports; it asserts nothing about time, which depends on the machine). It
// fails only if training fails. It runs only with
// STANCE_TRAIN100K=1 (about half a minute); STANCE_TRAIN100K_N changes the
// size, STANCE_TRAIN100K_FOLDS adds cross-validation, and
// STANCE_TRAIN100K_TRAINER forces a trainer.
//
//	STANCE_TRAIN100K=1 /usr/bin/time -v go test ./classifier -run TestTrain100k -v
func TestTrain100k(t *testing.T) {
	if os.Getenv("STANCE_TRAIN100K") == "" {
		t.Skip("set STANCE_TRAIN100K=1 to measure training on 100,000 comments")
	}
	n := 100000
	if v := os.Getenv("STANCE_TRAIN100K_N"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	r := RecipeV1()
	r.Folds = 0
	if v := os.Getenv("STANCE_TRAIN100K_FOLDS"); v != "" {
		r.Folds, _ = strconv.Atoi(v)
	}
	if v := os.Getenv("STANCE_TRAIN100K_TRAINER"); v != "" {
		r.Trainer = v
	}
	set := syntheticSet(t, n)
	rssData := peakRSS()
	start := time.Now()
	b, err := Train(set, r, func(format string, args ...any) {
		t.Logf("%6.1fs  "+format, append([]any{time.Since(start).Seconds()}, args...)...)
	})
	if err != nil {
		t.Fatal(err)
	}
	wall := time.Since(start)
	rss := peakRSS()
	t.Logf("%d documents, %d features, %d cells dense, trainer %s (%s), folds %d: %.1f s wall, peak RSS %.0f MB (%.0f MB after building the data)",
		n, b.Vectorizer.Len(), int64(n)*int64(b.Vectorizer.Len()+1), b.Columns[0].Trainer(), r.Trainer, r.Folds,
		wall.Seconds(), float64(rss)/1e6, float64(rssData)/1e6)
}

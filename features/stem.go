package features

import (
	"strings"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// defaultStemCacheLimit bounds the memo cache when NewStemmer is given no
// limit: 64K entries cover the working vocabulary of a news-comment corpus
// while keeping the cache to a few MB.
const defaultStemCacheLimit = 1 << 16

// Stemmer stems English tokens with the Snowball (Porter2) algorithm of
// github.com/kljensen/snowball/english, behind a memo cache. Tokens starting
// with '<', '#', '!' '?' or an apostrophe, and "n't", are returned unchanged.
// A Stemmer is NOT safe for concurrent use; give each goroutine its own
// (NewStemmer is cheap). The cache is bounded: when adding an entry would
// make it hold more than its limit entries it is cleared first (so memory
// stays bounded on endless input; a clear is cheaper than LRU bookkeeping
// on every hit, and the hot words refill it at once).
//
// Snowball itself lowercases its input and returns its stop words (which
// include "not" and "against") unstemmed. The zero value is ready to use
// with the default limit.
type Stemmer struct {
	limit int
	cache map[string]string
}

// NewStemmer returns a Stemmer whose cache holds at most limit entries;
// limit <= 0 means a default of 1<<16. The cache map grows on demand, so a
// large limit costs nothing up front.
func NewStemmer(limit int) *Stemmer {
	if limit <= 0 {
		limit = defaultStemCacheLimit
	}
	return &Stemmer{limit: limit}
}

// Stem returns the Snowball English stem of tok, or tok itself for the
// placeholder, hashtag, punctuation and clitic tokens that Tokenizer makes,
// which stemming would only damage ("'s" and "n't" are already minimal).
func (s *Stemmer) Stem(tok string) string {
	if unstemmed(tok) {
		return tok
	}
	if v, ok := s.cache[tok]; ok {
		return v
	}
	v := snowball(tok)

	limit := s.limit
	if limit <= 0 {
		limit = defaultStemCacheLimit
	}
	if s.cache == nil {
		s.cache = make(map[string]string)
	} else if len(s.cache) >= limit {
		clear(s.cache)
	}
	// tok is usually a substring of a whole document; cloning keeps the
	// cache from pinning every document it has seen. Snowball returns its
	// input itself for short and stop words, and a substring of it when tok
	// has surrounding spaces, so v is cloned too unless it is the key.
	k := strings.Clone(tok)
	if v == tok {
		v = k
	} else {
		v = strings.Clone(v)
	}
	s.cache[k] = v
	return v
}

// unstemmed reports the tokens Stem returns as they are: placeholders,
// hashtags, "!" "?", clitics and "n't".
func unstemmed(tok string) bool {
	if tok == "" || tok == "n't" {
		return true
	}
	switch tok[0] {
	case '<', '#', '!', '?', '\'':
		return true
	}
	return tok[0] >= utf8.RuneSelf && apostropheLen(tok, 0) > 0
}

// snowball is the uncached stem of a token that unstemmed rejects.
func snowball(tok string) string {
	// false: Snowball's own stop words come back as they are. They are
	// function words whose stems ("during" -> "dure", "because" ->
	// "becaus") would only make model dumps harder to read, and the kept
	// stance words among them ("against", "not") stay recognisable.
	return english.Stem(tok, false)
}

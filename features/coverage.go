package features

// Coverage counts the content words of text and how many of them the
// vocabulary knows, the measure of how familiar a text is to a model
// (package classifier's shift check).
//
// A content word is a token that starts with a letter, a digit or '#'
// (a word or a hashtag) and is not a stop word (IsStopWord), whatever
// the Config says about stop words: function words are in the vocabulary
// of any English training set, so counting them would make every English
// text look familiar. Placeholders ("<num>", "<url>"), clitics ("n't")
// and "!" "?" are not words either. A word is known when its form under
// the Config (stemmed when Stem) is a word of some word n-gram term: the
// model then has weights for it. Character n-grams are left aside: they
// match parts of almost any word.
//
// Called on the text the last Vector or VectorScratch call was given, as
// labelling does, it reuses that call's tokens and their cached forms
// rather than tokenize the text again (which took labelling from 14,000
// to 10,000 comments a second).
func (e *Extractor) Coverage(text string) (words, known int) {
	if text != e.tokText || text == "" {
		e.toks = e.tok.Tokens(e.toks[:0], text)
		e.tokText = ""
		if len(e.known) >= defaultStemCacheLimit {
			clear(e.known)
			e.charIdx = e.charIdx[:0]
		}
	}
	for _, t := range e.toks {
		switch t[0] {
		case '<', '\'', '!', '?':
			continue
		}
		if IsStopWord(t) {
			continue
		}
		ti, ok := e.known[t]
		if !ok {
			ti = e.resolve(t)
		}
		words++
		if !ti.skip() && ti.id >= 0 {
			known++
		}
	}
	return words, known
}

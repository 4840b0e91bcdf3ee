package features

// IsStopWord reports whether the (lowercased, unstemmed) token is an English
// function word that carries no stance: articles and determiners, personal,
// possessive, reflexive and wh- pronouns, the auxiliaries be/have/do and the
// modals will/would/shall/can/could/may/might, prepositions, the common
// conjunctions, and the clitics 's 're 've 'll 'd 'm. "ca" and "wo" are
// included because the Tokenizer leaves them when it splits "can't" and
// "won't"; the "n't" split off with them is not.
//
// Unlike the usual lists (Snowball's, NLTK's), this one deliberately keeps
// the words that carry or flip stance, because dropping them turns "not
// against the strikes" into "strikes":
//
//   - negation: not, no, nor, never, n't, none, nothing, nobody, nowhere,
//     neither, without, cannot (they invert the polarity of what follows);
//   - opposition: against (the most direct stance word there is), while
//     "for" is a stop word, being mostly a plain preposition;
//   - contrast: but, however, yet, although, though (comments state the
//     concession first and their real position after it);
//   - obligation: should, must, ought, need (calls to act are the stance);
//   - degree: very, too, more, most, less, least, only, all, any, few
//     (they intensify or hedge the sentiment);
//   - why and how, which open the rhetorical questions comments argue with.
//
// Placeholders ("<num>", "<url>", "<user>", "<email>") and "!" "?" are not
// stop words either: they are features.
func IsStopWord(tok string) bool {
	switch tok {
	case
		// articles and determiners
		"a", "an", "the", "this", "that", "these", "those", "some", "such",
		"each", "both", "other", "another", "same", "own",
		// pronouns
		"i", "me", "my", "myself", "mine",
		"we", "us", "our", "ours", "ourselves",
		"you", "your", "yours", "yourself", "yourselves",
		"he", "him", "his", "himself",
		"she", "her", "hers", "herself",
		"it", "its", "itself",
		"they", "them", "their", "theirs", "themselves",
		"what", "which", "who", "whom", "whose", "when", "where", "while",
		// auxiliaries and non-deontic modals
		"am", "is", "are", "was", "were", "be", "been", "being",
		"have", "has", "had", "having", "do", "does", "did", "doing",
		"will", "would", "shall", "can", "could", "may", "might", "ca", "wo",
		// prepositions
		"of", "in", "on", "at", "by", "for", "with", "from", "to", "into",
		"onto", "upon", "about", "above", "below", "over", "under",
		"between", "through", "during", "before", "after", "up", "down",
		"out", "off", "across", "around", "within", "via", "per", "than",
		"as", "until", "since",
		// conjunctions and adverbs of place and time
		"and", "or", "if", "because", "so", "then", "there", "here", "now",
		"also", "again", "once", "further",
		// clitics split off by the Tokenizer
		"'s", "'re", "'ve", "'ll", "'d", "'m":
		return true
	}
	return false
}

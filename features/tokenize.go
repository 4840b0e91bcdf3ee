package features

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tokenizer splits text into normalised tokens. Its zero value is not
// useful; use DefaultTokenizer(). Safe for concurrent use (no mutable state).
type Tokenizer struct {
	Lowercase bool // fold case (default true)
	KeepPunct bool // emit "!" and "?" as tokens (default true); all other punctuation is dropped
}

// DefaultTokenizer returns the tokenizer the models are trained with:
// lowercasing on, "!" and "?" kept.
func DefaultTokenizer() Tokenizer {
	return Tokenizer{Lowercase: true, KeepPunct: true}
}

// Placeholder tokens. They start with '<' so that the stemmer and the stop
// word list can recognise them without a lookup.
const (
	tokURL   = "<url>"
	tokEmail = "<email>"
	tokNum   = "<num>"
	tokUser  = "<user>"
)

// Tokens appends the tokens of text to dst and returns it (so callers reuse
// a buffer). The rules, in the order they are tried at each position:
//
//   - URLs starting with http://, https:// or www. (any case) become "<url>";
//     the URL runs to the next space, '<', '>' or double quote, minus trailing
//     .,;:!?)]}'" which are then tokenized normally.
//   - ASCII e-mail addresses (local@domain.tld) become "<email>".
//   - @mentions become "<user>" and #hashtags become "#" plus the tag
//     (lowercased when Lowercase); a tag is letters, digits and '_'. Both need
//     a non-word character before the sign ("me@home" is two words); an
//     all-digit tag such as "#1" is a number, not a hashtag.
//   - Words are runs of letters, digits and combining marks (marks never
//     start a word; emoji variation selectors are not marks here). A single
//     '-' between two letters joins them ("cease-fire"); any other hyphen,
//     and "--", separates. A '.' or ',' between digits of an all-digit run
//     joins it ("1,000", "3.5").
//   - A word made only of digits (plus those separators), or an English
//     ordinal such as "21st", becomes "<num>". Mixed words such as "f16" or
//     "1990s" stay words; "9/11" is two numbers.
//   - Apostrophes: ' U+2018 U+2019 and U+02BC are one and the same mark.
//     Clitics split off Penn-Treebank style: "don't" gives "do" "n't",
//     "can't" gives "ca" "n't", "won't" gives "wo" "n't", and 's 're 've 'll
//     'd 'm give "'s" "'re" "'ve" "'ll" "'d" "'m". Clitic tokens are always
//     emitted in this lowercase form with a straight apostrophe, even when
//     Lowercase is false. Text that is already split that way ("does n't",
//     "it 's") yields the same tokens. Any other apostrophe is dropped and
//     separates the word parts around it ("o'brien" gives "o" "brien",
//     "soldiers'" gives "soldiers", "'hello'" gives "hello").
//   - With KeepPunct, each '!' or '?' is a token, a run of the same mark
//     collapsing to one: "!!!" gives "!", "?!" gives "?" "!".
//   - Everything else (other punctuation, dashes, symbols, emoji, spaces)
//     separates tokens and is dropped.
//
// Words are lowercased with Unicode case mapping when Lowercase is set.
// A token that needs no case change is a substring of text; the tokens that
// do are cut from one buffer allocated per call, so a call allocates once at
// most (plus any growth of dst), unless Unicode case mapping lengthens the
// text. Either way a retained token keeps its source alive: clone tokens
// that outlive the text.
func (t Tokenizer) Tokens(dst []string, text string) []string {
	// lc collects the lowercased tokens. A strings.Builder never rewrites
	// bytes it has handed out through String, so slices of it are stable
	// strings even after it grows.
	var lc strings.Builder
	i, n := 0, len(text)
	for i < n {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case isASCIIAlnum(c):
				dst, i = t.word(dst, &lc, text, i)
			case c == '\'':
				dst, i = leadingApostrophe(dst, text, i, 1)
			case c == '@':
				dst, i = mention(dst, text, i)
			case c == '#':
				dst, i = t.hashtag(dst, &lc, text, i)
			case (c == '!' || c == '?') && t.KeepPunct:
				if c == '!' {
					dst = append(dst, "!")
				} else {
					dst = append(dst, "?")
				}
				for i < n && text[i] == c {
					i++
				}
			default:
				i++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isApostropheRune(r):
			dst, i = leadingApostrophe(dst, text, i, size)
		case isWordStartRune(r):
			dst, i = t.word(dst, &lc, text, i)
		default:
			i += size
		}
	}
	return dst
}

// Flags describing a scanned run, used to skip work in emit: most tokens are
// plain lowercase ASCII and can be returned as substrings untouched.
const (
	runUpper    = 1 << iota // has an ASCII upper-case letter
	runNonASCII             // has a non-ASCII rune, so case mapping needs unicode
	runDigits               // only digits and internal '.' ','
)

// word tokenizes the word starting at s[i] (a letter or digit), together with
// any apostrophe clitics attached to it, and returns the position after it.
func (t Tokenizer) word(dst []string, lc *strings.Builder, s string, i int) ([]string, int) {
	if c := s[i] | 0x20; c == 'h' || c == 'w' {
		if end, ok := urlEnd(s, i); ok {
			return append(dst, tokURL), end
		}
	}
	end, f := scanRun(s, i)
	// Only runs that stop at a character legal in an e-mail local part can be
	// the start of an address; checking just those keeps the common case at
	// one pass.
	if end < len(s) && f&runNonASCII == 0 {
		switch s[end] {
		case '@', '.', '_', '+', '-', '%':
			if e, ok := emailEnd(s, i); ok {
				return append(dst, tokEmail), e
			}
		}
	}
	start := i
	for {
		a := apostropheLen(s, end)
		if a == 0 {
			return t.emit(dst, lc, s, start, end, f), end
		}
		j := end + a
		if !wordStartAt(s, j) {
			return t.emit(dst, lc, s, start, end, f), j
		}
		end2, f2 := scanRun(s, j)
		next := s[j:end2]
		switch {
		case (next == "t" || next == "T") && end > start && s[end-1]|0x20 == 'n':
			// The 'n' belongs to the clitic: "can't" is "ca" + "n't" in the
			// Penn Treebank, which keeps "n't" one token for every verb.
			dst = t.emit(dst, lc, s, start, end-1, f)
			dst = append(dst, "n't")
			start, end, f = end2, end2, 0
		case clitic(next) != "":
			dst = t.emit(dst, lc, s, start, end, f)
			dst = append(dst, clitic(next))
			start, end, f = end2, end2, 0
		default:
			dst = t.emit(dst, lc, s, start, end, f)
			start, end, f = j, end2, f2
		}
	}
}

// leadingApostrophe handles an apostrophe of a bytes at s[i] that does not
// follow a word. Pre-split Penn text puts clitics there ("it 's"), so a
// following clitic is kept; any other apostrophe is a quote mark and dropped.
func leadingApostrophe(dst []string, s string, i, a int) ([]string, int) {
	j := i + a
	if wordStartAt(s, j) {
		end, _ := scanRun(s, j)
		if c := clitic(s[j:end]); c != "" {
			return append(dst, c), end
		}
	}
	return dst, j
}

// clitic returns the canonical token for a clitic written after an
// apostrophe, or "" if w is not one. "n't" is not here because its 'n' sits
// before the apostrophe.
func clitic(w string) string {
	switch len(w) {
	case 1:
		switch w[0] | 0x20 {
		case 's':
			return "'s"
		case 'd':
			return "'d"
		case 'm':
			return "'m"
		}
	case 2:
		switch {
		case strings.EqualFold(w, "re"):
			return "'re"
		case strings.EqualFold(w, "ve"):
			return "'ve"
		case strings.EqualFold(w, "ll"):
			return "'ll"
		}
	}
	return ""
}

// emit appends the word s[start:end], a run described by flags f, mapping
// numbers to "<num>" and folding case.
func (t Tokenizer) emit(dst []string, lc *strings.Builder, s string, start, end, f int) []string {
	w := s[start:end]
	if w == "" {
		return dst
	}
	if f&runDigits != 0 || isOrdinal(w) {
		return append(dst, tokNum)
	}
	if t.Lowercase && f&(runUpper|runNonASCII) != 0 {
		w = lower(lc, w, f, len(s)-start)
	}
	return append(dst, w)
}

// lower returns w lowercased, cut from lc when that changes it. rest (the
// length of the text from w on) sizes lc on first use: lowercasing keeps
// ASCII the same length, so the call needs no second allocation unless
// non-ASCII case mapping lengthens the text.
func lower(lc *strings.Builder, w string, f, rest int) string {
	if f&runNonASCII != 0 {
		changed := false
		for _, r := range w {
			if unicode.ToLower(r) != r {
				changed = true
				break
			}
		}
		if !changed {
			return w
		}
	}
	if lc.Cap() == 0 {
		lc.Grow(rest)
	}
	start := lc.Len()
	for k := 0; k < len(w); k++ {
		c := w[k]
		if c >= utf8.RuneSelf {
			for _, r := range w[k:] {
				lc.WriteRune(unicode.ToLower(r))
			}
			break
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lc.WriteByte(c)
	}
	return lc.String()[start:]
}

// scanRun scans the maximal word run starting at s[i] and returns its end
// and flags. It does not look at apostrophes: word splits the clitics.
func scanRun(s string, i int) (int, int) {
	const (
		kNone = iota
		kLetter
		kDigit
	)
	n := len(s)
	f := runDigits
	prev := kNone
	for i < n {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z':
				f &^= runDigits
				prev = kLetter
			case 'A' <= c && c <= 'Z':
				f = f&^runDigits | runUpper
				prev = kLetter
			case '0' <= c && c <= '9':
				prev = kDigit
			case c == '-':
				if prev != kLetter || !letterAt(s, i+1) {
					return i, f
				}
				prev = kNone
			case c == '.' || c == ',':
				if f&runDigits == 0 || prev != kDigit || i+1 >= n || !isASCIIDigit(s[i+1]) {
					return i, f
				}
				prev = kNone
			default:
				return i, f
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isApostropheRune(r): // U+02BC is a letter (Lm) to unicode
			return i, f
		case unicode.IsLetter(r):
			f = f&^runDigits | runNonASCII
			prev = kLetter
		case unicode.IsDigit(r):
			f |= runNonASCII
			prev = kDigit
		case unicode.IsMark(r) && !isVariationSelector(r):
			// A mark belongs to the character before it, so prev stays.
			f = f&^runDigits | runNonASCII
		default:
			return i, f
		}
		i += size
	}
	return i, f
}

// isOrdinal reports whether w is digits followed by st, nd, rd or th.
func isOrdinal(w string) bool {
	i := 0
	for i < len(w) && isASCIIDigit(w[i]) {
		i++
	}
	if i == 0 || len(w)-i != 2 {
		return false
	}
	a, b := w[i]|0x20, w[i+1]|0x20
	return a == 's' && b == 't' || a == 'n' && b == 'd' || a == 'r' && b == 'd' || a == 't' && b == 'h'
}

// urlEnd reports whether a URL starts at s[i] and where it ends.
func urlEnd(s string, i int) (int, bool) {
	rest := s[i:]
	var p int
	switch {
	case hasPrefixFold(rest, "http://"):
		p = 7
	case hasPrefixFold(rest, "https://"):
		p = 8
	case hasPrefixFold(rest, "www."):
		p = 4
	default:
		return 0, false
	}
	begin := i + p
	j := begin
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if c <= ' ' || c == '<' || c == '>' || c == '"' {
				break
			}
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if unicode.IsSpace(r) || r == '\u201C' || r == '\u201D' {
			break
		}
		j += size
	}
	// Sentence punctuation after a URL is almost never part of it; giving it
	// back lets a following "!" or "?" still be counted.
	for j > begin && strings.IndexByte(".,;:!?)]}'\"", s[j-1]) >= 0 {
		j--
	}
	if j == begin {
		return 0, false
	}
	return j, true
}

// hasPrefixFold is strings.HasPrefix with ASCII case folding; prefix must be
// lowercase.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for k := 0; k < len(prefix); k++ {
		c := s[k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[k] {
			return false
		}
	}
	return true
}

// emailEnd reports whether an ASCII e-mail address starts at s[i] and where
// it ends. The domain needs at least two labels so that "me@home" is not one.
func emailEnd(s string, i int) (int, bool) {
	n := len(s)
	j := i
	for j < n && isEmailLocal(s[j]) {
		j++
	}
	if j == i || j >= n || s[j] != '@' {
		return 0, false
	}
	j++
	labels, end := 0, 0
	for {
		k := j
		for k < n && (isASCIIAlnum(s[k]) || s[k] == '-') {
			k++
		}
		if k == j {
			break
		}
		labels++
		end = k
		if k+1 < n && s[k] == '.' && isASCIIAlnum(s[k+1]) {
			j = k + 1
			continue
		}
		break
	}
	if labels < 2 {
		return 0, false
	}
	return end, true
}

func isEmailLocal(c byte) bool {
	return isASCIIAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

// mention handles '@' at s[i].
func mention(dst []string, s string, i int) ([]string, int) {
	if prevIsWord(s, i) {
		return dst, i + 1
	}
	j := i + 1
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if !isASCIIAlnum(c) && c != '_' {
				break
			}
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if isApostropheRune(r) || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		j += size
	}
	if j == i+1 {
		return dst, j
	}
	return append(dst, tokUser), j
}

// hashtag handles '#' at s[i].
func (t Tokenizer) hashtag(dst []string, lc *strings.Builder, s string, i int) ([]string, int) {
	if prevIsWord(s, i) {
		return dst, i + 1
	}
	f := runDigits
	j := i + 1
scan:
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z' || c == '_':
				f &^= runDigits
			case 'A' <= c && c <= 'Z':
				f = f&^runDigits | runUpper
			case '0' <= c && c <= '9':
			default:
				break scan
			}
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		switch {
		case isApostropheRune(r):
			break scan
		case unicode.IsLetter(r):
			f = f&^runDigits | runNonASCII
		case unicode.IsDigit(r):
			f |= runNonASCII
		case unicode.IsMark(r) && !isVariationSelector(r) && j > i+1:
			f = f&^runDigits | runNonASCII
		default:
			break scan
		}
		j += size
	}
	// "#1" is a rank or a number, not a topic: let the digits be a "<num>".
	if j == i+1 || f&runDigits != 0 {
		return dst, i + 1
	}
	tag := s[i:j]
	if t.Lowercase && f&(runUpper|runNonASCII) != 0 {
		tag = lower(lc, tag, f, len(s)-i)
	}
	return append(dst, tag), j
}

// prevIsWord reports whether the rune before s[i] is part of a word, which
// makes '@' or '#' at s[i] part of ordinary text rather than a sign.
func prevIsWord(s string, i int) bool {
	if i == 0 {
		return false
	}
	if c := s[i-1]; c < utf8.RuneSelf {
		return isASCIIAlnum(c)
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !isApostropheRune(r) && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

// apostropheLen returns the byte length of the apostrophe at s[i], or 0.
func apostropheLen(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	switch s[i] {
	case '\'':
		return 1
	case 0xE2: // U+2018, U+2019: E2 80 98, E2 80 99
		if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0x98 || s[i+2] == 0x99) {
			return 3
		}
	case 0xCA: // U+02BC: CA BC
		if i+1 < len(s) && s[i+1] == 0xBC {
			return 2
		}
	}
	return 0
}

func isApostropheRune(r rune) bool {
	return r == '\'' || r == '\u2018' || r == '\u2019' || r == '\u02BC'
}

// wordStartAt reports whether a word can start at s[i].
func wordStartAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		return isASCIIAlnum(c)
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordStartRune(r)
}

// isWordStartRune excludes marks: a mark with no letter before it is
// usually an emoji variation selector or stray combining character.
func isWordStartRune(r rune) bool {
	return !isApostropheRune(r) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// letterAt reports whether s[i] starts a letter, for hyphen joining.
func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		return 'a' <= c|0x20 && c|0x20 <= 'z'
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !isApostropheRune(r) && unicode.IsLetter(r)
}

// isVariationSelector reports the emoji presentation selectors and the
// keycap mark, which unicode files as marks but which decorate symbols, not
// letters ("1️⃣" is a number, "❤️" is not a word).
func isVariationSelector(r rune) bool {
	return r >= 0xFE00 && r <= 0xFE0F || r == 0x20E3 || r >= 0xE0100 && r <= 0xE01EF
}

func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isASCIIDigit(c byte) bool {
	return '0' <= c && c <= '9'
}

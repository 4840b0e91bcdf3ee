package data

import (
	"regexp"
	"strings"
	"unicode"
)

// A scraped article page holds more than the article: menus, bylines,
// image captions, newsletter and cookie prompts, lists of other articles
// and, on some pages, the article's own reader comments. splitArticle
// keeps the body and reads the comments as comments, by these rules
// (every line is judged on its own words, so no rule depends on a site):
//
//  1. The first line is the title and is always kept.
//  2. Boilerplate: a line naming a subscription, cookie, login, privacy or
//     sharing prompt (boilerplateRE) is dropped together with the short
//     lines (fewer than longLineWords words) that follow it: the rest of
//     its prompt block. Scanning resumes at the next long line.
//  3. Link lists: a list item ("- ", "* ", "• ") that does not end a
//     sentence is dropped: it is a headline of another page.
//  4. Fragments: a line of fewer than fragmentWords words that does not
//     end a sentence is dropped: a menu entry, section heading, byline or
//     image caption.
//  5. Reader comments: a line that reads as a person's name (two to four
//     capitalised words, see nameRE) after a section break (two or more
//     blank lines), once the body has begun, and followed by prose starts
//     a comment with that author. The comment runs to the next section
//     break or the next such name line; what follows belongs to the body
//     again.
//
// A sentence ends in '.', '!', '?', '…' or ':' (possibly inside closing
// quotes or brackets). Everything dropped is counted, not silently lost:
// ThreadReader.Dropped reports the number of lines.
const (
	fragmentWords = 8
	longLineWords = 20
)

var (
	// boilerplateRE matches the calls to action that pages wrap around
	// an article. Whole words only, so that "login" in prose about
	// logging is rare enough to accept, and "subscriber" is not matched.
	boilerplateRE = regexp.MustCompile(`(?i)\b(subscribe|subscribed|subscription|newsletter|in your inbox|(accept|allow|use[sd]?) (all )?cookies|cookie (policy|settings|preferences)|privacy policy|terms of (use|service)|sign up|sign in|log ?in|all rights reserved|follow us|advertisement|share this)\b`)
	// nameRE matches a commenter's name line: two to four words, each
	// capitalised or a lower-case name particle, made of letters, dots,
	// apostrophes and hyphens.
	nameRE = regexp.MustCompile(`^(\p{Lu}[\p{L}.'’-]*|de|da|del|van|von|der|al-?\p{L}*|bin|ibn|le|la)( (\p{Lu}[\p{L}.'’-]*|de|da|del|van|von|der|al-?\p{L}*|bin|ibn|le|la)){1,3}$`)
	// listItemRE matches a bulleted line.
	listItemRE = regexp.MustCompile(`^[-*•·]\s+`)
)

// articleLine is one non-blank line of an article page.
type articleLine struct {
	line   int    // 1-based input line
	text   string // without trailing whitespace
	blanks int    // blank lines just before it
}

// articlePart is a record cut from an article page: the body (author "")
// or one reader comment.
type articlePart struct {
	line   int
	author string
	text   string
}

// splitArticle applies the rules above to the non-blank lines of a page,
// returning the body first (always, holding at least the title) then the
// comments in page order, and the number of lines dropped.
func splitArticle(lines []articleLine) (parts []articlePart, dropped int) {
	if len(lines) == 0 {
		return nil, 0
	}
	body := articlePart{line: 1} // the page starts at line 1, whatever blank lines lead it
	var bodyText, cur strings.Builder
	var comment *articlePart
	// carry keeps the paragraph break before a dropped line for the next
	// kept one.
	carry := 0
	add := func(b *strings.Builder, l articleLine) {
		if b.Len() > 0 {
			if l.blanks > 0 || carry > 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteString("\n")
			}
		}
		b.WriteString(l.text)
		carry = 0
	}
	endComment := func() {
		if comment != nil {
			comment.text = cur.String()
			parts = append(parts, *comment)
			comment = nil
			cur.Reset()
		}
	}
	add(&bodyText, lines[0])
	bodyStarted := false
	inPrompt := false
	for i := 1; i < len(lines); i++ {
		l := lines[i]
		words := len(strings.Fields(l.text))
		if l.blanks > 0 {
			carry = l.blanks
		}
		if comment != nil && l.blanks >= 2 {
			endComment()
		}
		if boilerplateRE.MatchString(l.text) && words < 2*longLineWords {
			inPrompt = true
			dropped++
			continue
		}
		if inPrompt && words < longLineWords {
			dropped++
			continue
		}
		inPrompt = false
		if bodyStarted && l.blanks >= 2 && isNameLine(l.text) && i+1 < len(lines) && isProse(lines[i+1].text) {
			endComment()
			comment = &articlePart{line: l.line, author: l.text}
			carry = 0
			continue
		}
		if comment != nil && isNameLine(l.text) && l.blanks >= 1 && i+1 < len(lines) && isProse(lines[i+1].text) {
			endComment()
			comment = &articlePart{line: l.line, author: l.text}
			continue
		}
		if listItemRE.MatchString(l.text) && !endsSentence(l.text) {
			dropped++
			continue
		}
		if words < fragmentWords && !endsSentence(l.text) {
			dropped++
			continue
		}
		if comment != nil {
			add(&cur, l)
			continue
		}
		bodyStarted = true
		add(&bodyText, l)
	}
	endComment()
	body.text = bodyText.String()
	return append([]articlePart{body}, parts...), dropped
}

// isNameLine reports whether s reads as a person's name alone on a line.
func isNameLine(s string) bool {
	return nameRE.MatchString(s)
}

// isProse reports whether s reads as a sentence rather than a fragment.
func isProse(s string) bool {
	return len(strings.Fields(s)) >= fragmentWords || endsSentence(s)
}

// endsSentence reports whether s ends a sentence, looking through closing
// quotes and brackets.
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'”’»)]`, r)
	})
	if s == "" {
		return false
	}
	switch s[len(s)-1] {
	case '.', '!', '?', ':':
		return true
	}
	return strings.HasSuffix(s, "…")
}

// hexRunRE finds the long hexadecimal runs that make a file name a hash.
var hexRunRE = regexp.MustCompile(`[0-9a-fA-F]{8,}`)

// maxSlugWords and maxSlugLen keep a title slug short enough to read in
// an id such as "three-huge-defections-in-one-day:c001".
const (
	maxSlugWords = 6
	maxSlugLen   = 40
)

// ReadableSource returns the source name of a document read from file
// with the given title: SourceName(file), unless that name is machine-made
// (it holds a run of eight or more hexadecimal digits, as a scraper's
// hash does, or no letter at all), in which case it is TitleSlug(title)
// when that is not empty.
func ReadableSource(file, title string) string {
	name := SourceName(file)
	if file == "-" || file == "" {
		return name
	}
	if !hexRunRE.MatchString(name) && strings.IndexFunc(name, unicode.IsLetter) >= 0 {
		return name
	}
	if slug := TitleSlug(title); slug != "" {
		return slug
	}
	return name
}

// TitleSlug returns title in lower case, apostrophes and dots removed
// ("Syria’s" is "syrias", "U.S." is "us"), its first six words of letters
// and digits joined by hyphens, cut to at most 40 bytes at a hyphen.
func TitleSlug(title string) string {
	title = strings.Map(func(r rune) rune {
		switch r {
		case '\'', '’', '.':
			return -1
		}
		return unicode.ToLower(r)
	}, title)
	words := strings.FieldsFunc(title, func(r rune) bool {
		return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	})
	if len(words) > maxSlugWords {
		words = words[:maxSlugWords]
	}
	slug := strings.Join(words, "-")
	for len(slug) > maxSlugLen {
		i := strings.LastIndexByte(slug, '-')
		if i <= 0 {
			slug = slug[:maxSlugLen]
			break
		}
		slug = slug[:i]
	}
	return slug
}

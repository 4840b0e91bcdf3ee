package features

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"whitespace only", " \t\n\u00a0\u3000 ", nil},
		{"punctuation only", ".,;:\"()[]{}—–-…", nil},
		{"simple sentence", "The regime must go.", []string{"the", "regime", "must", "go"}},
		{"hyphen joins letters", "A cease-fire now", []string{"a", "cease-fire", "now"}},
		{"double hyphen separates", "war--again", []string{"war", "again"}},
		{"dangling hyphens", "-pre and post- x", []string{"pre", "and", "post", "x"}},
		{"hyphen before digit separates", "covid-19", []string{"covid", "<num>"}},
		{"dashes separate", "yes—no–maybe", []string{"yes", "no", "maybe"}},
		{"don't straight", "I don't know", []string{"i", "do", "n't", "know"}},
		{"don't curly", "I don\u2019t know", []string{"i", "do", "n't", "know"}},
		{"can't", "Can't", []string{"ca", "n't"}},
		{"won't modifier letter apostrophe", "won\u02bct", []string{"wo", "n't"}},
		{"isn't left quote mark", "isn\u2018t", []string{"is", "n't"}},
		{"possessive", "Assad's army", []string{"assad", "'s", "army"}},
		{"possessive curly", "Assad\u2019s army", []string{"assad", "'s", "army"}},
		{"clitics", "we've they're we'll I'd I'm", []string{"we", "'ve", "they", "'re", "we", "'ll", "i", "'d", "i", "'m"}},
		{"upper clitic", "IT'S", []string{"it", "'s"}},
		{"stacked clitics", "couldn't've", []string{"could", "n't", "'ve"}},
		{"sst does n't", "does n't", []string{"does", "n't"}},
		{"sst it 's", "it 's", []string{"it", "'s"}},
		{"sst ca n't", "ca n't", []string{"ca", "n't"}},
		{"sst clitics", "they 're we 've i 'm", []string{"they", "'re", "we", "'ve", "i", "'m"}},
		{"sst curly", "it \u2019s", []string{"it", "'s"}},
		{"trailing possessive", "the soldiers' families", []string{"the", "soldiers", "families"}},
		{"inner apostrophes", "rock'n'roll o'brien", []string{"rock", "n", "roll", "o", "brien"}},
		{"quoted word", "'hello' \u2018there\u2019", []string{"hello", "there"}},
		{"lone apostrophes", "' \u2019 ''", nil},
		{"number", "2016 1,000 3.5 42", []string{"<num>", "<num>", "<num>", "<num>"}},
		{"ordinal", "the 21st 2nd 3RD 4th", []string{"the", "<num>", "<num>", "<num>", "<num>"}},
		{"number end of sentence", "in 2016. Then", []string{"in", "<num>", "then"}},
		{"mixed alphanumerics stay words", "F16 1990s", []string{"f16", "1990s"}},
		{"slash splits numbers", "9/11", []string{"<num>", "<num>"}},
		{"unicode digits", "\u0662\u0660\u0661\u0666", []string{"<num>"}},
		{"decade possessive", "90's", []string{"<num>", "'s"}},
		{"url http", "see http://example.com/a?b=1 now", []string{"see", "<url>", "now"}},
		{"url https upper", "HTTPS://Example.com/X", []string{"<url>"}},
		{"url www trailing punct", "at www.bbc.co.uk/news!", []string{"at", "<url>", "!"}},
		{"url in parens", "(https://t.co/abc).", []string{"<url>"}},
		{"not a url", "http www", []string{"http", "www"}},
		{"email", "mail john.doe+x@news.example.org.", []string{"mail", "<email>"}},
		{"email upper", "Ed@BBC.co.uk", []string{"<email>"}},
		{"at without domain dot", "me@home", []string{"me", "home"}},
		{"mention", "@BarackObama said", []string{"<user>", "said"}},
		{"mention possessive", "@potus's plan", []string{"<user>", "'s", "plan"}},
		{"bare at", "@ @@", nil},
		{"hashtag", "#StandWithSyria", []string{"#standwithsyria"}},
		{"hashtag lowercase kept", "#syria, #no_war", []string{"#syria", "#no_war"}},
		{"hashtag digits is number", "#1 fan", []string{"<num>", "fan"}},
		{"hash inside word", "C# rocks", []string{"c", "rocks"}},
		{"bang run", "No!!!", []string{"no", "!"}},
		{"mixed marks", "Really?!", []string{"really", "?", "!"}},
		{"alternating marks", "what!?!??", []string{"what", "!", "?", "!", "?"}},
		{"spaced marks", "! !", []string{"!", "!"}},
		{"unicode letters", "Voilà Ağrı ÉCOLE", []string{"voilà", "ağrı", "école"}},
		{"combining mark", "cafe\u0301 ok", []string{"cafe\u0301", "ok"}},
		{"cyrillic and greek", "Путин ΣΥΡΙΑ", []string{"путин", "συρια"}},
		{"emoji separate", "love❤️war😡peace", []string{"love", "war", "peace"}},
		{"keycap number", "1\ufe0f\u20e3 reason", []string{"<num>", "reason"}},
		{"ellipsis and quotes", "\u201cwhat\u2026\u201d", []string{"what"}},
		{"underscore separates", "snake_case", []string{"snake", "case"}},
	}
	tok := DefaultTokenizer()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tok.Tokens(nil, tc.in)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Tokens(%q): got %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTokensOptions(t *testing.T) {
	tests := []struct {
		name string
		tok  Tokenizer
		in   string
		want []string
	}{
		{"no lowercase", Tokenizer{KeepPunct: true}, "The US #Syria Don't!", []string{"The", "US", "#Syria", "Do", "n't", "!"}},
		{"no lowercase clitic canonical", Tokenizer{}, "IT'S", []string{"IT", "'s"}},
		{"no punct", Tokenizer{Lowercase: true}, "Why?! Stop!!", []string{"why", "stop"}},
		{"zero value", Tokenizer{}, "A b?", []string{"A", "b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.tok.Tokens(nil, tc.in)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Tokens(%q): got %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTokensAppendsToDst(t *testing.T) {
	tok := DefaultTokenizer()
	dst := make([]string, 0, 16)
	dst = append(dst, "keep")
	got := tok.Tokens(dst, "two words")
	if want := []string{"keep", "two", "words"}; !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if &got[0] != &dst[:1][0] {
		t.Errorf("Tokens reallocated a buffer with spare capacity")
	}
	got = tok.Tokens(got[:0], "again")
	if want := []string{"again"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if &got[0] != &dst[:1][0] {
		t.Errorf("Tokens did not reuse the buffer passed as dst[:0]")
	}
}

func TestTokensAllocations(t *testing.T) {
	tok := DefaultTokenizer()
	dst := make([]string, 0, 64)
	text := "the regime's army can't win, #syria 2016 http://x.org i don't think so!!"
	allocs := testing.AllocsPerRun(100, func() {
		dst = tok.Tokens(dst[:0], text)
	})
	if allocs != 0 {
		t.Errorf("got %v allocations for lowercase text, want 0", allocs)
	}
	// One allocation per token that changes case, except the words that are
	// mapped to constants.
	text = "The Regime I A"
	allocs = testing.AllocsPerRun(100, func() {
		dst = tok.Tokens(dst[:0], text)
	})
	if allocs != 1 {
		t.Errorf("got %v allocations for %q, want 1", allocs, text)
	}
}

// benchText is made-up reader comments in the style the models see: mixed
// case, curly apostrophes, URLs, mentions, hashtags and shouting.
const benchText = `I don't understand why we keep sending weapons to people we know nothing about. ` +
	`The last time the US armed "moderate rebels" half the equipment ended up with ISIS!!! ` +
	`Read this before you comment: https://www.example.com/news/2016/10/syria-ceasefire-collapse?ref=home ` +
	`@newsdesk you're wrong again. The cease-fire lasted less than 48 hours and 1,200 civilians died. ` +
	`Assad’s forces bombed a hospital in Aleppo — that’s a war crime, full stop. ` +
	`Why isn't anybody talking about the refugees? Europe can't take them all, but we can't ignore them either. ` +
	`#StandWithSyria #NoWar It's not our fight. Let the regional powers sort it out. ` +
	`Sorry but this article is one-sided propaganda... where's the evidence?? ` +
	`My brother served two tours in Iraq (2004 and 2007) and he says we never learn. ` +
	`Intervention didn't work in Libya, it won't work in Syria. Simple as that. ` +
	`People who support airstrikes should volunteer to go themselves!!! ` +
	`Email your representative at contact@congress.example.gov and tell them NO. ` +
	`The 3rd time this month that the UN Security Council failed to pass a resolution. Pathetic. ` +
	`Voilà, la France bombarde encore. Où est la diplomatie? ` +
	`I'm against any military action without a clear plan and an exit strategy. ` +
	`Russia's involvement changes everything; they've been there since 2015 and they're not leaving. ` +
	`We’ve spent $5.6 trillion on these wars — imagine what that would’ve done at home. ` +
	`Totally agree with the previous commenter!! Well said. ` +
	`Does anyone really believe the chemical attack was staged? That's a conspiracy theory. ` +
	`Humanitarian corridors are the only thing that makes sense right now. `

func BenchmarkTokenize(b *testing.B) {
	text := strings.Repeat(benchText, 2)
	tok := DefaultTokenizer()
	dst := tok.Tokens(nil, text)
	perOp := len(dst)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		dst = tok.Tokens(dst[:0], text)
	}
	b.ReportMetric(float64(perOp)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// FuzzTokens checks the invariants every token must keep, whatever the input.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{
		"I don't know", "it 's", "http://x.y/z!", "a@b.co", "#Tag @u", "1,000.5th",
		"cease-fire--now", "Voilà ÉCOLE İstanbul", "rock'n'roll", "\xff\xfe'\u2019s",
	} {
		f.Add(s)
	}
	tok := DefaultTokenizer()
	f.Fuzz(func(t *testing.T, text string) {
		for _, w := range tok.Tokens([]string{"prefix"}, text)[1:] {
			switch {
			case w == "":
				t.Fatalf("Tokens(%q) made an empty token", text)
			case !utf8.ValidString(w):
				t.Fatalf("Tokens(%q) made invalid UTF-8 %q", text, w)
			case strings.ContainsFunc(w, unicode.IsSpace):
				t.Fatalf("Tokens(%q) made %q, which has a space", text, w)
			case strings.ToLower(w) != w:
				t.Fatalf("Tokens(%q) made %q, which is not lowercase", text, w)
			}
		}
	})
}

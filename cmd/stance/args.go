package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// parseFlags parses args against fs and returns the positional arguments.
// Unlike fs.Parse it goes on past a positional argument, so that flags may
// follow the files (stance label comments.csv -o out.csv), as most tools
// allow. "--" still ends the flags: everything after it is positional, a
// file named like a flag included. A lone "-" (standard input) is
// positional.
//
// Each flag is set in turn with fs.Set, so that it is checked by its own
// Set as fs.Parse would, but the error can say the flag and value the way
// the user wrote them. Three slips are caught with what to write instead:
// an unknown flag (with the flags it is near), a non-boolean flag with no
// value, and a boolean flag whose value was written as the next argument
// ("-nb false"), which the flag package would take for a file.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		name := strings.TrimPrefix(a[1:], "-")
		name, _, hasValue := strings.Cut(name, "=")
		if name == "" || name[0] == '-' {
			return nil, usagef("bad flag syntax: %s", a)
		}
		f := fs.Lookup(name)
		if f == nil {
			if name == "h" || name == "help" {
				return nil, flag.ErrHelp
			}
			msg := "unknown flag -" + name
			if near := nearest(name, flagNames(fs)); len(near) > 0 {
				msg += "; did you mean " + orList(prefixAll("-", near)) + "?"
			}
			return nil, usageError{msg}
		}
		var value string
		switch {
		case hasValue:
			_, value, _ = strings.Cut(a, "=")
		case isBoolFlag(f):
			if i+1 < len(args) && isBoolWord(args[i+1]) {
				v := args[i+1]
				return nil, usagef("-%s %s: a true/false flag takes its value after =: write -%s=%s", name, v, name, v)
			}
			value = "true"
		case i+1 < len(args):
			i++
			value = args[i]
		default:
			return nil, usagef("-%s needs a value: -%s %s", name, name, valueName(f))
		}
		if err := fs.Set(name, value); err != nil {
			return nil, badValue(f, value, err)
		}
	}
	// Every flag is set; Parse of nothing marks fs parsed, as callers of
	// the flag package may expect.
	if err := fs.Parse(nil); err != nil {
		return nil, usageError{err.Error()}
	}
	return positional, nil
}

// isBoolFlag reports whether f is a flag given alone (-nb) rather than with
// a value (-o file), as the flag package decides.
func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// valueName is what f's value is, for a message: the back-quoted name
// in its usage ("file"), else "value".
func valueName(f *flag.Flag) string {
	if what, _ := flag.UnquoteUsage(f); what != "" {
		return what
	}
	return "value"
}

// badValue is the usage error of value refused by f: "-c x: want a
// number". The flag package's own values refuse with the bare words "parse
// error" or "value out of range" (its unexported errParse and errRange,
// known by their text alone), so those are said by the kind of value the
// flag wants; any other refusal, a Set of this package's, is its own.
func badValue(f *flag.Flag, value string, err error) error {
	switch err.Error() {
	case "parse error":
		want := "a number"
		if g, ok := f.Value.(flag.Getter); ok {
			switch g.Get().(type) {
			case bool:
				want = "true or false"
			case int, int64, uint, uint64:
				want = "a whole number"
			case time.Duration:
				want = "a duration such as 90s or 2m"
			}
		}
		return usagef("-%s %s: want %s", f.Name, value, want)
	case "value out of range":
		return usagef("-%s %s: out of range", f.Name, value)
	}
	return usagef("-%s %s: %v", f.Name, value, err)
}

// isBoolWord reports whether s is how one writes true or false. Only the
// words count: a file may well be named 0 or 1, hardly "false".
func isBoolWord(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false":
		return true
	}
	return false
}

// flagNames returns the names of the flags defined on fs.
func flagNames(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

// nearest returns the candidates that typed is likely a slip for, nearest
// first (ties in the candidates' order): those within editLimit(typed)
// edits (a swap of two neighbouring letters is one edit), ignoring case,
// and those that begin with typed when it is at least three letters long
// ("-text" for -text-col). At most three are returned, so that the message
// stays one line.
func nearest(typed string, candidates []string) []string {
	type near struct {
		name string
		d    int
	}
	var found []near
	t := strings.ToLower(typed)
	limit := editLimit(t)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if lc == t && c == typed {
			continue
		}
		d := editDistance(t, lc)
		if d > limit && !(utf8.RuneCountInString(t) >= 3 && strings.HasPrefix(lc, t)) {
			continue
		}
		found = append(found, near{c, d})
	}
	slices.SortStableFunc(found, func(a, b near) int { return a.d - b.d })
	var names []string
	for _, f := range found[:min(len(found), 3)] {
		names = append(names, f.name)
	}
	return names
}

// editLimit is how many edits may separate a name of s's length from the
// one meant: none for a single letter (any one-letter flag is one edit from
// any other, so a guess would be noise), one up to five letters, two beyond.
func editLimit(s string) int {
	switch n := utf8.RuneCountInString(s); {
	case n < 2:
		return 0
	case n <= 5:
		return 1
	default:
		return 2
	}
}

// editDistance returns the optimal string alignment distance between a and
// b: the fewest insertions, deletions, substitutions and swaps of two
// adjacent runes that turn a into b, no rune edited twice. It is the
// Levenshtein recurrence, d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1,
// d[i-1][j-1]+[a_i≠b_j]), with the swap case d[i-2][j-2]+1 when
// a_i = b_{j-1} and a_{i-1} = b_j: "lable" is one edit from "label", not two.
func editDistance(a, b string) int {
	r, s := []rune(a), []rune(b)
	// Three rows: the swap case looks two rows back.
	prev2 := make([]int, len(s)+1)
	prev := make([]int, len(s)+1)
	cur := make([]int, len(s)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(r); i++ {
		cur[0] = i
		for j := 1; j <= len(s); j++ {
			cost := 1
			if r[i-1] == s[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && r[i-1] == s[j-2] && r[i-2] == s[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(s)]
}

func prefixAll(p string, s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = p + x
	}
	return out
}

// orList joins s as "a", "a or b", "a, b or c".
func orList(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// helpHint is the line that follows a usage error: where the whole help is.
func helpHint(path string) string {
	if path == "" {
		return `run "stance help" for the commands`
	}
	return fmt.Sprintf("run \"stance help %s\" for its flags", path)
}

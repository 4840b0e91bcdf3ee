package main

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Every numeric flag of every command is declared with a range (numVar):
// NaN in -c once hung training at full CPU, -bins 1000000000 ran out of
// memory, and -bins 0 or -workers -5 meant something unsaid. A value
// outside its flag's range is a usage error, exit status 2, naming the
// flag, the value and the range, found after parsing and before any input
// is read (checkRanges). TestNumericFlagsBounded checks that no numeric
// flag is declared otherwise.

// number is what a ranged flag may hold.
type number interface {
	int | int64 | float64 | time.Duration
}

// ranged is a numeric flag with the range of values it accepts: [lo, hi],
// or (lo, hi] when open, and besides those the values in also, each with
// a meaning of its own that alsoText says ("0 for none").
type ranged[T number] struct {
	p        *T
	lo, hi   T
	open     bool
	also     []T
	alsoText string
	given    string // the text of the value set, as the user typed it
}

// numVar defines a flag of name on fs stored in p, with default value and
// the range r, which its help then states.
func numVar[T number](fs *flag.FlagSet, p *T, name string, value T, r ranged[T], usage string) {
	r.p = p
	*p = value
	if !r.ok(value) {
		panic(fmt.Sprintf("stance: the default %v of -%s is outside its range %s", value, name, r.span()))
	}
	fs.Var(&r, name, usage+" ("+r.span()+")")
}

// String returns the value as it would be set. The flag package calls it
// on a zero ranged, with no p, to tell a default worth printing.
func (r *ranged[T]) String() string {
	if r == nil || r.p == nil {
		var zero T
		return format(zero)
	}
	return format(*r.p)
}

// Get returns the value, for flag.Getter.
func (r *ranged[T]) Get() any { return *r.p }

// Set parses s. A value that parses but is out of range is kept for
// checkRanges to refuse, so that the error is one line naming the flag,
// not the flag package's message followed by every flag's help.
func (r *ranged[T]) Set(s string) error {
	v, err := parse[T](s)
	if err != nil {
		return errors.New("want " + r.want())
	}
	*r.p, r.given = v, s
	return nil
}

// ok reports whether v is in the range.
func (r *ranged[T]) ok(v T) bool {
	for _, a := range r.also {
		if v == a {
			return true
		}
	}
	// Written so that NaN, which compares false with everything, fails.
	if r.open {
		return v > r.lo && v <= r.hi
	}
	return v >= r.lo && v <= r.hi
}

// check returns the usage error for a value out of range, or nil.
func (r *ranged[T]) check(name string) error {
	if r.ok(*r.p) {
		return nil
	}
	return usagef("-%s %s: want %s", name, r.given, r.want())
}

// want says what the flag takes, for errors: "an integer from 1 to 1000".
func (r *ranged[T]) want() string {
	var noun string
	switch any(r.lo).(type) {
	case int, int64:
		noun = "an integer "
	case float64:
		noun = "a finite number "
	case time.Duration:
		noun = "a duration "
	}
	if !r.open && unbounded(r.hi) {
		noun += "of "
	}
	return noun + r.span()
}

// span states the range: "from 1 to 1000", "at least 65536, or -1 for no
// limit", "above 0 and at most 1000".
func (r *ranged[T]) span() string {
	var s string
	switch {
	case r.open:
		s = fmt.Sprintf("above %s and at most %s", format(r.lo), format(r.hi))
	case unbounded(r.hi):
		s = "at least " + format(r.lo)
	default:
		s = fmt.Sprintf("from %s to %s", format(r.lo), format(r.hi))
	}
	if r.alsoText != "" {
		s += ", or " + r.alsoText
	}
	return s
}

// unbounded reports whether hi is its type's largest value: no upper
// bound but the type's.
func unbounded[T number](hi T) bool {
	switch h := any(hi).(type) {
	case int:
		return h == math.MaxInt
	case int64:
		return h == math.MaxInt64
	case time.Duration:
		return h == math.MaxInt64
	}
	return false
}

// parse reads s as a T, as the flag package's own flags would: integers
// in any base Go accepts, floats by strconv.ParseFloat (which accepts
// "NaN" and "Inf", left for the range to refuse), durations such as "90s".
func parse[T number](s string) (T, error) {
	var v T
	var err error
	switch p := any(&v).(type) {
	case *int:
		var n int64
		n, err = strconv.ParseInt(s, 0, strconv.IntSize)
		*p = int(n)
	case *int64:
		*p, err = strconv.ParseInt(s, 0, 64)
	case *float64:
		*p, err = strconv.ParseFloat(s, 64)
		if errors.Is(err, strconv.ErrRange) {
			// ±Inf or 0 for "1e400": refused by the range, which says so.
			err = nil
		}
	case *time.Duration:
		*p, err = time.ParseDuration(s)
	}
	return v, err
}

// format writes v as a user would type it: 1e6 rather than 1e+06.
func format[T number](v T) string {
	switch x := any(v).(type) {
	case float64:
		s := strconv.FormatFloat(x, 'g', -1, 64)
		s = strings.Replace(s, "e+0", "e", 1)
		s = strings.Replace(s, "e+", "e", 1)
		return strings.Replace(s, "e-0", "e-", 1)
	case time.Duration:
		// 2m rather than 2m0s.
		s := x.String()
		if strings.HasSuffix(s, "m0s") {
			s = strings.TrimSuffix(s, "0s")
		}
		if strings.HasSuffix(s, "h0m") {
			s = strings.TrimSuffix(s, "0m")
		}
		return s
	}
	return fmt.Sprint(v)
}

// checkRanges returns the usage error of the first flag set on fs whose
// value is outside its range, or nil. Defaults are in range (numVar
// checks them), so only the flags given are looked at.
func checkRanges(fs *flag.FlagSet) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		c, ok := f.Value.(interface{ check(string) error })
		if ok && err == nil {
			err = c.check(f.Name)
		}
	})
	return err
}

// foldsRange is the range of k in k-fold cross-validation: more folds
// than documents is an error of the data, said when it is read. With
// none, 0 means no cross-validation.
func foldsRange(none bool) ranged[int] {
	r := ranged[int]{lo: 2, hi: maxFolds}
	if none {
		r.also, r.alsoText = []int{0}, "0 for none"
	}
	return r
}

// maxFolds bounds k of k-fold everywhere: 1000 fits per repeat.
const maxFolds = 1000

// workersPerCore bounds label's -workers: more predicting goroutines
// than a few per core only queue for the cores, and each holds a batch of
// rows (label.Options.Batch) in memory.
const workersPerCore = 4

// maxWorkers returns the most predicting goroutines label starts.
func maxWorkers() int { return workersPerCore * runtime.NumCPU() }

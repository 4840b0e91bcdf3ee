package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// commandPaths returns every command that runs, by path ("annotate
// export"), with its FlagSet.
func commandPaths() map[string]*command {
	out := map[string]*command{}
	var walk func(prefix string, cs []*command)
	walk = func(prefix string, cs []*command) {
		for _, c := range cs {
			out[prefix+c.Name] = c
			walk(prefix+c.Name+" ", c.Commands)
		}
	}
	walk("", newEnv(nil).commands())
	return out
}

// numericKind returns the kind of a flag's value that TestNumericFlagsBounded
// and testFlagValues care about, or "" for a flag that is not a number.
func numericKind(f *flag.Flag) string {
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return ""
	}
	switch g.Get().(type) {
	case int, int64, int32, uint, uint32:
		return "int"
	case uint64:
		return "uint"
	case float64, float32:
		return "float"
	case time.Duration:
		return "duration"
	}
	return ""
}

// hostileValues are the values every numeric flag is tried with, by kind:
// zero, a negative, a value far too large (-bins 1000000000 once ran out
// of memory), the type's largest, and NaN and infinities where they parse.
func hostileValues() map[string][]string {
	return map[string][]string{
		"int":      {"0", "-1", "1000000000", "9223372036854775807"},
		"uint":     {"0", "-1", "18446744073709551615"},
		"float":    {"0", "-1", "1e300", "NaN", "Inf", "-Inf"},
		"duration": {"0s", "-1s", "1000000h"},
	}
}

// TestNumericFlagsBounded checks that every int, float and duration flag
// of every command is declared with a range (numVar), so that no value of
// it reaches a command unchecked. A seed is exempt: every uint64 is one.
func TestNumericFlagsBounded(t *testing.T) {
	n := 0
	for path, c := range commandPaths() {
		c.Flag.VisitAll(func(f *flag.Flag) {
			kind := numericKind(f)
			if kind == "" {
				return
			}
			n++
			if _, ok := f.Value.(interface{ check(string) error }); ok {
				return
			}
			if kind == "uint" && f.Name == "seed" {
				return
			}
			t.Errorf("stance %s -%s: a %s flag without a range; declare it with numVar", path, f.Name, kind)
		})
	}
	// 56 when this test was written: a walk that finds none checks nothing.
	if n < 40 {
		t.Errorf("found %d numeric flags; the walk over the commands is broken", n)
	}
}

// TestRangedFlagValues checks, for every ranged flag of every command and
// every hostile value of its kind, that the value is either refused as a
// usage error naming the flag, the value and the range, or is within the
// range the flag's help states. The command lines are parsed and checked
// as run does, without running the command.
func TestRangedFlagValues(t *testing.T) {
	for path, c := range commandPaths() {
		var names []string
		c.Flag.VisitAll(func(f *flag.Flag) {
			if _, ok := f.Value.(interface{ check(string) error }); ok {
				names = append(names, f.Name)
			}
		})
		for _, name := range names {
			kind := numericKind(c.Flag.Lookup(name))
			for _, v := range hostileValues()[kind] {
				// A fresh command each time: a value once set stays.
				fresh := commandPaths()[path]
				fresh.Flag.SetOutput(io.Discard)
				err := fresh.Flag.Parse([]string{"-" + name + "=" + v})
				if err == nil {
					err = checkRanges(fresh.Flag)
				}
				f := fresh.Flag.Lookup(name)
				span := f.Value.(interface{ span() string }).span()
				if !strings.Contains(f.Usage, "("+span+")") {
					t.Errorf("stance %s -%s: help %q does not state the range %q", path, name, f.Usage, span)
				}
				if err == nil {
					// Accepted: it must be within the range.
					if err := f.Value.(interface{ check(string) error }).check(name); err != nil {
						t.Errorf("stance %s -%s %s accepted outside its range: %v", path, name, v, err)
					}
					continue
				}
				var u usageError
				switch {
				case errors.As(err, &u):
					if want := "-" + name + " " + v + ": want "; !strings.HasPrefix(u.msg, want) {
						t.Errorf("stance %s -%s %s: %q, want it to begin %q", path, name, v, u.msg, want)
					}
				case !strings.Contains(err.Error(), "for flag -"+name+": want "):
					t.Errorf("stance %s -%s %s: %q does not name the flag and what it wants", path, name, v, err)
				}
				if !strings.HasSuffix(err.Error(), span) {
					t.Errorf("stance %s -%s %s: error %q does not end with the range %q", path, name, v, err, span)
				}
			}
		}
	}
}

// TestFlagValuesOfTheIssue runs the command lines of issue 13 that hung
// or ran out of memory, or passed silently, and checks that each is now a
// usage error, exit 2, naming the flag, the value and the range. Each run
// must end within 20 s: before the ranges, the first spun for ever.
func TestFlagValuesOfTheIssue(t *testing.T) {
	gold := "../../data/syria-comments.csv"
	out := filepath.Join(t.TempDir(), "out")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"train", "-folds", "0", "-c", "NaN", "-o", out, gold}, "-c NaN: want a finite number from 1e-6 to 1e6"},
		{[]string{"train", "-folds", "0", "-c", "Inf", "-o", out, gold}, "-c Inf: want a finite number from 1e-6 to 1e6"},
		{[]string{"train", "-folds", "0", "-c", "1e300", "-o", out, gold}, "-c 1e300: want a finite number from 1e-6 to 1e6"},
		{[]string{"train", "-folds", "0", "-trainer", "sparse", "-c", "NaN", "-o", out, gold}, "-c NaN: want"},
		{[]string{"train", "-folds", "0", "-alpha", "NaN", "-o", out, gold}, "-alpha NaN: want a finite number above 0 and at most 1000"},
		{[]string{"train", "-folds", "0", "-alpha", "Inf", "-o", out, gold}, "-alpha Inf: want"},
		{[]string{"cv", "-alpha", "NaN", gold}, "-alpha NaN: want"},
		{[]string{"cv", "-c", "NaN", gold}, "-c NaN: want"},
		{[]string{"cv", "-folds", "2", "-bins", "1000000000", gold}, "-bins 1000000000: want an integer from 1 to 1000"},
		{[]string{"eval", "-bins", "100000000", gold}, "-bins 100000000: want an integer from 1 to 1000"},
		{[]string{"eval", "-bins", "0", gold}, "-bins 0: want an integer from 1 to 1000"},
		{[]string{"eval", "-bins", "-1", gold}, "-bins -1: want"},
		{[]string{"label", "-workers", "-5", "-o", out, gold}, "-workers -5: want an integer of at least 0"},
		{[]string{"annotate", "-double", "NaN", "-data", gold, "-store", out}, "-double NaN: want a finite number from 0 to 1"},
		{[]string{"tune", "-budget", "0s", gold}, "-budget 0s: want a duration above 0s and at most 24h"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			type result struct {
				code   int
				stderr string
			}
			done := make(chan result, 1)
			go func() {
				code, _, stderr := stance(t, "", tt.args...)
				done <- result{code, stderr}
			}()
			var r result
			select {
			case r = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("still running after 20 s")
			}
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", r.code, r.stderr, tt.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written", out)
			}
		})
	}
}

// TestLabelWorkersClamped checks that label cuts -workers to a few per
// core, saying so, rather than start ten million goroutines (24 GB).
func TestLabelWorkersClamped(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.csv")
	code, _, stderr := stance(t, "", "label", "-prefix", "p_", "-workers", "10000000", "-o", out, "../../data/syria-comments.csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := fmt.Sprintf("label: -workers 10000000: using %d, %d per core", maxWorkers(), workersPerCore)
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr %q lacks %q", stderr, want)
	}
}

// flagRunArgs gives, for each command with numeric flags, the arguments
// that make a run of it quick on the small files of testFlagValues: the
// flag under test goes after the flags and before the files. IN is the
// annotated file, DIR a fresh directory.
func flagRunArgs() map[string]struct{ flags, files []string } {
	return map[string]struct{ flags, files []string }{
		"ingest":          {[]string{"-o", "DIR/out.csv"}, []string{"IN"}},
		"train":           {[]string{"-trainer", "sparse", "-folds", "2", "-o", "DIR/out.model"}, []string{"IN"}},
		"label":           {[]string{"-prefix", "p_", "-o", "DIR/out.csv"}, []string{"IN"}},
		"eval":            {[]string{"-bootstrap", "10"}, []string{"IN"}},
		"cv":              {[]string{"-trainer", "sparse", "-folds", "2", "-bootstrap", "10", "-curve", "none"}, []string{"IN"}},
		"agree":           {nil, []string{"IN", "IN"}},
		"explain":         {[]string{"-limit", "3"}, []string{"IN"}},
		"summarize":       {nil, []string{"IN"}},
		"tune":            {[]string{"-trainer", "sparse", "-folds", "2", "-fits", "4", "-budget", "1s"}, []string{"IN"}},
		"rules check":     {[]string{"-rules", "RULES"}, []string{"IN"}},
		"annotate":        {[]string{"-data", "IN", "-store", "DIR/store", "-addr", "127.0.0.1:0", "-model", "none", "-labels", "stance=pro,anti,neutral"}, nil},
		"annotate repair": {[]string{"-data", "IN", "-store", "DIR/store"}, nil},
		"annotate export": {[]string{"-data", "IN", "-store", "DIR/store", "-labels", "stance=pro,anti,neutral", "-o", "DIR/out.csv"}, nil},
	}
}

// testFlagValues runs the built binary with every hostile value of every
// numeric flag of every command, on a file of 30 annotated rows, and
// checks that each run is refused as a usage error naming the flag, or
// else ends by itself within a bounded time, without a crash and under
// 500 MB. The binary runs under a 4 GB address-space limit, so that a
// value asking for tens of GB fails fast instead of swapping the machine.
// annotate, a server, is sent SIGTERM once it listens.
func testFlagValues(t *testing.T, bin string) {
	dir := t.TempDir()
	var rows strings.Builder
	rows.WriteString("id,text,stance,sentiment\n")
	words := []string{"defect", "assad", "officers", "bribe", "peace", "war", "money", "regime", "army", "hope"}
	stances := []string{"pro", "anti", "neutral"}
	for i := range 30 {
		fmt.Fprintf(&rows, "r%02d,%s %s %s,%s,%s\n", i, words[i%10], words[(i*3+1)%10], words[(i*7+2)%10],
			stances[i%3], []string{"positive", "negative"}[i/3%2])
	}
	in := filepath.Join(dir, "in.csv")
	rules := filepath.Join(dir, "test.rules")
	for p, b := range map[string]string{in: rows.String(), rules: "money: bribe | money\n"} {
		if err := os.WriteFile(p, []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for path, c := range commandPaths() {
		var flags []*flag.Flag
		c.Flag.VisitAll(func(f *flag.Flag) {
			if numericKind(f) != "" {
				flags = append(flags, f)
			}
		})
		if len(flags) == 0 {
			continue
		}
		base, ok := flagRunArgs()[path]
		if !ok {
			t.Errorf("stance %s has numeric flags but no quick command line in flagRunArgs", path)
			continue
		}
		for _, f := range flags {
			for _, v := range hostileValues()[numericKind(f)] {
				t.Run(path+" -"+f.Name+"="+v, func(t *testing.T) {
					t.Parallel()
					runDir := t.TempDir()
					subst := func(a string) string {
						a = strings.ReplaceAll(a, "DIR", runDir)
						if a == "IN" {
							return in
						}
						if a == "RULES" {
							return rules
						}
						return a
					}
					args := strings.Fields(path)
					for _, a := range base.flags {
						args = append(args, subst(a))
					}
					args = append(args, "-"+f.Name+"="+v)
					for _, a := range base.files {
						args = append(args, subst(a))
					}
					runBounded(t, bin, args, "-"+f.Name)
				})
			}
		}
	}
}

// runBounded runs bin with args and fails t unless the run ends as
// testFlagValues wants. flagName is the flag under test, which a usage
// error must name.
func runBounded(t *testing.T, bin string, args []string, flagName string) {
	t.Helper()
	line := "stance " + strings.Join(args, " ")
	// 4 GB of address space is twice what a normal run reserves.
	cmd := exec.Command("sh", append([]string{"-c", `ulimit -v 4000000 && exec "$0" "$@"`, bin}, args...)...)
	var stderr syncBuffer
	cmd.Stderr, cmd.Stdout = &stderr, io.Discard
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	deadline := time.After(60 * time.Second)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	termed := false
wait:
	for {
		select {
		case err = <-done:
			break wait
		case <-tick.C:
			// A server that listens has started well: stop it.
			if !termed && args[0] == "annotate" && strings.Contains(stderr.String(), "http://") {
				cmd.Process.Signal(syscall.SIGTERM)
				termed = true
			}
		case <-deadline:
			cmd.Process.Kill()
			<-done
			t.Fatalf("%s still running after 60 s", line)
		}
	}
	msg := stderr.String()
	if strings.Contains(msg, "panic:") || strings.Contains(msg, "fatal error:") || strings.Contains(msg, "goroutine ") {
		t.Fatalf("%s crashed:\n%.2000s", line, msg)
	}
	code := cmd.ProcessState.ExitCode()
	if code < 0 {
		t.Fatalf("%s was killed: %v\n%s", line, err, msg)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > 500<<10 {
		t.Errorf("%s: peak memory %d MB, over 500 MB", line, ru.Maxrss>>10)
	}
	if code == 2 && !strings.Contains(msg, flagName+" ") && !strings.Contains(msg, "flag "+flagName+":") {
		t.Errorf("%s: exit 2 without naming %s:\n%s", line, flagName, msg)
	}
}

// syncBuffer is a bytes.Buffer that the process's output copier and the
// test may use at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

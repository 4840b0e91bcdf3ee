package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"github.com/stance-nlp/stance/internal/cgocheck"
)

// env is what a command may touch: its streams. Keeping them out of
// globals lets tests run commands in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// temps holds the temporary files of outputs being written, so that an
	// interrupted run can remove them.
	temps *tempFiles
	// catchSignals makes run remove temps and exit on SIGINT or SIGTERM.
	// Only main sets it: in-process tests must not take the test binary's
	// signals.
	catchSignals bool
}

// command is one subcommand, after cmd/go's base.Command.
type command struct {
	Name      string
	UsageLine string // after "stance "
	Short     string
	Long      string
	// Golearn marks commands that train with golearn and so need the
	// process started with GODEBUG=cgocheck=0.
	Golearn bool
	// OwnSignals marks commands that handle SIGINT and SIGTERM themselves
	// (a server that shuts down cleanly).
	OwnSignals bool
	Flags      func(fs *flag.FlagSet) func(e *env, args []string) error
}

func commands() []*command {
	return []*command{cmdIngest(), cmdTrain(), cmdLabel(), cmdEval(), cmdCV(), cmdAgree(), cmdExplain(), cmdSummarize(), cmdAnnotate(), cmdDemo()}
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

const intro = `stance labels reader comments by stance and sentiment.

Usage:

	stance <command> [flags] [arguments]

Commands:
`

func printUsage(w io.Writer) {
	fmt.Fprint(w, intro)
	for _, c := range commands() {
		fmt.Fprintf(w, "\t%-8s %s\n", c.Name, c.Short)
	}
	fmt.Fprint(w, "\nUse \"stance help <command>\" or \"stance <command> -h\" for more about a command.\n")
}

// run executes one stance command line and returns the exit status:
// 0 success, 1 failure, 2 usage error.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return newEnv(stdin, stdout, stderr).run(args)
}

func newEnv(stdin io.Reader, stdout, stderr io.Writer) *env {
	return &env{stdin: stdin, stdout: stdout, stderr: stderr, temps: newTempFiles()}
}

// run is run with e's streams and settings.
func (e *env) run(args []string) int {
	stdout, stderr := e.stdout, e.stderr
	if len(args) == 0 {
		printUsage(stderr)
		return 2
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "-help" || name == "--help" {
		if len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				fs := newFlagSet(c, stdout)
				c.Flags(fs)
				fs.Usage()
				return 0
			}
			fmt.Fprintf(stderr, "stance help %s: unknown command\n", args[1])
			return 2
		}
		printUsage(stdout)
		return 0
	}
	c := lookup(name)
	if c == nil {
		fmt.Fprintf(stderr, "stance: unknown command %q\n", name)
		printUsage(stderr)
		return 2
	}
	if c.Golearn && !cgocheck.Off() {
		// Replaces this process; returns only if that failed, and then
		// training says what is missing.
		cgocheck.Ensure()
	}
	if e.catchSignals && !c.OwnSignals {
		stop := e.onSignal(c)
		defer stop()
	}
	fs := newFlagSet(c, stderr)
	do := c.Flags(fs)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	err := do(e, fs.Args())
	var u usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &u):
		fmt.Fprintf(stderr, "stance %s: %v\nusage: stance %s\n", c.Name, err, c.UsageLine)
		return 2
	default:
		fmt.Fprintf(stderr, "stance %s: %v\n", c.Name, err)
		return 1
	}
}

// onSignal arranges that SIGINT or SIGTERM removes the temporary files of
// unfinished outputs and exits with 128 + the signal number, as a shell
// reports a process killed by it. Outputs already committed stay; none is
// left half-written. It returns a func that undoes the arrangement.
func (e *env) onSignal(c *command) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			e.temps.removeAll()
			fmt.Fprintf(e.stderr, "\nstance %s: %v: stopped; unfinished output files removed\n", c.Name, s)
			code := 130
			if s == syscall.SIGTERM {
				code = 143
			}
			os.Exit(code)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}

// tempFiles is the set of temporary files of outputs being written. It is
// safe for concurrent use: the signal goroutine reads it.
type tempFiles struct {
	mu    sync.Mutex
	names map[string]bool
}

func newTempFiles() *tempFiles { return &tempFiles{names: map[string]bool{}} }

func (t *tempFiles) add(name string) {
	t.mu.Lock()
	t.names[name] = true
	t.mu.Unlock()
}

func (t *tempFiles) remove(name string) {
	t.mu.Lock()
	delete(t.names, name)
	t.mu.Unlock()
}

// removeAll deletes every file in the set. A file being renamed into place
// at the same moment is either renamed (the output is complete) or removed
// first (the rename fails and the target stays as it was).
func (t *tempFiles) removeAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for name := range t.names {
		os.Remove(name)
	}
}

func lookup(name string) *command {
	for _, c := range commands() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func newFlagSet(c *command, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("stance "+c.Name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "usage: stance %s\n\n%s\n", c.UsageLine, strings.TrimSpace(c.Long))
		fmt.Fprintf(out, "\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs
}

// isTerminal reports whether w is a character device, where progress
// lines are welcome; pipes and files get none.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

package main

import (
	"context"
	_ "embed"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/internal/cgocheck"
	"github.com/stance-nlp/stance/internal/term"
	"github.com/stance-nlp/stance/label"
)

// env is what a command may touch besides its output streams. Keeping it
// out of globals lets tests run commands in-process.
type env struct {
	stdin io.Reader
	// outputs creates the output files and holds the temporary files of
	// those being written, so that an interrupted run can remove them.
	outputs *data.Outputs
	// catchSignals makes run remove those and exit on SIGINT or SIGTERM.
	// Only main sets it: in-process tests must not take the test binary's
	// signals.
	catchSignals bool
	// stdinTerminal says stdin is a terminal, where reading it waits for
	// someone to type: run says so when a command starts to read it.
	stdinTerminal bool
}

func newEnv(stdin io.Reader) *env {
	return &env{stdin: stdin, outputs: data.NewOutputs(), stdinTerminal: term.IsTerminalReader(stdin)}
}

// command is one subcommand, after cmd/go's base.Command: its flags are
// declared once on Flag, and Run does the work.
type command struct {
	Name string
	// Path is the command as typed after "stance": "label", "annotate export".
	Path      string
	UsageLine string // after "stance "
	Short     string
	Long      string
	// Golearn marks commands that train with golearn and so need the
	// process started with GODEBUG=cgocheck=0.
	Golearn bool
	// OwnSignals marks commands that handle SIGINT and SIGTERM themselves
	// (a server that shuts down cleanly): their ctx is cancelled by them.
	OwnSignals bool
	Flag       *flag.FlagSet
	Run        func(ctx context.Context, args []string, stdout, stderr io.Writer) error
	// Commands are subcommands, named by the first argument ("annotate
	// export"); Run serves when the first argument names none.
	Commands []*command
}

// help is every command's help text (help.md): a section a command.
//
//go:embed help.md
var help string

// newCommand returns the command of path ("label", "annotate export") with
// its help from help.md and its FlagSet made, for the caller to declare
// its flags on. A command without a section in help.md is a programming
// error.
func newCommand(path string) *command {
	i := strings.Index(help, "\n## "+path+"\n")
	if i < 0 {
		panic("stance: no help for " + path + " in help.md")
	}
	sec := help[i+len("\n## "+path+"\n"):]
	if j := strings.Index(sec, "\n## "); j >= 0 {
		sec = sec[:j]
	}
	parts := strings.SplitN(strings.TrimSpace(sec), "\n\n", 3)
	if len(parts) != 3 || !strings.HasPrefix(parts[0], "usage: stance ") {
		panic("stance: the help of " + path + " in help.md is not usage, summary, description")
	}
	c := &command{Name: path[strings.LastIndex(path, " ")+1:], Path: path, UsageLine: strings.TrimPrefix(parts[0], "usage: stance "),
		Short: parts[1], Long: parts[2]}
	c.Flag = flag.NewFlagSet("stance "+path, flag.ContinueOnError)
	c.Flag.Usage = func() {
		out := c.Flag.Output()
		fmt.Fprintf(out, "usage: stance %s\n\n%s\n", c.UsageLine, c.Long)
		fmt.Fprintf(out, "\nFlags:\n")
		c.Flag.PrintDefaults()
	}
	return c
}

func (e *env) commands() []*command {
	return []*command{newIngest(e), newTrain(e), newLabel(e), newEval(e), newCV(e), newAgree(e),
		newExplain(e), newSummarize(e), newTune(e), newRules(e), newAnnotate(e), newDemo(e)}
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// commandError is the failure of one command, said with its name.
type commandError struct {
	cmd *command
	err error
}

func (c *commandError) Error() string { return "stance " + c.cmd.Path + ": " + c.err.Error() }
func (c *commandError) Unwrap() error { return c.err }

// errReported is an error already told to the user (by the flag package,
// or a usage listing): the exit status is all that is left to give.
type errReported struct{ status int }

func (e errReported) Error() string { return fmt.Sprintf("exit status %d", e.status) }

// exitStatus says err on w and returns the process exit status: 0 for
// success, 2 for a mistake in the command line, 1 for any other failure.
// It is the one place where errors become exit codes.
func exitStatus(w io.Writer, err error) int {
	var rep errReported
	var u usageError
	var c *commandError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &rep):
		return rep.status
	case errors.As(err, &u):
		if errors.As(err, &c) {
			fmt.Fprintf(w, "%v\nusage: stance %s\n%s\n", err, c.cmd.UsageLine, helpHint(c.cmd.Path))
		} else {
			fmt.Fprintln(w, err)
		}
		return 2
	}
	fmt.Fprintln(w, err.Error()+flagHint(err))
	return 1
}

const intro = `stance labels reader comments by stance and sentiment.

Usage:

	stance <command> [flags] [arguments]

Flags may come before or after the files; "--" ends them. A true/false
flag takes its value after "=": -nb=false.

Commands:
`

func printUsage(w io.Writer, cmds []*command) {
	fmt.Fprint(w, intro)
	for _, c := range cmds {
		fmt.Fprintf(w, "\t%-10s %s\n", c.Name, c.Short)
	}
	fmt.Fprint(w, "\nUse \"stance help <command>\" or \"stance <command> -h\" for more about a command,\n\"stance version\" for the version.\n")
}

// run executes one stance command line.
func (e *env) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmds := e.commands()
	if len(args) == 0 {
		printUsage(stderr, cmds)
		return errReported{2}
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) == 1 {
			printUsage(stdout, cmds)
			return nil
		}
		c := lookup(cmds, args[1:])
		if c == nil {
			// Commands nest one level: the slip is in the subcommand
			// when the command is known.
			if len(args) > 2 && lookup(cmds, args[1:2]) != nil {
				return unknownCommand(stderr, "stance help "+args[1], args[2], cmds, args[1:2])
			}
			return unknownCommand(stderr, "stance help", args[1], cmds, nil)
		}
		c.Flag.SetOutput(stdout)
		c.Flag.Usage()
		return nil
	case "version", "-version", "--version":
		if len(args) > 1 {
			return usagef("stance %s takes no arguments", args[0])
		}
		return writeVersion(stdout)
	}
	c := lookup(cmds, args[:1])
	if c == nil {
		return unknownCommand(stderr, "stance", args[0], cmds, nil)
	}
	args = args[1:]
	// A subcommand is named by the first argument, before any flag.
	if len(args) > 0 && len(c.Commands) > 0 {
		if sub := lookup(c.Commands, args[:1]); sub != nil {
			c, args = sub, args[1:]
		} else if a := args[0]; a != "" && a[0] != '-' && len(nearest(a, names(c.Commands))) > 0 {
			return unknownCommand(stderr, "stance "+c.Path, a, cmds, []string{c.Name})
		}
	}
	if c.Golearn && !cgocheck.Off() {
		// Replaces this process; returns only if that failed, and then
		// training says what is missing.
		cgocheck.Ensure()
	}
	if c.OwnSignals {
		var stop context.CancelFunc
		ctx, stop = signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		defer stop()
	} else if e.catchSignals {
		defer e.onSignal(c, stderr)()
	}
	// The flag package's own messages would print the whole help, which
	// scrolls the one line that matters away: parseFlags's error is said
	// instead, short, with where the help is.
	c.Flag.SetOutput(io.Discard)
	pos, err := parseFlags(c.Flag, args)
	if errors.Is(err, flag.ErrHelp) {
		c.Flag.SetOutput(stdout)
		c.Flag.Usage()
		return nil
	}
	if err != nil {
		return &commandError{c, err}
	}
	if err := checkRanges(c.Flag); err != nil {
		return &commandError{c, err}
	}
	c.Flag.SetOutput(stderr)
	if e.stdinTerminal {
		e.stdin = &announcedReader{r: e.stdin, w: stderr}
	}
	if err := c.Run(ctx, pos, stdout, stderr); err != nil {
		return &commandError{c, err}
	}
	return nil
}

// unknownCommand says on stderr that name is not a command, under parent
// (the path of commands named before it, nil at the top), with the
// commands it is near, in two lines, and returns the usage status. said is
// how the command line began ("stance", "stance help").
func unknownCommand(stderr io.Writer, said, name string, cmds []*command, parent []string) error {
	path := ""
	if len(parent) > 0 {
		cmds = lookup(cmds, parent).Commands
		path = strings.Join(parent, " ")
	}
	candidates := names(cmds)
	if path == "" {
		candidates = append(candidates, "help", "version")
	}
	msg := fmt.Sprintf("%s: unknown command %q", said, name)
	if path != "" {
		msg = fmt.Sprintf("%s: unknown subcommand %q", said, name)
	}
	if near := nearest(name, candidates); len(near) > 0 {
		msg += "; did you mean " + orList(quoteAll(near)) + "?"
	}
	hint := helpHint("")
	if path != "" {
		hint = fmt.Sprintf("run \"stance help %s\" for its subcommands", path)
	}
	fmt.Fprintf(stderr, "%s\n%s\n", msg, hint)
	return errReported{2}
}

func names(cmds []*command) []string {
	var s []string
	for _, c := range cmds {
		s = append(s, c.Name)
	}
	return s
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = strconv.Quote(x)
	}
	return out
}

// lookup returns the command that path names ("annotate", "export"), or nil.
func lookup(cmds []*command, path []string) *command {
	for _, c := range cmds {
		if c.Name != path[0] {
			continue
		}
		if len(path) == 1 {
			return c
		}
		return lookup(c.Commands, path[1:])
	}
	return nil
}

// onSignal arranges that SIGINT or SIGTERM removes the temporary files of
// unfinished outputs and exits with 128 + the signal number, as a shell
// reports a process killed by it. Outputs already committed stay; none is
// left half-written. It returns a func that undoes the arrangement.
func (e *env) onSignal(c *command, stderr io.Writer) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			e.outputs.RemoveAll()
			fmt.Fprintf(stderr, "\nstance %s: %v: stopped; unfinished output files removed\n", c.Name, s)
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

// flagHint returns what to add to the message of err, a failure the
// library reports by type, to name the flag that gets past it: for a
// missing column with a near miss in the file, the flag that selects it
// and the column's name, quoted for the shell.
func flagHint(err error) string {
	var ce *data.ColumnError
	var clash *label.ClashError
	switch {
	case errors.As(err, &ce):
		if name, ok := columnFlagOf[ce.Kind]; ok && ce.Near != "" {
			return fmt.Sprintf(" (-%s %s)", name, shellQuote(ce.Near))
		}
	case errors.Is(err, data.ErrRecordTooLong):
		return "; -max-record-bytes raises the limit"
	case errors.Is(err, csv.ErrFieldCount):
		return " (label and ingest can pass it through with -lenient)"
	case errors.Is(err, label.ErrTextTooLong):
		return "; -max-text-bytes N labels such rows from their first N bytes"
	case errors.As(err, &clash):
		if clash.Free != "" {
			return "; name the added columns apart with -prefix (-prefix " + clash.Free + " is free)"
		}
		return "; name the added columns apart with -prefix"
	}
	return ""
}

// shellQuote returns s as a shell word: bare when it is made of letters,
// digits and "-_.", else in single quotes.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBinary runs the built stance command as a user would, for what an
// in-process run cannot show: signals, writes to a full disk, and panics
// (which would take a test binary down rather than fail one test).
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "stance")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Run("signals", func(t *testing.T) { testSignals(t, bin) })
	t.Run("full disk", func(t *testing.T) { testFullDisk(t, bin) })
	t.Run("no panics", func(t *testing.T) { testNoPanics(t, bin) })
	t.Run("flag values", func(t *testing.T) { testFlagValues(t, bin) })
}

// testSignals interrupts commands while their output is being written and
// checks that nothing is left behind: no output file, no temporary file,
// and the exit status a shell gives a process killed by the signal. Input
// comes through a pipe held open by the test, so the signal always lands
// mid-run.
func testSignals(t *testing.T, bin string) {
	for _, tc := range []struct {
		name string
		args []string
		sig  syscall.Signal
		code int
	}{
		{"label SIGINT", []string{"label", "-prefix", "p_", "-o", "OUT", "-"}, syscall.SIGINT, 130},
		{"label SIGTERM", []string{"label", "-prefix", "p_", "-o", "OUT", "-"}, syscall.SIGTERM, 143},
		{"train SIGINT", []string{"train", "-labels", "stance", "-o", "OUT", "-"}, syscall.SIGINT, 130},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out.file")
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.Replace(a, "OUT", out, 1)
			}
			cmd := exec.Command(bin, args...)
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(stdin, "id,text,stance")
			for i := range 2000 {
				fmt.Fprintf(stdin, "r%d,Pay the officers to defect number %d.,pro-defection\n", i, i)
			}
			// label creates its temporary output before reading; train reads
			// everything first. Either way the run is under way once the
			// rows are taken or the temporary file is there.
			if tc.args[0] == "label" {
				deadline := time.Now().Add(10 * time.Second)
				for {
					if tmp, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(tmp) > 0 {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("no temporary output file appeared; stderr: %s", stderr.String())
					}
					time.Sleep(5 * time.Millisecond)
				}
			}
			time.Sleep(50 * time.Millisecond)
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			err = cmd.Wait()
			stdin.Close()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tc.code {
				t.Fatalf("exit %v, want status %d; stderr: %s", err, tc.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), "stopped") {
				t.Errorf("stderr %q does not say it stopped", stderr.String())
			}
			left, _ := os.ReadDir(dir)
			for _, f := range left {
				t.Errorf("left behind: %s", f.Name())
			}
		})
	}
}

// testFullDisk writes every command's output to /dev/full: each must exit
// non-zero and say why, never report success.
func testFullDisk(t *testing.T, bin string) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full here: %v", err)
	}
	defer full.Close()
	seed := "../../data/syria-comments.csv"
	for _, tc := range []struct {
		name string
		args []string
		out  bool // output goes to /dev/full through -o rather than stdout
	}{
		{"label to stdout", []string{"label", "-prefix", "p_", seed}, false},
		{"label -o /dev/full", []string{"label", "-prefix", "p_", "-o", "/dev/full", seed}, true},
		{"ingest to stdout", []string{"ingest", seed}, false},
		{"eval to stdout", []string{"eval", seed}, false},
		{"eval -json", []string{"eval", "-json", seed}, false},
		{"summarize to stdout", []string{"summarize", seed}, false},
		{"explain to stdout", []string{"explain", "-limit", "3", seed}, false},
		{"demo -o /dev/full", []string{"demo", "-o", "/dev/full"}, true},
		{"train -o /dev/full", []string{"train", "-folds", "0", "-o", "/dev/full", seed}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, tc.args...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if tc.out {
				cmd.Stdout = io.Discard
			} else {
				cmd.Stdout = full
			}
			err := cmd.Run()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() == 0 {
				t.Fatalf("exit %v, want a failure; stderr: %s", err, stderr.String())
			}
			if !strings.Contains(stderr.String(), "no space left on device") {
				t.Errorf("stderr %q does not say the disk is full", stderr.String())
			}
		})
	}
}

// testNoPanics feeds every command hostile input: each run must end with
// an exit status and a message of stance's own, never a Go panic trace.
func testNoPanics(t *testing.T, bin string) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(i*7919 + i/13) // deterministic bytes of every value
	}
	hostile := map[string]string{
		"empty.csv":        write("empty.csv", nil),
		"bom-only.csv":     write("bom-only.csv", []byte("\ufeff")),
		"header-only.csv":  write("header-only.csv", []byte("id,text,stance,sentiment\n")),
		"garbage.csv":      write("garbage.csv", garbage),
		"garbage.jsonl":    write("garbage.jsonl", garbage),
		"garbage.txt":      write("garbage.txt", garbage),
		"nul.csv":          write("nul.csv", []byte("id,text\n1,a\x00b\n")),
		"open-quote.csv":   write("open-quote.csv", []byte("id,text,stance,sentiment\n1,\"never closed,pro-assad,negative\n")),
		"bare-quote.csv":   write("bare-quote.csv", []byte("id,text\n1,a \"quote\" here\n")),
		"dup-header.csv":   write("dup-header.csv", []byte("text,text\na,b\n")),
		"one-row.csv":      write("one-row.csv", []byte("id,text,stance,sentiment\n1,Assad must go,anti-assad,negative\n")),
		"one-label.csv":    write("one-label.csv", []byte("id,text,stance,sentiment\n1,a,x,y\n2,b,x,y\n3,c,x,y\n")),
		"no-labels.csv":    write("no-labels.csv", []byte("id,text\n1,a\n")),
		"deep.jsonl":       write("deep.jsonl", []byte(strings.Repeat("[", 100000)+"\n")),
		"array.jsonl":      write("array.jsonl", []byte("[1,2,3]\n\"text\"\nnull\n")),
		"types.jsonl":      write("types.jsonl", []byte(`{"id":1,"text":{"a":1},"stance":true}`+"\n")),
		"long-line.txt":    write("long-line.txt", bytes.Repeat([]byte("word "), 300000)),
		"huge-field.csv":   write("huge-field.csv", []byte("id,text\n1,"+strings.Repeat("x", 2<<20)+"\n")),
		"bad.model":        write("bad.model", []byte("stance-model\nformat 2\nlength 5\nsha256 00\n\n{}")),
		"truncated.model":  write("truncated.model", []byte("stance-model\nformat 2\nlength 999999\n")),
		"a directory":      dir,
		"missing-file.csv": filepath.Join(dir, "does-not-exist.csv"),
	}
	commands := [][]string{
		{"ingest", "IN"},
		{"train", "-folds", "2", "-o", filepath.Join(dir, "out.model"), "IN"},
		{"label", "-o", filepath.Join(dir, "out.csv"), "IN"},
		{"label", "-model", "IN", "../../data/syria-comments.csv"},
		{"eval", "IN"},
		{"eval", "-model", "IN", "../../data/syria-comments.csv"},
		{"cv", "-folds", "2", "-bootstrap", "10", "-curve", "none", "IN"},
		{"agree", "IN", "IN"},
		{"explain", "-limit", "2", "IN"},
		{"summarize", "IN"},
		{"annotate", "export", "-data", "IN", "-store", filepath.Join(dir, "store")},
		{"demo", "-model", "IN", "-o", filepath.Join(dir, "demo.csv")},
	}
	for _, c := range commands {
		for name, path := range hostile {
			args := make([]string, len(c))
			for i, a := range c {
				args[i] = strings.Replace(a, "IN", path, 1)
			}
			t.Run(c[0]+"/"+name, func(t *testing.T) {
				t.Parallel()
				cmd := exec.Command(bin, args...)
				var stderr bytes.Buffer
				cmd.Stderr, cmd.Stdout = &stderr, io.Discard
				cmd.WaitDelay = time.Second
				done := make(chan error, 1)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				go func() { done <- cmd.Wait() }()
				var err error
				select {
				case err = <-done:
				case <-time.After(60 * time.Second):
					cmd.Process.Kill()
					t.Fatalf("stance %s did not finish in 60 s", strings.Join(args, " "))
				}
				msg := stderr.String()
				if strings.Contains(msg, "panic:") || strings.Contains(msg, "goroutine ") || strings.Contains(msg, "SIGSEGV") {
					t.Fatalf("stance %s panicked:\n%s", strings.Join(args, " "), msg)
				}
				var ee *exec.ExitError
				if errors.As(err, &ee) {
					if ee.ExitCode() < 0 {
						t.Fatalf("stance %s was killed: %v\n%s", strings.Join(args, " "), err, msg)
					}
					if !strings.HasPrefix(msg, "stance") && !strings.Contains(msg, "\nstance") {
						t.Errorf("stance %s exited %d without a message of its own:\n%s", strings.Join(args, " "), ee.ExitCode(), msg)
					}
					if name == "a directory" && !strings.Contains(msg, "read "+path+": is a directory") {
						t.Errorf("stance %s: message does not say the input is a directory:\n%s", strings.Join(args, " "), msg)
					}
				} else if err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

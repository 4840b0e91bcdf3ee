package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestHelpSections checks that help.md has exactly one section for every
// command and subcommand (newCommand panics on a missing one), and that
// each command's help prints its usage line and description.
func TestHelpSections(t *testing.T) {
	var paths []string
	for _, c := range newEnv(nil).commands() {
		paths = append(paths, c.Name)
		for _, sub := range c.Commands {
			paths = append(paths, c.Name+" "+sub.Name)
		}
	}
	var sections []string
	for _, m := range regexp.MustCompile(`(?m)^## (.+)$`).FindAllStringSubmatch(help, -1) {
		sections = append(sections, m[1])
	}
	slices.Sort(paths)
	slices.Sort(sections)
	if !slices.Equal(paths, sections) {
		t.Errorf("help.md sections %q, commands %q", sections, paths)
	}
	for _, p := range paths {
		code, stdout, _ := stance(t, "", append([]string{"help"}, strings.Fields(p)...)...)
		if code != 0 || !strings.HasPrefix(stdout, "usage: stance "+p) || !strings.Contains(stdout, "\nFlags:\n") {
			t.Errorf("stance help %s: exit %d, output %.120q", p, code, stdout)
		}
		// -h prints the same help, on standard output too, with exit 0
		// (subcommands such as "annotate export" included).
		hcode, hout, herr := stance(t, "", append(strings.Fields(p), "-h")...)
		if hcode != 0 || hout != stdout || herr != "" {
			t.Errorf("stance %s -h: exit %d, stdout %.120q, stderr %.120q; want 0 and the help on stdout only", p, hcode, hout, herr)
		}
	}
}

package benchdata

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/stance-nlp/stance/data"
)

// Set is one labelled split: Texts[i] has label Labels[i].
type Set struct {
	Texts, Labels []string
}

// Dir returns the directory of benchmark name ("sst2", "pstance"): the
// first of ../shared/benchmarks/<name> beside the module root, found by
// walking up from the working directory to the directory holding go.mod.
// It wraps fs.ErrNotExist when the benchmark is not there.
func Dir(name string) (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			dir := filepath.Join(d, "..", "shared", "benchmarks", name)
			if _, err := os.Stat(dir); err != nil {
				return "", fmt.Errorf("benchmark %s: %w", name, err)
			}
			return dir, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("benchmark %s: no go.mod above %s: %w", name, wd, os.ErrNotExist)
		}
	}
}

// SST2 reads split ("train", "dev" or "test") of SST-2 from dir: the file
// stsa.binary.<split>, one "<0|1> sentence" per line.
func SST2(dir, split string) (Set, error) {
	path := filepath.Join(dir, "stsa.binary."+split)
	f, err := os.Open(path)
	if err != nil {
		return Set{}, fmt.Errorf("SST-2: %w", err)
	}
	defer f.Close()
	var s Set
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		label, text, _ := strings.Cut(sc.Text(), " ")
		if label != "0" && label != "1" {
			return Set{}, fmt.Errorf("%s:%d: label %q, want 0 or 1", path, line, label)
		}
		s.Texts = append(s.Texts, text)
		s.Labels = append(s.Labels, label)
	}
	if err := sc.Err(); err != nil {
		return Set{}, fmt.Errorf("%s: %w", path, err)
	}
	if len(s.Texts) == 0 {
		return Set{}, fmt.Errorf("%s: no sentences", path)
	}
	return s, nil
}

// PStanceTargets returns P-Stance's three targets, in the order its
// SOURCE.md lists them; a fresh slice on every call.
func PStanceTargets() []string { return []string{"Donald Trump", "Joe Biden", "Bernie Sanders"} }

// PStance reads split ("train", "val" or "test") of P-Stance from dir, the
// CSV raw_<split>_all.csv with columns Tweet, Target, Stance, and returns
// one Set per target of PStanceTargets, in that order.
func PStance(dir, split string) ([]Set, error) {
	path := filepath.Join(dir, "raw_"+split+"_all.csv")
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("P-Stance: %w", err)
	}
	defer f.Close()
	r, err := data.NewCSVReader(bufio.NewReader(f), path)
	if err != nil {
		return nil, err
	}
	cr, err := data.NewColumnReader(r, path, data.Columns{Text: "Tweet", Labels: []string{"Target", "Stance"}}, data.RequireText)
	if err != nil {
		return nil, err
	}
	targets := PStanceTargets()
	sets := make([]Set, len(targets))
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		t := -1
		for k, name := range targets {
			if row.Labels[0] == name {
				t = k
			}
		}
		if t < 0 {
			return nil, fmt.Errorf("%s:%d: target %q is not one of P-Stance's", path, row.Line, row.Labels[0])
		}
		sets[t].Texts = append(sets[t].Texts, row.Text)
		sets[t].Labels = append(sets[t].Labels, row.Labels[1])
	}
	return sets, nil
}

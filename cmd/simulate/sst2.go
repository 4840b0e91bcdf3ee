package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// readSST2 reads one split of SST-2 ("train", "dev" or "test") from dir,
// the file stsa.binary.<split> with one "<0|1> sentence" per line. A
// missing directory gives an error that wraps fs.ErrNotExist.
func readSST2(dir, split string) (dataset, error) {
	path := filepath.Join(dir, "stsa.binary."+split)
	f, err := os.Open(path)
	if err != nil {
		return dataset{}, fmt.Errorf("SST-2 benchmark (run from the repository root, or give -sst2 DIR): %w", err)
	}
	defer f.Close()
	var d dataset
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		label, text, _ := strings.Cut(sc.Text(), " ")
		if label != "0" && label != "1" {
			return dataset{}, fmt.Errorf("%s:%d: label %q, want 0 or 1", path, line, label)
		}
		d.texts = append(d.texts, text)
		d.labels = append(d.labels, label)
	}
	if err := sc.Err(); err != nil {
		return dataset{}, fmt.Errorf("%s: %w", path, err)
	}
	if len(d.texts) == 0 {
		return dataset{}, fmt.Errorf("%s: no sentences", path)
	}
	return d, nil
}

package benchdata

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestSST2(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "stsa.binary.test"), []byte("1 good film\n\n0 bad film\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "stsa.binary.dev"), []byte("1 good\n2 odd\n"), 0o644)
	s, err := SST2(dir, "test")
	if err != nil || len(s.Texts) != 2 || s.Labels[1] != "0" || s.Texts[0] != "good film" {
		t.Errorf("got %+v, %v", s, err)
	}
	if _, err := SST2(dir, "dev"); err == nil {
		t.Error("a label 2: no error")
	}
	if _, err := SST2(dir, "train"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing split: %v, want fs.ErrNotExist", err)
	}
}

func TestPStance(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "raw_test_all.csv"), []byte("Tweet,Target,Stance\n\"a, b\",Joe Biden,FAVOR\nc,Donald Trump,AGAINST\nd,Joe Biden,AGAINST\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "raw_val_all.csv"), []byte("Tweet,Target,Stance\nx,Nobody,FAVOR\n"), 0o644)
	sets, err := PStance(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 3 || len(sets[0].Texts) != 1 || len(sets[1].Texts) != 2 || len(sets[2].Texts) != 0 || sets[1].Texts[0] != "a, b" || sets[1].Labels[1] != "AGAINST" {
		t.Errorf("got %+v", sets)
	}
	if _, err := PStance(dir, "val"); err == nil {
		t.Error("an unknown target: no error")
	}
}

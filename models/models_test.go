package models

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	notModel := filepath.Join(dir, "bad.model")
	os.WriteFile(notModel, []byte("id,text\n"), 0o644)
	tests := []struct {
		name, path, wantErr string
	}{
		{"shipped", "", ""},
		{"missing", filepath.Join(dir, "none.model"), "no such file"},
		{"directory", dir, "read " + dir + ": is a directory"},
		{"not a model", notModel, notModel + ": not a stance model file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Load(tt.path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, want an error with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := b.InputColumns().Labels; strings.Join(got, ",") != "stance,sentiment" {
				t.Errorf("shipped model's label columns %v, want stance and sentiment", got)
			}
		})
	}
}

package seeds

import (
	"os"
	"testing"
)

// TestFiles checks the embedded copies against the files on disk, so the
// embedded set cannot drift from seeds/.
func TestFiles(t *testing.T) {
	fs := Files()
	if len(fs) != 5 {
		t.Fatalf("got %d seed files, want 5", len(fs))
	}
	for _, f := range fs {
		disk, err := os.ReadFile(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if string(disk) != string(f.Data) {
			t.Errorf("%s: embedded copy differs from the file", f.Name)
		}
	}
}

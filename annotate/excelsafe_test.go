package annotate

import (
	"strings"
	"testing"

	"github.com/stance-nlp/stance/data"
)

// TestExportFormulaCells checks that Export's cells go through a
// data.FormulaGuard given as its writer: a comment that a spreadsheet
// would run as a formula is counted, and with Neutralize written with a
// quote in front (issue 13, item 11).
func TestExportFormulaCells(t *testing.T) {
	const evil = `=HYPERLINK("http://evil.example","x")`
	tests := []struct {
		neutralize bool
		text       string
	}{
		{false, evil},
		{true, "'" + evil},
	}
	for _, tt := range tests {
		cfg := testConfig(t)
		cfg.Items[0].Text = evil
		_, c := start(t, cfg)
		c.run([]action{{"label", "ann", cfg.Items[0].ID, "neutral", "negative"}})
		var sb strings.Builder
		g := &data.FormulaGuard{W: &sb, Neutralize: tt.neutralize}
		if _, err := Export(cfg.StoreDir, cfg.Items, cfg.Columns, "", g); err != nil {
			t.Fatal(err)
		}
		rows := readCSV(t, sb.String())
		if len(rows) != 2 || rows[1][1] != tt.text {
			t.Errorf("neutralize %v: rows %q, want the text %q", tt.neutralize, rows, tt.text)
		}
		if g.Cells != 1 {
			t.Errorf("neutralize %v: %d formula cells counted, want 1", tt.neutralize, g.Cells)
		}
	}
}

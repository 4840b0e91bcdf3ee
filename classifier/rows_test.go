package classifier

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestRowsJSON checks that weight rows survive a model file bit for bit,
// and that malformed rows are refused rather than read as zeros.
func TestRowsJSON(t *testing.T) {
	in := Rows{
		{0, math.Copysign(0, -1), 1, -2.5e-300, math.SmallestNonzeroFloat64, math.MaxFloat64, 0.1 + 0.2},
		{},
		{-1},
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Rows
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if len(out) != len(in) {
		t.Fatalf("%d rows back, want %d", len(out), len(in))
	}
	for c := range in {
		if len(out[c]) != len(in[c]) {
			t.Fatalf("row %d: %d weights back, want %d", c, len(out[c]), len(in[c]))
		}
		for j := range in[c] {
			if math.Float64bits(out[c][j]) != math.Float64bits(in[c][j]) {
				t.Errorf("row %d weight %d: %v, want %v", c, j, out[c][j], in[c][j])
			}
		}
	}

	for _, tc := range []struct {
		in, err string
	}{
		{`[]`, ""},
		{` [ "AAAAAAAA8D8=" , "" ] `, ""}, // 1.0, then an empty row
		{`null`, "array of base64"},
		{`{}`, "array of base64"},
		{`[1]`, "array of base64"},
		{`["AAAAAAAA8D8=" "AAAAAAAA8D8="]`, "array of base64"},
		{`["AAAAAAAA8D8=",]`, "array of base64"},
		{`["AAAA`, "array of base64"},
		{`["AAAA"]`, "not a whole number of float64s"},
		{`["!!!!"]`, "illegal base64"},
	} {
		var r Rows
		err := r.UnmarshalJSON([]byte(tc.in))
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.in, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: error %v, want one saying %q", tc.in, err, tc.err)
		}
	}
}

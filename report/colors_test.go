package report

import (
	"image/color"
	"testing"
)

// TestSentimentColours checks that sentiment labels are coloured as they
// read, in whatever order or case a column lists them: negative warm
// (red above green and blue), positive green (green above red and blue),
// neutral grey; and that the other labels of a column stay apart.
func TestSentimentColours(t *testing.T) {
	warm := func(c color.RGBA) bool { return c.R > c.G && c.R > c.B }
	green := func(c color.RGBA) bool { return c.G > c.R && c.G > c.B }
	grey := func(c color.RGBA) bool { return c.R == c.G && c.G == c.B }
	for _, tc := range []struct {
		labels []string
		want   []func(color.RGBA) bool // nil: any colour
	}{
		{[]string{"negative", "neutral", "positive"}, []func(color.RGBA) bool{warm, grey, green}},
		{[]string{"POS", "NEG"}, []func(color.RGBA) bool{green, warm}},
		{[]string{"", "negative", "positive"}, []func(color.RGBA) bool{grey, warm, green}},
		{[]string{"anti-assad", "neutral", "pro-assad", "pro-defection"}, []func(color.RGBA) bool{nil, grey, nil, nil}},
	} {
		cs := labelColors(tc.labels)
		for i, ok := range tc.want {
			if ok != nil && !ok(cs[i]) {
				t.Errorf("%v: %q is %s, not as it reads", tc.labels, tc.labels[i], hexColor(cs[i]))
			}
			for j := range i {
				if cs[i] == cs[j] {
					t.Errorf("%v: %q and %q share the colour %s", tc.labels, tc.labels[i], tc.labels[j], hexColor(cs[i]))
				}
			}
		}
	}
}

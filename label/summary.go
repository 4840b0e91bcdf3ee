package label

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteSummary writes the label counts of st as a table: the rows
// labelled, the rows noted in <col>_note and why, and for each label
// column the count and share of every label, after the shift check's line
// (ShiftLine). It reports the kinds of note Run itself adds (empty,
// truncated and unfamiliar texts, unseen groups); the notes of
// the reader (invalid UTF-8, ragged rows) are the reader's to report.
func (st Stats) WriteSummary(w io.Writer) error {
	fmt.Fprintf(w, "labelled %s\n", plural(st.Rows, "row", "rows"))
	if st.Noted > 0 {
		var kinds []string
		if st.Empty > 0 {
			kinds = append(kinds, plural(st.Empty, "empty text", "empty texts")+" labelled from the training prior")
		}
		if st.Truncated > 0 {
			kinds = append(kinds, plural(st.Truncated, "text", "texts")+" cut to the size limit")
		}
		if st.Unseen > 0 {
			kinds = append(kinds, plural(st.Unseen, "row", "rows")+" of groups not seen in training labelled by the pooled model")
		}
		if st.OutOfFold > 0 {
			kinds = append(kinds, plural(st.OutOfFold, "training row", "training rows")+" labelled out-of-fold, each by the model of the cross-validation fold that held it out")
		}
		if st.Unfamiliar > 0 {
			kinds = append(kinds, plural(st.Unfamiliar, "row", "rows")+" with under half their words known to the model")
		}
		detail := ""
		if len(kinds) > 0 {
			detail = " (" + strings.Join(kinds, "; ") + ")"
		}
		fmt.Fprintf(w, "%s noted in <col>_note%s\n", plural(st.Noted, "row", "rows"), detail)
	}
	if st.Shift != nil {
		fmt.Fprintln(w, ShiftLine(st.Shift))
	}
	if m := st.InSample.Message(); m != "" {
		fmt.Fprintln(w, "warning: "+m)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for c, name := range st.Columns {
		fmt.Fprintf(tw, "%s\tcount\tshare\n", name)
		for k, l := range st.Labels[c] {
			share := 0.0
			if st.Rows > 0 {
				share = 100 * float64(st.Counts[c][k]) / float64(st.Rows)
			}
			fmt.Fprintf(tw, "  %s\t%d\t%5.1f%%\n", l, st.Counts[c][k], share)
		}
	}
	return tw.Flush()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

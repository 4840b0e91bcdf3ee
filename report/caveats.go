package report

import "fmt"

// fewDocuments is the number of scored documents below which a column's
// intervals are too wide to rely on.
const fewDocuments = 30

// Caveats lists, one sentence each, what a reader of r's numbers should
// know that the numbers do not say, for a command to print as warnings on
// standard error. The rendered report shows the same caveats beside the
// numbers they concern: a mark on the per-class cell and a note under the
// table, and the column's own caveats under its heading. For each column
// of an eval or cv report:
//
//   - a label predicted but not in the gold labels: its recall and F1 are
//     0 by convention;
//   - a label in the gold labels but never predicted: its precision is
//     undefined and shown as 0;
//   - a label neither in the gold labels nor predicted: it is left out of
//     macro-F1;
//   - fewer than 30 documents scored: the intervals are wide and
//     unreliable;
//   - predictions without probabilities (eval -pred): calibration is left
//     out, or the Brier score alone when only the predicted label's
//     probability was given.
//
// Other kinds of report have no caveats.
func Caveats(r *Report) []string {
	var out []string
	if r.InSample != "" {
		out = append(out, r.InSample)
	}
	for i := range r.Columns {
		c := &r.Columns[i]
		for _, p := range c.PerClass {
			switch classCaveatOf(p.Support, p.Predicted) {
			case notInGold:
				out = append(out, fmt.Sprintf("%s: %q is not in the gold labels but was predicted %d times; its recall and F1 are 0 by convention", c.Name, p.Label, p.Predicted))
			case neverPredicted:
				out = append(out, fmt.Sprintf("%s: %q was never predicted; its precision is undefined and shown as 0", c.Name, p.Label))
			case absent:
				out = append(out, fmt.Sprintf("%s: %q is neither in the gold labels nor predicted; it is left out of macro-F1", c.Name, p.Label))
			}
		}
		for _, s := range columnCaveats(c.N, c.ECE != nil, c.Brier != nil) {
			out = append(out, c.Name+": "+s)
		}
	}
	return out
}

// classCaveat is what is undefined in a class's scores.
type classCaveat int

const (
	noCaveat       classCaveat = iota
	notInGold                  // no gold documents, some predicted: recall 0/0, F1 counted as 0
	neverPredicted             // gold documents, none predicted: precision 0/0
	absent                     // neither: left out of macro-F1
)

func classCaveatOf(support, predicted int) classCaveat {
	switch {
	case support == 0 && predicted > 0:
		return notInGold
	case support > 0 && predicted == 0:
		return neverPredicted
	case support == 0:
		return absent
	}
	return noCaveat
}

// columnCaveats are the caveats about a column as a whole, given the
// documents scored and whether there were confidences and probabilities.
func columnCaveats(n int, conf, probs bool) []string {
	var out []string
	if n < fewDocuments {
		out = append(out, fmt.Sprintf("only %d documents scored; intervals are wide and unreliable", n))
	}
	switch {
	case !conf:
		out = append(out, "the predictions have no confidences or probabilities; calibration (Brier score, ECE, reliability) is left out")
	case !probs:
		out = append(out, "only the predicted label's confidence is given; the Brier score, which needs every label's probability, is left out")
	}
	return out
}

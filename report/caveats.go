package report

import "fmt"

// fewDocuments is the number of scored documents below which a column's
// intervals are too wide to rely on.
const fewDocuments = 30

// Caveats lists, one sentence each, what a reader of r's numbers should
// know that the numbers do not say, for a command to print as warnings on
// standard error (they are never part of the report itself). For each
// column of an eval or cv report:
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
	for _, c := range r.Columns {
		for _, p := range c.PerClass {
			switch {
			case p.Support == 0 && p.Predicted > 0:
				out = append(out, fmt.Sprintf("%s: %q is not in the gold labels but was predicted %d times; its recall and F1 are 0 by convention", c.Name, p.Label, p.Predicted))
			case p.Support > 0 && p.Predicted == 0:
				out = append(out, fmt.Sprintf("%s: %q was never predicted; its precision is undefined and shown as 0", c.Name, p.Label))
			case p.Support == 0:
				out = append(out, fmt.Sprintf("%s: %q is neither in the gold labels nor predicted; it is left out of macro-F1", c.Name, p.Label))
			}
		}
		if c.N < fewDocuments {
			out = append(out, fmt.Sprintf("%s: only %d documents scored; intervals are wide and unreliable", c.Name, c.N))
		}
		switch {
		case c.ECE == nil:
			out = append(out, fmt.Sprintf("%s: the predictions have no confidences or probabilities; calibration (Brier score, ECE, reliability) is left out", c.Name))
		case c.Brier == nil:
			out = append(out, fmt.Sprintf("%s: only the predicted label's confidence is given; the Brier score, which needs every label's probability, is left out", c.Name))
		}
	}
	return out
}

// Package metrics scores predicted labels against gold labels: counts and
// F1 averages (metrics.go), agreement between raters (agreement.go),
// calibration of predicted probabilities (calibration.go) and bootstrap
// intervals (bootstrap.go).
//
// Conventions:
//   - Rows are documents. Labels are class indices 0..k-1, with k given by
//     the caller (Pairwise also takes Missing, -1, for an item a rater left
//     out); gold and pred (or two raters' labels) are aligned slices of
//     equal length, element i being document i.
//   - probs[i] holds document i's class probabilities, indexed by class.
//     They are not checked to sum to 1.
//   - A ratio with a zero denominator (precision of a class never
//     predicted, say) is defined as 0, as scikit-learn's zero_division=0
//     does; where a score is undefined otherwise (a kappa with no chance
//     disagreement), the function's doc says what it returns instead.
//   - Misuse panics with the prefix "metrics: ": slices that do not align,
//     a label outside 0..k-1, a matrix that is not square. Input that
//     leaves a statistic without meaning is an error only where the
//     function returns one (FleissKappa).
//   - Each doc comment gives the formula, the input contract and the
//     source of the method. The reference numbers the tests compare with
//     are the output of testdata/reference.py (scikit-learn).
//   - Results do not depend on the run: Bootstrap draws from a PCG seeded
//     with its seed argument.
package metrics

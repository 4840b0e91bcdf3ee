// Package evaluate scores models and recipes against gold labels:
// held-out evaluation of a trained model or of predictions already made
// (a labelled file: ScoreLabels), repeated stratified cross-validation
// with learning curves, inter-annotator agreement, label summaries and
// explanations. Eval and CV also list what went wrong: the pairs of
// labels confused and the most confident errors, with their text; Explain
// explains the errors and the least sure predictions by default, in the
// words of the comment. It returns its results as the plain values of package
// evaluate/result, and draws nothing: package report renders them.
//
// Conventions: a column's label order is sorted label names; gold labels
// that a model never saw are added to that order (the model then never
// predicts them, which the per-class table shows). Intervals are 95%
// percentile bootstraps over documents, seeded, so reports are
// reproducible byte for byte.
package evaluate

// Package report holds the results of an evaluation (stance eval, cv,
// agree, explain, summarize) as plain data with a stable JSON form, and
// renders them as an aligned text table, Markdown, JSON or a
// self-contained HTML page with charts drawn by gonum.org/v1/plot.
//
// The JSON field names are the documented schema (docs/reports.md,
// "Report JSON"): fields are only ever added, never renamed or removed, within a
// SchemaVersion. Caveats (an undefined F1, a class never predicted) are
// not part of a Report: commands print them to standard error.
//
// Conventions: the text, Markdown and HTML forms are laid out once
// (layout.go) and show the same numbers in the same order; scores are
// written with three decimals; a label keeps one colour in every chart
// and table of a report.
package report

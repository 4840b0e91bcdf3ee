// Package result holds what package evaluate computes, as plain values:
// the scores of a label column (eval, cv), the agreement of annotators
// (agree), label counts (summarize) and explanations (explain). It has no
// behaviour and imports nothing, so that scoring does not depend on how
// its results are rendered: package report lays them out as text,
// Markdown, JSON and HTML.
//
// The JSON tags are part of the report schema (report.SchemaVersion, and
// docs/reports.md, "Report JSON"): fields are only ever added, never renamed or
// removed, within a schema version.
//
// Conventions: Labels lists a column's labels in class order, and every
// per-label slice and matrix follows it; an Estimate without an interval
// has Lo = Hi = Value.
package result

package report

import "github.com/stance-nlp/stance/evaluate/result"

// SchemaVersion is the version of the JSON schema of Report.
const SchemaVersion = 1

// Report is one command's result, the document this package renders: the
// results package evaluate computes, with what they are about. Exactly one
// of Columns (eval, cv), Agreement, Summary or Explain is set, as Kind
// says.
type Report struct {
	Schema    int                    `json:"schema"` // SchemaVersion
	Kind      string                 `json:"kind"`   // "eval", "cv", "agree", "summarize" or "explain"
	Title     string                 `json:"title"`
	Model     *ModelInfo             `json:"model,omitempty"`
	Data      string                 `json:"data,omitempty"` // the input file(s), as named on the command line
	Columns   []result.Column        `json:"columns,omitempty"`
	Agreement []result.Agreement     `json:"agreement,omitempty"`
	Summary   *result.Summary        `json:"summary,omitempty"`
	Explain   []result.ExplainColumn `json:"explain,omitempty"`
	// InSample, when not empty, says that the scored rows are largely the
	// model's own training rows (classifier.InSample.Message): the scores
	// are then in-sample. It heads the report and its caveats.
	InSample string `json:"in_sample,omitempty"`
}

// ModelInfo describes the model or recipe evaluated.
type ModelInfo struct {
	Source    string `json:"source"`   // model file, "shipped model", or "recipe" for cv
	Kind      string `json:"kind"`     // e.g. "logreg"
	Recipe    string `json:"recipe"`   // one-line description of the recipe
	Features  int    `json:"features"` // vocabulary size (0 for cv, where it varies by fold)
	TrainRows int    `json:"train_rows"`
}

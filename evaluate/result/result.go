package result

// Estimate is a point estimate with a 95% interval (Lo = Hi = Value when
// no interval was computed).
type Estimate struct {
	Value float64 `json:"value"`
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"`
}

// Class is one class's scores.
type Class struct {
	Label     string   `json:"label"`
	Precision float64  `json:"precision"`
	Recall    float64  `json:"recall"`
	F1        Estimate `json:"f1"`        // with a bootstrap interval
	Support   int      `json:"support"`   // gold documents of the class
	Predicted int      `json:"predicted"` // documents predicted as the class
}

// Baseline is the majority-class baseline scored on the same documents.
type Baseline struct {
	Label    string  `json:"label"` // the majority label (of the training data where there is one)
	Accuracy float64 `json:"accuracy"`
	MacroF1  float64 `json:"macro_f1"`
}

// Bin is one bin of a reliability diagram: documents whose top-label
// confidence falls in [Lo, Hi).
type Bin struct {
	Lo         float64 `json:"lo"`
	Hi         float64 `json:"hi"`
	Count      int     `json:"count"`
	Confidence float64 `json:"confidence"` // mean top-label confidence in the bin
	Accuracy   float64 `json:"accuracy"`   // share of the bin predicted right
}

// CurvePoint is one point of a learning curve.
type CurvePoint struct {
	TrainSize  int     `json:"train_size"`
	MacroF1    float64 `json:"macro_f1"`
	MacroF1SD  float64 `json:"macro_f1_sd"`
	Accuracy   float64 `json:"accuracy"`
	AccuracySD float64 `json:"accuracy_sd"`
}

// SubsetF1 is the mean F1 over a chosen subset of classes, such as
// SemEval-2016's F_avg over FAVOR and AGAINST.
type SubsetF1 struct {
	Labels []string `json:"labels"`
	Value  float64  `json:"value"`
}

// Column is the evaluation of one label column.
//
// Brier, ECE and Reliability score the predictions' probabilities: they
// are nil when the predictions came without any (a labelled file scored
// by eval -pred, without confidence or probability columns), and Brier
// alone is nil when only the predicted label's probability was known.
type Column struct {
	Name          string       `json:"name"`
	Labels        []string     `json:"labels"` // class order of every per-class slice and matrix
	N             int          `json:"n"`      // documents scored
	Accuracy      Estimate     `json:"accuracy"`
	MacroF1       Estimate     `json:"macro_f1"`
	MicroF1       float64      `json:"micro_f1"`
	WeightedF1    float64      `json:"weighted_f1"`
	Kappa         float64      `json:"kappa"` // Cohen's kappa of predictions against gold
	Subset        *SubsetF1    `json:"subset_f1,omitempty"`
	PerClass      []Class      `json:"per_class"`
	Confusion     [][]int      `json:"confusion"`      // [gold][predicted] counts
	ConfusionNorm [][]float64  `json:"confusion_norm"` // rows divided by their sums (0 for empty rows)
	Brier         *float64     `json:"brier,omitempty"`
	ECE           *float64     `json:"ece,omitempty"`
	Reliability   []Bin        `json:"reliability,omitempty"`
	Baseline      Baseline     `json:"baseline"`
	LearningCurve []CurvePoint `json:"learning_curve,omitempty"`
	Folds         int          `json:"folds,omitempty"`   // cv only
	Repeats       int          `json:"repeats,omitempty"` // cv only
	Seed          uint64       `json:"seed"`              // of the bootstrap (and the folds, for cv)
	Bootstrap     int          `json:"bootstrap"`         // resamples behind the intervals

	// Calibration names the calibration map the probabilities scored
	// above went through ("temperature"), "" when they are the model's
	// own. Temperatures are its fitted temperatures: the model's one
	// (eval), or one per training fold and repeat (cv). The fields after
	// them score the same predictions before calibration, with the same
	// bins; the labels, and so every other score, are the same.
	Calibration             string    `json:"calibration,omitempty"`
	Temperatures            []float64 `json:"temperatures,omitempty"`
	BrierUncalibrated       float64   `json:"brier_uncalibrated,omitempty"`
	ECEUncalibrated         float64   `json:"ece_uncalibrated,omitempty"`
	ReliabilityUncalibrated []Bin     `json:"reliability_uncalibrated,omitempty"`

	// Errors lists the most confident wrong predictions (at most
	// evaluate.MaxErrors, each document once), most confident first;
	// Confused lists every (gold, predicted) pair of labels that some
	// prediction got wrong, commonest first. Both are empty when the
	// texts were not known (eval -pred) or nothing was wrong.
	Errors   []Error     `json:"errors,omitempty"`
	Confused []Confusion `json:"confused,omitempty"`
}

// Error is one wrong prediction: the document, its gold label, the label
// predicted and the probability the prediction gave it (0 when the
// predictions came without one).
type Error struct {
	ID         string  `json:"id,omitempty"` // "" when the input had no id column
	Text       string  `json:"text"`
	Gold       string  `json:"gold"`
	Predicted  string  `json:"predicted"`
	Confidence float64 `json:"confidence"`
}

// Confusion is a pair of labels that predictions confuse: Count
// predictions of gold label Gold were predicted as Predicted, a share
// Share = Count / (all wrong predictions of the column). Example is the
// most confident of them.
type Confusion struct {
	Gold      string  `json:"gold"`
	Predicted string  `json:"predicted"`
	Count     int     `json:"count"`
	Share     float64 `json:"share"`
	Example   Error   `json:"example"`
}

// Pair is the agreement of two annotators.
type Pair struct {
	A     string  `json:"a"`
	B     string  `json:"b"`
	N     int     `json:"n"` // items both labelled
	Kappa float64 `json:"kappa"`
	Agree float64 `json:"agree"` // observed share of identical labels
}

// Agreement is the inter-annotator agreement on one label column.
type Agreement struct {
	Column        string         `json:"column"`
	Labels        []string       `json:"labels"`
	Annotators    []string       `json:"annotators"`
	Items         int            `json:"items"`                  // ids labelled by at least two annotators
	Pairs         []Pair         `json:"pairs"`                  // every pair of annotators
	FleissKappa   *float64       `json:"fleiss_kappa,omitempty"` // when every item has the same number of ratings
	Alpha         float64        `json:"krippendorff_alpha"`     // nominal; any number of ratings per item
	Counts        [][]int        `json:"counts"`                 // [annotator][label] label counts
	Disagreements []Disagreement `json:"disagreements"`
}

// Disagreement is one item the annotators labelled differently.
type Disagreement struct {
	ID     string   `json:"id"`
	Labels []string `json:"labels"` // one per annotator, "" where missing
}

// Group is one group's label counts.
type Group struct {
	Name   string    `json:"name"`
	N      int       `json:"n"`
	Counts []int     `json:"counts"` // per label, in SummaryColumn.Labels order
	Shares []float64 `json:"shares"` // Counts / N
}

// SummaryColumn is the label distribution of one label column.
type SummaryColumn struct {
	Column string   `json:"column"`
	Labels []string `json:"labels"`
	Total  Group    `json:"total"`
	Groups []Group  `json:"groups,omitempty"` // by Summary.By, sorted by group name; pooled other groups last (Summary.OtherGroups)
}

// Summary is the label counts and shares of a labelled CSV.
type Summary struct {
	By   string `json:"by,omitempty"` // grouping column, if any
	Rows int    `json:"rows"`
	// OtherGroups, when not 0, is the number of groups (values of By)
	// pooled into the last group of each column's Groups, because there
	// were too many to list one by one.
	OtherGroups int             `json:"other_groups,omitempty"`
	Columns     []SummaryColumn `json:"columns"`
}

// Feature is a term with a weight (or a contribution to a score).
type Feature struct {
	Term string `json:"term"`
	// Words is the term as written in the document explained (the
	// stemmed "offici famili" as "officials' families"), the distinct
	// forms joined by " / "; "" outside a document, and for a rule.
	Words  string  `json:"words,omitempty"`
	Weight float64 `json:"weight"`
}

// The kinds of Mark.
const (
	MarkFor     = "for"     // a term that raised the predicted label's score
	MarkAgainst = "against" // a term that favours the runner-up over it
)

// Mark is a marked run of a document's text: bytes [Start, End) of Text,
// where a listed term of Kind (MarkFor or MarkAgainst) occurs.
type Mark struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Kind  string `json:"kind"`
}

// DocExplain says why one document got its label.
type DocExplain struct {
	ID            string    `json:"id"`
	Text          string    `json:"text"`
	Label         string    `json:"label"`
	Confidence    float64   `json:"confidence"`
	Contributions []Feature `json:"contributions"` // the document's terms, largest contribution to Label's score first
	// Gold is the document's gold label, "" when the file has none.
	// Reason says why the document was picked: "error" (a wrong
	// prediction), "unsure" (among the least sure), "" (in file order).
	Gold   string `json:"gold,omitempty"`
	Reason string `json:"reason,omitempty"`
	// RunnerUp is the second most probable label, with its probability;
	// Against lists the terms that favour it over Label most, the
	// weight of term j being x_j · (W[RunnerUp][j] − W[Label][j]).
	RunnerUp           string    `json:"runner_up,omitempty"`
	RunnerUpConfidence float64   `json:"runner_up_confidence,omitempty"`
	Against            []Feature `json:"against,omitempty"`
	// Marks are where the listed terms occur in Text, in order, not
	// overlapping.
	Marks []Mark `json:"marks,omitempty"`
}

// ExplainColumn is the explanation of one label column.
type ExplainColumn struct {
	Column string       `json:"column"`
	Labels []string     `json:"labels"`
	Top    [][]Feature  `json:"top"`            // per label, its most weighted terms
	Rows   string       `json:"rows,omitempty"` // which documents Docs holds (evaluate.RowChoices, auto resolved)
	Docs   []DocExplain `json:"docs,omitempty"`
}

// RuleCheck is how the rules of a rules file fire on annotated comments
// (evaluate.CheckRules): a labelling-function summary, per rule and per
// label column. It has no JSON form: its ratios are NaN where undefined.
type RuleCheck struct {
	Rules   string // the rules file
	Data    string // the annotated file
	Rows    int
	Covered int        // rows where at least one rule fires
	Stats   []RuleStat // one per rule, in file order
	Columns []RuleColumn
}

// RuleStat is where one rule fires, whatever the labels.
type RuleStat struct {
	Rule     string
	Phrases  int
	Coverage int // rows where the rule fires
	Overlap  int // rows where it and another rule fire
	// Phrase counts the rows each phrase matches, in file order: a
	// phrase that never matches is a candidate to rewrite.
	Phrase []int
}

// RuleColumn is how the rules fire per gold label of one label column.
type RuleColumn struct {
	Column  string
	Labels  []string    // sorted; rows with no label in the column are left out
	Support []int       // rows of each label
	Rules   []RuleLabel // one per rule, in file order
}

// RuleLabel is one rule against one label column. With F the rows the
// rule fires on, N the rows whose label the rule names (see
// evaluate.RuleNames) and n all labelled rows:
//
//	precision = |F ∩ N| / |F|     recall = |F ∩ N| / |N|     base = |N| / n
//
// base is the precision of a rule that fires on every row, so a rule
// helps tell its labels apart when its precision is above it. Precision,
// recall and base are NaN when the rule names no label of the column,
// precision also when the rule never fires, recall when N is empty.
type RuleLabel struct {
	Rule      string
	Fires     []int    // rows of each label (Labels' order) the rule fires on
	Names     []string // the labels it names
	Precision float64
	Recall    float64
	Base      float64
}

package classifier

// SearchRecord is what a recipe search (package tune, `stance tune`,
// `stance train -recipe auto`) found, kept in the model file of the recipe
// it chose: how it searched, so that the search can be run again to the
// same choice, and the best candidates it scored. It holds no timings, so
// that the same search gives a byte-identical file.
type SearchRecord struct {
	Folds      int           `json:"folds"`      // k of the stratified k-fold the candidates were scored by
	Seed       uint64        `json:"seed"`       // of the folds and of the candidates' order
	Budget     int           `json:"budget"`     // the budget in fits: with Seed and the same data, it reproduces the search
	Fits       int           `json:"fits"`       // fits made, at most Budget
	Candidates int           `json:"candidates"` // recipes scored on at least one fold
	Board      []SearchEntry `json:"board"`      // the best candidates, best first
}

// SearchEntry is one candidate of a search and its score: the mean over
// the folds it was scored on of the mean macro-F1 of the label columns,
// with the sample standard deviation over those folds.
type SearchEntry struct {
	Name    string  `json:"name"`
	Recipe  Recipe  `json:"recipe"`
	Folds   int     `json:"folds"`
	MacroF1 float64 `json:"macro_f1"`
	SD      float64 `json:"sd"`
}

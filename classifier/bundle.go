package classifier

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/features"

	"gonum.org/v1/gonum/floats"
)

// FormatVersion is the model file format this package writes: format 3
// with the Profile of the shift check, groups or none. Formats 2 and 3
// are still read (their models have no Profile, and the shift check says
// it cannot run); a stance that knows only those refuses format 4, whose
// models it would use without the check. Format 2 stores weight rows as
// base64 float64s (see Rows); format 1 wrote them as decimal numbers,
// which took 80 ms to load the shipped model.
const FormatVersion = 4

// FormatPlain is the format of older model files without group models.
const FormatPlain = 2

// FormatGroups is the format of older model files with group models
// (Bundle.Groups): format 2 with the groups added, so that a stance
// unaware of groups refused it rather than label every group with the
// pooled model unawares.
const FormatGroups = 3

// magic opens every model file.
const magic = "stance-model"

// ErrNotModel is returned by ReadBundle for input that is not a model file.
var ErrNotModel = errors.New("not a stance model file")

// ErrCorrupt is returned by ReadBundle when the header is malformed or the
// payload does not match its recorded checksum or length: the file was
// altered.
var ErrCorrupt = errors.New("model file is corrupt (checksum mismatch)")

// ErrTruncated is returned (wrapped, with the byte counts) by ReadBundle
// when the file ends before its header or payload does: an interrupted
// copy or download.
var ErrTruncated = errors.New("model file is truncated")

// DataInfo identifies the data a model was trained on.
type DataInfo struct {
	Rows       int    `json:"rows"`
	SHA256     string `json:"sha256"`                // TrainingSet.Checksum
	TextColumn string `json:"text_column,omitempty"` // as given to train; "" reads as data.DefaultTextColumn
	IDColumn   string `json:"id_column,omitempty"`   // as given to train; "" reads as data.DefaultIDColumn
	Source     string `json:"source,omitempty"`      // file base name, as given to train
}

// Column is the model of one label column.
type Column struct {
	Name   string          `json:"name"`
	Labels []string        `json:"labels"` // sorted; class index order
	Counts []int           `json:"counts"` // training documents per label
	Model  json.RawMessage `json:"model"`  // the Model's Save output
	CV     *CVScores       `json:"cv,omitempty"`
	// Calibration, when not nil, maps the model's probabilities onto
	// calibrated ones in Predictor.Predict; Train fits it on the
	// out-of-fold predictions of its cross-validation when the recipe asks.
	Calibration *Calibration `json:"calibration,omitempty"`
	// Structure, when not nil, says what each label means as a target and
	// a polarity: the column was trained with Recipe.Structure
	// StructureTargetPolarity, and Model holds a Structured model's two.
	Structure *Structure `json:"structure,omitempty"`

	model Model
}

// Bundle is a trained model file: the vectorizer and one model per label
// column, with the recipe, the data's checksum and cross-validated scores.
//
// On disk it is a short text header and a JSON payload:
//
//	stance-model
//	format 1
//	length <bytes of payload>
//	sha256 <hex digest of payload>
//
//	{...payload...}
//
// The same training data and recipe give byte-identical files: nothing in
// them depends on time, paths or map order.
type Bundle struct {
	Format     int                  `json:"format"`
	Recipe     Recipe               `json:"recipe"`
	Data       DataInfo             `json:"data"`
	Vectorizer *features.Vectorizer `json:"vectorizer"`
	Columns    []Column             `json:"columns"`
	// Search is the recipe search that chose Recipe, when one did.
	Search *SearchRecord `json:"search,omitempty"`
	// GroupBy, Groups and GroupCV are set when the model was trained with
	// a group column (see GroupModel): Vectorizer and Columns are then the
	// pooled model, trained on every row.
	GroupBy string       `json:"group_by,omitempty"` // the group column
	Groups  []GroupModel `json:"groups,omitempty"`   // one per group value, sorted by value
	GroupCV []CVScores   `json:"group_cv,omitempty"` // per column: cross-validation of the models by group, pooled over groups
	// Profile is what the shift check compares input with, measured on
	// the held-out folds of Train's cross-validation; nil for a model
	// trained without one, or read from a format 2 or 3 file.
	Profile *Profile `json:"profile,omitempty"`
	// Adapt is set when the model was adapted to a new comment set
	// (TrainAdapted): Columns then label as that set.
	Adapt *AdaptRecord `json:"adapt,omitempty"`
	// EM is set when the model was trained with unlabelled rows
	// (TrainEM): their number and the weight they were given.
	EM *EMRecord `json:"em,omitempty"`

	scorer     *byTerm        // every column's weights, term-major, for Predictor; set by ReadBundle and Train
	groupIndex map[string]int // index of each group value in Groups; set by ReadBundle and Train
}

// Column returns the column of the given name, or nil.
func (b *Bundle) Column(name string) *Column {
	for i := range b.Columns {
		if b.Columns[i].Name == name {
			return &b.Columns[i]
		}
	}
	return nil
}

// WriteTo writes b in the model file format.
func (b *Bundle) WriteTo(w io.Writer) (int64, error) {
	if err := saveModels(b.Columns); err != nil {
		return 0, err
	}
	b.Format = FormatVersion
	for i := range b.Groups {
		if err := saveModels(b.Groups[i].Columns); err != nil {
			return 0, err
		}
	}
	payload, err := json.Marshal(b)
	if err != nil {
		return 0, err
	}
	sum := sha256.Sum256(payload)
	header := fmt.Sprintf("%s\nformat %d\nlength %d\nsha256 %s\n\n", magic, b.Format, len(payload), hex.EncodeToString(sum[:]))
	n, err := io.WriteString(w, header)
	if err != nil {
		return int64(n), err
	}
	m, err := w.Write(payload)
	return int64(n + m), err
}

// saveModels sets the Model of each column to its model's Save output.
func saveModels(cols []Column) error {
	for i := range cols {
		c := &cols[i]
		var buf bytes.Buffer
		if err := c.model.Save(&buf); err != nil {
			return err
		}
		c.Model = bytes.TrimSpace(buf.Bytes())
	}
	return nil
}

// maxHeader bounds the header so that a large non-model file is rejected
// without reading it whole.
const maxHeader = 256

// ReadBundle reads a model file, checking its format version, length and
// checksum before decoding anything.
//
// It reads no more than the declared payload, and refuses before reading
// it a declaration of more than r holds (a file, or a bytes.Reader) or,
// for a stream of unknown size, of more than MaxStreamBytes: a header
// declaring 10^11 bytes once made it read a 1.5 GB stream into 3.2 GB of
// memory before the checksum could be checked. Every field of the payload
// is checked too (FieldError), and each model against the vectorizer and
// the labels.
func ReadBundle(r io.Reader) (*Bundle, error) {
	left, sized := remaining(r)
	br := bufio.NewReader(r)
	if head, err := br.Peek(len(magic) + 1); err != nil || string(head) != magic+"\n" {
		return nil, ErrNotModel
	}
	br.Discard(len(magic) + 1)
	fields := map[string]string{}
	headerLen := len(magic) + 1
	for read := 0; ; {
		line, err := br.ReadString('\n')
		read += len(line)
		headerLen += len(line)
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: it ends inside its header", ErrTruncated)
		}
		if err != nil || read > maxHeader {
			return nil, ErrCorrupt
		}
		line = strings.TrimSuffix(line, "\n")
		if line == "" {
			break
		}
		k, v, ok := strings.Cut(line, " ")
		if !ok {
			return nil, ErrCorrupt
		}
		fields[k] = v
	}
	version, err := strconv.Atoi(fields["format"])
	if err != nil {
		return nil, ErrCorrupt
	}
	if version != FormatVersion && version != FormatGroups && version != FormatPlain {
		return nil, fmt.Errorf("model file format %d; this stance reads formats %d, %d and %d (retrain, or use the stance that wrote it)", version, FormatPlain, FormatGroups, FormatVersion)
	}
	length, err := strconv.ParseInt(fields["length"], 10, 64)
	if err != nil || length < 0 {
		return nil, ErrCorrupt
	}
	switch have := left - int64(headerLen); {
	case sized && length > have:
		return nil, fmt.Errorf("%w: %d of its %d payload bytes are there", ErrTruncated, max(have, 0), length)
	case !sized && length > MaxStreamBytes:
		return nil, fmt.Errorf("model file declares a payload of %d bytes; one read from a stream may have at most %d", length, MaxStreamBytes)
	}
	payload := make([]byte, length)
	if n, err := io.ReadFull(br, payload); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: %d of its %d payload bytes are there", ErrTruncated, n, length)
		}
		return nil, err
	}
	// Anything after the payload is not of the file the header describes.
	if _, err := br.ReadByte(); err != io.EOF {
		if err != nil {
			return nil, err
		}
		return nil, ErrCorrupt
	}
	sum := sha256.Sum256(payload)
	if hex.EncodeToString(sum[:]) != fields["sha256"] {
		return nil, ErrCorrupt
	}
	var b Bundle
	if err := json.Unmarshal(payload, &b); err != nil {
		return nil, fmt.Errorf("model file payload: %w", err)
	}
	switch {
	case len(b.Groups) > 0 && version == FormatPlain:
		return nil, fmt.Errorf("model file format %d holds group models, which only formats %d and %d hold", version, FormatGroups, FormatVersion)
	case len(b.Groups) == 0 && version == FormatGroups:
		return nil, fmt.Errorf("model file format %d holds no group models", version)
	case b.Profile != nil && version != FormatVersion:
		return nil, fmt.Errorf("model file format %d holds a profile, which only format %d holds", version, FormatVersion)
	}
	if err := b.init(); err != nil {
		return nil, err
	}
	return &b, nil
}

// init rebuilds each column's Model from its saved JSON and checks that
// the pieces fit together.
func (b *Bundle) init() error {
	if b.Vectorizer == nil {
		return errors.New("model file has no vectorizer")
	}
	if len(b.Columns) == 0 {
		return errors.New("model file has no label columns")
	}
	if err := b.checkFields(); err != nil {
		return err
	}
	for i := range b.Columns {
		c := &b.Columns[i]
		m, err := newModel(b.Recipe, c.Structure)
		if err != nil {
			return err
		}
		if err := m.Load(bytes.NewReader(c.Model)); err != nil {
			return fmt.Errorf("model of column %s: %w", c.Name, err)
		}
		if err := checkModel(m, b.Vectorizer.Len(), c.Labels); err != nil {
			return fmt.Errorf("model of column %s: %w", c.Name, err)
		}
		if c.Calibration != nil {
			if err := c.Calibration.check(); err != nil {
				return fmt.Errorf("model of column %s: %w", c.Name, err)
			}
		}
		c.model = m
	}
	if b.Profile != nil {
		if err := b.Profile.check(b.Columns); err != nil {
			return fmt.Errorf("model file: %w", err)
		}
	}
	b.scorer = newByTerm(b.linears()...)
	return b.initGroups()
}

// linears returns the weights of every column's parts (partsOf), in
// column order.
func (b *Bundle) linears() []*Linear {
	var ms []*Linear
	for i := range b.Columns {
		ms = append(ms, partsOf(b.Columns[i].model)...)
	}
	return ms
}

// Linear returns the column's fitted weights, for explaining predictions.
// Every model kind in this package is linear; a structured column's are
// those of its labels as one model (Structured.Joint). The result must not
// be modified.
func (c *Column) Linear() *Linear {
	if s, ok := c.model.(*Structured); ok {
		return s.Joint()
	}
	return linearOf(c.model)
}

func linearOf(m Model) *Linear {
	switch m := m.(type) {
	case *LogReg:
		return &m.Linear
	case *NaiveBayes:
		return &m.Linear
	}
	panic("classifier: unknown model type")
}

// Uncalibrated returns a copy of b without its calibration maps, whose
// Predictors give the model's raw probabilities: evaluation shows them
// beside the calibrated ones. The copy shares b's vectorizer and weights,
// which neither may change.
func (b *Bundle) Uncalibrated() *Bundle {
	u := *b
	u.Recipe.Calibrate = ""
	u.Columns = slices.Clone(b.Columns)
	for i := range u.Columns {
		u.Columns[i].Calibration = nil
	}
	return &u
}

// Prediction is one label column's answer for one document.
type Prediction struct {
	Index      int       // index of Label in Column.Labels
	Label      string    // the most probable label (first in label order among ties of the uncalibrated probabilities; in a structured column, first by Structured's precedence)
	Confidence float64   // its probability
	Probs      []float64 // every label's probability, in Column.Labels order; reused between calls
}

// Predictor labels texts with a Bundle. Each goroutine needs its own.
type Predictor struct {
	b      *Bundle
	ext    *features.Extractor
	out    []Prediction
	scorer *byTerm
	first  []int // first[i]: the index in scorer of column i's first part (firstParts)
	scores []float64
	prior  []Prediction
	cals   []*Calibration    // each column's Calibration, nil where none
	groups []*groupPredictor // one per group of b, made on first use by PredictGroup
}

// NewPredictor returns a Predictor for b.
func (b *Bundle) NewPredictor() *Predictor {
	p := &Predictor{b: b, ext: b.Vectorizer.NewExtractor(), out: make([]Prediction, len(b.Columns))}
	p.scorer = b.scorer
	if p.scorer == nil {
		// A Bundle put together by hand rather than read or trained: lay
		// the weights out for this Predictor alone.
		p.scorer = newByTerm(b.linears()...)
	}
	p.first = firstParts(b.Columns)
	p.prior = b.prior()
	p.cals = make([]*Calibration, len(b.Columns))
	for i := range b.Columns {
		p.cals[i] = b.Columns[i].Calibration
	}
	return p
}

// Prior returns one Prediction per column made without any text: each
// label's share of the training documents, Counts[k] / Σ_j Counts[j], and
// the most frequent label (the first in label order among ties). Labelling
// gives it to empty comments, for which a linear model would only echo its
// intercepts. The result is the same on every call and must not be
// modified.
func (p *Predictor) Prior() []Prediction { return p.prior }

// prior computes what Predictor.Prior returns.
func (b *Bundle) prior() []Prediction {
	out := make([]Prediction, len(b.Columns))
	for i := range b.Columns {
		c := &b.Columns[i]
		probs := make([]float64, len(c.Labels))
		total := 0
		for _, n := range c.Counts {
			total += n
		}
		for k := range probs {
			if total > 0 && k < len(c.Counts) {
				probs[k] = float64(c.Counts[k]) / float64(total)
			} else {
				probs[k] = 1 / float64(len(probs))
			}
		}
		k := floats.MaxIdx(probs)
		out[i] = Prediction{Index: k, Label: c.Labels[k], Confidence: probs[k], Probs: probs}
	}
	return out
}

// Predict returns one Prediction per column, in Bundle.Columns order. The
// slice and its Probs are overwritten by the next call.
//
// A column with a Calibration has its probabilities calibrated
// (Calibration.Apply) after its label is chosen on the raw ones, so that
// calibration never changes a label, not even between labels whose raw
// probabilities tie.
func (p *Predictor) Predict(text string) []Prediction {
	x := p.ext.VectorScratch(text)
	p.scores = p.scorer.scores(x, p.scores)
	for i := range p.b.Columns {
		c := &p.b.Columns[i]
		o := &p.out[i]
		var k int
		o.Probs, k = columnProbs(c, p.scorer, p.first[i], p.scores, o.Probs)
		if cal := p.cals[i]; cal != nil {
			cal.Apply(o.Probs)
		}
		o.Index, o.Label, o.Confidence = k, c.Labels[k], o.Probs[k]
	}
	return p.out
}

// InputColumns returns the columns of the data b was trained on: the text
// and id columns recorded in b.Data, b's label columns and its group
// column. label, eval, explain and annotate read these unless told
// otherwise.
func (b *Bundle) InputColumns() data.Columns {
	c := data.Columns{Text: b.Data.TextColumn, ID: b.Data.IDColumn, Group: b.GroupBy}
	for _, col := range b.Columns {
		c.Labels = append(c.Labels, col.Name)
	}
	return c
}

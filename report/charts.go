package report

import (
	"image/color"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/stance-nlp/stance/evaluate/result"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Charts are drawn as SVG only. gonum/plot's SVG is plain text written
// from float64s at a fixed precision, so the same Report gives the same
// bytes; it stays sharp at any zoom, and a paper can take the .svg file
// as it is.

// textStyle is a style for text drawn inside a chart.
func textStyle(size float64, c color.Color, xa text.XAlignment, ya text.YAlignment) text.Style {
	return text.Style{Color: c, Font: sans(size), XAlign: xa, YAlign: ya, Handler: plot.DefaultTextHandler}
}

// newLegend is a legend drawn by render to the right of the plot, where
// it cannot hide data.
func newLegend() *plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font = sans(9)
	l.Left = true
	l.Top = true
	l.Padding = vg.Points(3)
	l.ThumbnailWidth = vg.Points(16)
	return &l
}

// render draws p, and lg (when not nil) to its right, on a w × h canvas.
func render(p *plot.Plot, lg *plot.Legend, w, h vg.Length) ([]byte, error) {
	c, dc := NewCanvas(w, h)
	if lg == nil {
		p.Draw(dc)
		return SVGBytes(c)
	}
	const gap = 12
	lw := lg.Rectangle(dc).Size().X + gap
	pc := draw.Crop(dc, 0, -lw, 0, 0)
	da := p.DataCanvas(pc)
	p.Draw(pc)
	lc := draw.Crop(dc, w-lw+gap/2, 0, 0, 0)
	lc.Max.Y = da.Max.Y
	lg.Draw(lc)
	return SVGBytes(c)
}

// short cuts s to n runes for a tick label, marking the cut with "…".
func short(s string, n int) string {
	s = oneLine(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// chartNames are labels as tick labels: named when empty, and cut to 20
// characters so that a long label cannot squeeze the plot.
func chartNames(ls []string) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = short(showLabel(l), 20)
	}
	return out
}

func reversed(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[len(ss)-1-i] = s
	}
	return out
}

// nominal puts names on axis a at 0, 1, 2, ... without tick marks.
func nominal(a *plot.Axis, names []string) {
	ticks := make(plot.ConstantTicks, len(names))
	for i, n := range names {
		ticks[i] = plot.Tick{Value: float64(i), Label: n}
	}
	a.Tick.Marker = ticks
	a.Tick.Length = 0
	a.Min, a.Max = -0.5, float64(len(names))-0.5
}

// widest is the width of the widest of names in style sty.
func widest(sty text.Style, names []string) vg.Length {
	var w vg.Length
	for _, n := range names {
		w = max(w, sty.Width(n))
	}
	return w
}

// slant turns the tick labels of the horizontal axis a by 45° when the
// widest of names does not fit in the space of one category, and returns
// how much taller the labels then are.
func slant(a *plot.Axis, names []string, space vg.Length) vg.Length {
	wd := widest(a.Tick.Label, names)
	if wd <= 0.9*space {
		return 0
	}
	a.Tick.Label.Rotation = math.Pi / 4
	a.Tick.Label.XAlign = draw.XRight
	a.Tick.Label.YAlign = draw.YTop
	h := a.Tick.Label.Height("M")
	return (wd+h)*math.Sqrt2/2 - h
}

// unitTicks marks 0, 0.2, ..., 1, as numbers or as percentages.
func unitTicks(percent bool) plot.ConstantTicks {
	var ts plot.ConstantTicks
	for i := 0; i <= 10; i++ {
		v := float64(i) / 10
		t := plot.Tick{Value: v}
		if i%2 == 0 {
			t.Label = strconv.FormatFloat(v, 'f', 1, 64)
			if percent {
				t.Label = strconv.Itoa(10*i) + "%"
			}
		}
		ts = append(ts, t)
	}
	return ts
}

// niceStep is a step of 1, 2 or 5 × 10^k that cuts span into about n
// parts.
func niceStep(span float64, n int) float64 {
	if span <= 0 {
		return 1
	}
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5} {
		if raw <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

// stepTicks marks the multiples of step in [lo, hi], labelled with as
// many decimals as the step needs. gonum's default ticks label few values
// and count ticks as 25.00; these read as the tables do.
func stepTicks(lo, hi, step float64) plot.ConstantTicks {
	prec := max(0, int(math.Ceil(-math.Log10(step)-1e-9)))
	var ts plot.ConstantTicks
	for i := math.Ceil(lo/step - 1e-9); i*step <= hi+1e-9*step; i++ {
		ts = append(ts, plot.Tick{Value: i * step, Label: fixed(i*step, prec)})
	}
	return ts
}

// countAxis makes a an axis of counts from 0 to most, ending on a tick.
func countAxis(a *plot.Axis, most int) {
	step := math.Max(1, niceStep(float64(most), 5))
	a.Min = 0
	a.Max = math.Max(step, math.Ceil(float64(most)/step)*step)
	a.Tick.Marker = stepTicks(a.Min, a.Max, step)
}

// hline is a horizontal line at y from x0 to x1.
func hline(x0, x1, y float64, c color.Color, dashes ...vg.Length) (*plotter.Line, error) {
	l, err := plotter.NewLine(plotter.XYs{{X: x0, Y: y}, {X: x1, Y: y}})
	if err != nil {
		return nil, err
	}
	l.LineStyle = draw.LineStyle{Color: c, Width: vg.Points(1.5), Dashes: dashes}
	return l, nil
}

// mix is a + t·(b − a), channel by channel.
func mix(a, b color.RGBA, t float64) color.RGBA {
	f := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + t*(float64(y)-float64(x)))) }
	return color.RGBA{R: f(a.R, b.R), G: f(a.G, b.G), B: f(a.B, b.B), A: 0xff}
}

// shareColor is the colour of a share v in [0, 1] of a confusion-matrix
// row: a sequential blue ramp, light for 0 and dark for 1.
func shareColor(v float64) color.RGBA {
	lo := color.RGBA{R: 0xf7, G: 0xfb, B: 0xff, A: 0xff}
	md := color.RGBA{R: 0x6b, G: 0xae, B: 0xd6, A: 0xff}
	hi := color.RGBA{R: 0x08, G: 0x30, B: 0x6b, A: 0xff}
	v = math.Max(0, math.Min(1, v))
	if v < 0.5 {
		return mix(lo, md, 2*v)
	}
	return mix(md, hi, 2*v-1)
}

// annotatorColor is the colour of annotator n of m: shades of slate grey,
// kept apart from the label colours, from dark to light.
func annotatorColor(n, m int) color.RGBA {
	dark := color.RGBA{R: 0x2f, G: 0x3e, B: 0x4e, A: 0xff}
	light := color.RGBA{R: 0xb8, G: 0xc4, B: 0xd0, A: 0xff}
	if m < 2 {
		return dark
	}
	return mix(dark, light, float64(n)/float64(m-1))
}

// inkOn is a text colour that reads on background c.
func inkOn(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	lum := (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
	if lum < 0.5 {
		return color.White
	}
	return Ink()
}

// ramp is a palette of n colours along shareColor, for plotter.HeatMap.
type ramp int

// Colors returns the palette.
func (n ramp) Colors() []color.Color {
	cs := make([]color.Color, n)
	for i := range cs {
		cs[i] = shareColor(float64(i) / float64(n-1))
	}
	return cs
}

// flipped presents a row-normalised confusion matrix to plotter.HeatMap,
// which draws grid row 0 at the bottom: grid row r is gold label k-1-r,
// so that gold label 0 is the top row, as in a printed matrix.
type flipped [][]float64

func (m flipped) Dims() (c, r int)   { return len(m), len(m) }
func (m flipped) Z(c, r int) float64 { return m[len(m)-1-r][c] }
func (m flipped) X(c int) float64    { return float64(c) }
func (m flipped) Y(r int) float64    { return float64(r) }

// cellGrid draws white lines between the n × n cells of a heat map, so
// that pale neighbouring cells stay apart.
type cellGrid int

// Plot implements plot.Plotter.
func (n cellGrid) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := draw.LineStyle{Color: color.White, Width: vg.Points(1.5)}
	end := float64(n) - 0.5
	for i := 1; i < int(n); i++ {
		v := float64(i) - 0.5
		c.StrokeLine2(sty, trX(v), trY(-0.5), trX(v), trY(end))
		c.StrokeLine2(sty, trX(-0.5), trY(v), trX(end), trY(v))
	}
}

// shareBar is the colour key of a confusion-matrix heat map: shareColor
// from 0 (bottom) to 1 (top), drawn as vector steps rather than an
// embedded bitmap.
type shareBar struct{}

// Plot implements plot.Plotter.
func (shareBar) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	const steps = 50
	x0, x1 := trX(0), trX(1)
	for i := range steps {
		lo, hi := float64(i)/steps, float64(i+1)/steps
		y0, y1 := trY(lo), trY(hi)
		if i < steps-1 {
			y1 += vg.Points(0.5) // overlap the next step: no seam where they meet
		}
		c.FillPolygon(shareColor((lo+hi)/2), []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
	}
	y0, y1 := trY(0), trY(1)
	c.StrokeLines(draw.LineStyle{Color: Mid(), Width: vg.Points(0.5)},
		[]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}, {X: x0, Y: y0}})
}

// DataRange implements plot.DataRanger.
func (shareBar) DataRange() (xmin, xmax, ymin, ymax float64) { return 0, 1, 0, 1 }

// confusionChart draws the confusion matrix of c as a heat map of the
// row shares with the counts written in the cells, and a colour key.
func confusionChart(c *result.Column) ([]byte, error) {
	k := len(c.Labels)
	names := chartNames(c.Labels)
	cell := vg.Points(44)
	if k <= 4 {
		cell = 60
	}
	p := NewPlot(short(c.Name, 40)+": confusion matrix", "predicted", "gold")
	hm := plotter.NewHeatMap(flipped(c.ConfusionNorm), ramp(256))
	hm.Min, hm.Max = 0, 1
	p.Add(hm, cellGrid(k))
	counts := &plotter.Labels{}
	for g := range k {
		for q := range k {
			counts.XYs = append(counts.XYs, plotter.XY{X: float64(q), Y: float64(k - 1 - g)})
			counts.Labels = append(counts.Labels, strconv.Itoa(c.Confusion[g][q]))
			counts.TextStyle = append(counts.TextStyle, textStyle(10, inkOn(shareColor(c.ConfusionNorm[g][q])), draw.XCenter, draw.YCenter))
		}
	}
	p.Add(counts)
	nominal(&p.X, names)
	nominal(&p.Y, reversed(names))
	p.X.Width, p.Y.Width = 0, 0
	p.X.Padding, p.Y.Padding = vg.Points(2), vg.Points(2)
	extra := slant(&p.X, names, cell)

	const key = 70 // width of the colour key with its axis
	w := widest(p.Y.Tick.Label, names) + 40 + vg.Length(k)*cell + key
	h := 80 + vg.Length(k)*cell + extra
	cv, dc := NewCanvas(w, h)
	mc := draw.Crop(dc, 0, -key, 0, 0)
	da := p.DataCanvas(mc)
	p.Draw(mc)

	bar := NewPlot("", "", "row share")
	bar.Add(shareBar{})
	bar.HideX()
	bar.X.Padding, bar.Y.Padding = 0, 0
	bar.X.Min, bar.X.Max, bar.Y.Min, bar.Y.Max = 0, 1, 0, 1
	bar.Y.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0%"}, {Value: 0.25, Label: "25%"}, {Value: 0.5, Label: "50%"}, {Value: 0.75, Label: "75%"}, {Value: 1, Label: "100%"}}
	// The end tick labels stick out by half their height; give them that
	// room so that the key spans exactly the height of the matrix.
	half := bar.Y.Tick.Label.Height("0%") / 2
	bar.Draw(draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: w - key + 8, Y: da.Min.Y - half},
		Max: vg.Point{X: w - 6, Y: da.Max.Y + half},
	}})
	return SVGBytes(cv)
}

// f1Chart draws the F1 of each class as a bar in the label's colour with
// its interval, against lines at the macro-F1 of the model and of the
// majority baseline.
func f1Chart(c *result.Column) ([]byte, error) {
	k := len(c.Labels)
	names := chartNames(c.Labels)
	slot := vg.Points(math.Max(40, math.Min(70, 320/float64(k))))
	p := NewPlot(short(c.Name, 40)+": F1 per class", "", "F1")
	var xys plotter.XYs
	var errs plotter.YErrors
	colors := labelColors(c.Labels)
	for i, r := range c.PerClass {
		b, err := plotter.NewBarChart(plotter.Values{r.F1.Value}, slot*0.6)
		if err != nil {
			return nil, err
		}
		b.XMin = float64(i)
		b.Color = colors[i]
		b.LineStyle.Width = 0
		p.Add(b)
		// A class without an interval (never predicted, say) gets no
		// error bar rather than a flat cap that reads as one.
		if r.F1.Lo != r.F1.Value || r.F1.Hi != r.F1.Value {
			xys = append(xys, plotter.XY{X: float64(i), Y: r.F1.Value})
			errs = append(errs, struct{ Low, High float64 }{r.F1.Value - r.F1.Lo, r.F1.Hi - r.F1.Value})
		}
	}
	if len(xys) > 0 {
		p.Add(&plotter.YErrorBars{
			XYs: xys, YErrors: errs, CapWidth: vg.Points(6),
			LineStyle: draw.LineStyle{Color: Ink(), Width: vg.Points(1)},
		})
	}
	lg := newLegend()
	macro, err := hline(-0.5, float64(k)-0.5, c.MacroF1.Value, Ink(), vg.Points(6), vg.Points(3))
	if err != nil {
		return nil, err
	}
	base, err := hline(-0.5, float64(k)-0.5, c.Baseline.MacroF1, Mid(), vg.Points(1.5), vg.Points(2.5))
	if err != nil {
		return nil, err
	}
	p.Add(macro, base)
	lg.Add("macro-F1 "+num3(c.MacroF1.Value), macro)
	lg.Add("majority baseline "+num3(c.Baseline.MacroF1), base)
	nominal(&p.X, names)
	p.Y.Min, p.Y.Max = 0, 1
	p.Y.Tick.Marker = unitTicks(false)
	extra := slant(&p.X, names, slot)
	return render(p, lg, 60+vg.Length(k)*slot+150, 230+extra)
}

// curveChart draws the learning curve: macro-F1 and accuracy against the
// number of training documents, each with a band of ±1 sd.
func curveChart(c *result.Column) ([]byte, error) {
	pts := c.LearningCurve
	p := NewPlot(short(c.Name, 40)+": learning curve", "training documents", "score")
	lg := newLegend()
	lo, hi := 1.0, 0.0
	series := []struct {
		name   string
		col    color.RGBA
		dashes []vg.Length
		at     func(result.CurvePoint) (mean, sd float64)
	}{
		{"macro-F1 (mean ± sd)", Accent(), nil, func(q result.CurvePoint) (float64, float64) { return q.MacroF1, q.MacroF1SD }},
		{"accuracy (mean ± sd)", Accent2(), []vg.Length{vg.Points(5), vg.Points(3)}, func(q result.CurvePoint) (float64, float64) { return q.Accuracy, q.AccuracySD }},
	}
	for _, s := range series {
		var line, upper, lower plotter.XYs
		for _, q := range pts {
			m, sd := s.at(q)
			x := float64(q.TrainSize)
			line = append(line, plotter.XY{X: x, Y: m})
			upper = append(upper, plotter.XY{X: x, Y: math.Min(1, m+sd)})
			lower = append(lower, plotter.XY{X: x, Y: math.Max(0, m-sd)})
			lo, hi = math.Min(lo, m-sd), math.Max(hi, m+sd)
		}
		ring := append(upper, reversedXYs(lower)...)
		band, err := plotter.NewPolygon(ring)
		if err != nil {
			return nil, err
		}
		band.Color = Translucent(s.col)
		band.LineStyle.Width = 0
		l, err := plotter.NewLine(line)
		if err != nil {
			return nil, err
		}
		l.LineStyle = draw.LineStyle{Color: s.col, Width: vg.Points(1.75), Dashes: s.dashes}
		dots, err := plotter.NewScatter(line)
		if err != nil {
			return nil, err
		}
		dots.GlyphStyle = draw.GlyphStyle{Color: s.col, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
		p.Add(band, l, dots)
		lg.Add(s.name, band, l, dots)
	}
	xmin, xmax := float64(pts[0].TrainSize), float64(pts[0].TrainSize)
	for _, q := range pts {
		xmin, xmax = math.Min(xmin, float64(q.TrainSize)), math.Max(xmax, float64(q.TrainSize))
	}
	pad := math.Max((xmax-xmin)*0.05, 1)
	p.X.Min, p.X.Max = xmin-pad, xmax+pad
	if len(pts) <= 8 {
		var ts plot.ConstantTicks
		for _, q := range pts {
			ts = append(ts, plot.Tick{Value: float64(q.TrainSize), Label: strconv.Itoa(q.TrainSize)})
		}
		p.X.Tick.Marker = ts
	}
	p.Y.Min = math.Max(0, math.Floor((lo-0.05)*10)/10)
	p.Y.Max = math.Min(1, math.Ceil((hi+0.05)*10)/10)
	p.Y.Tick.Marker = stepTicks(p.Y.Min, p.Y.Max, niceStep(p.Y.Max-p.Y.Min, 5))
	return render(p, lg, 410, 260)
}

func reversedXYs(xys plotter.XYs) plotter.XYs {
	out := make(plotter.XYs, len(xys))
	for i, xy := range xys {
		out[len(xys)-1-i] = xy
	}
	return out
}

// binBars draws one bar per non-empty reliability bin, spanning the bin,
// as high as its count.
type binBars []result.Bin

// Plot implements plot.Plotter.
func (bs binBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, b := range bs {
		if b.Count == 0 {
			continue
		}
		gap := (b.Hi - b.Lo) * 0.08
		x0, x1 := trX(b.Lo+gap), trX(b.Hi-gap)
		y0, y1 := trY(0), trY(float64(b.Count))
		c.FillPolygon(grey(), []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
	}
	c.StrokeLine2(draw.LineStyle{Color: Mid(), Width: vg.Points(0.5)}, trX(0), trY(0), trX(1), trY(0))
}

// reliabilityChart draws the reliability diagram of c: for each
// non-empty bin its mean confidence against its accuracy, with the
// diagonal of perfect calibration, under a bar chart of the documents in
// each bin. A calibrated column also gets the diagram of its uncalibrated
// probabilities, dotted with hollow points, under the calibrated one.
func reliabilityChart(c *result.Column) ([]byte, error) {
	const w, h, top = 330, 380, 90
	p := NewPlot("", "mean confidence", "accuracy")
	diag, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return nil, err
	}
	diag.LineStyle = draw.LineStyle{Color: Mid(), Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	p.Add(diag)
	var raw plotter.XYs
	for _, b := range c.ReliabilityUncalibrated {
		if b.Count > 0 {
			raw = append(raw, plotter.XY{X: b.Confidence, Y: b.Accuracy})
		}
	}
	if len(raw) > 0 {
		l, err := plotter.NewLine(raw)
		if err != nil {
			return nil, err
		}
		l.LineStyle = draw.LineStyle{Color: Mid(), Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(1.5), vg.Points(2)}}
		dots, err := plotter.NewScatter(raw)
		if err != nil {
			return nil, err
		}
		dots.GlyphStyle = draw.GlyphStyle{Color: Mid(), Radius: vg.Points(3), Shape: draw.RingGlyph{}}
		p.Add(l, dots)
	}
	var xys plotter.XYs
	most := 0
	counts := &plotter.Labels{Offset: vg.Point{Y: vg.Points(2)}}
	for _, b := range c.Reliability {
		most = max(most, b.Count)
		if b.Count == 0 {
			continue
		}
		xys = append(xys, plotter.XY{X: b.Confidence, Y: b.Accuracy})
		counts.XYs = append(counts.XYs, plotter.XY{X: (b.Lo + b.Hi) / 2, Y: float64(b.Count)})
		counts.Labels = append(counts.Labels, strconv.Itoa(b.Count))
		counts.TextStyle = append(counts.TextStyle, textStyle(8, Ink(), draw.XCenter, draw.YBottom))
	}
	if len(xys) > 0 {
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		l.LineStyle = draw.LineStyle{Color: Accent(), Width: vg.Points(1.5)}
		dots, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		dots.GlyphStyle = draw.GlyphStyle{Color: Accent(), Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
		p.Add(l, dots)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	p.X.Tick.Marker = unitTicks(false)
	p.Y.Tick.Marker = unitTicks(false)

	title := short(c.Name, 30) + ": reliability (ECE " + num3(*c.ECE) + ")"
	if len(raw) > 0 {
		title = short(c.Name, 30) + ": ECE " + num3(c.ECEUncalibrated) + " → " + num3(*c.ECE)
	}
	hist := NewPlot(title, "", "")
	hist.Add(binBars(c.Reliability))
	if len(counts.Labels) > 0 {
		hist.Add(counts)
	}
	hist.HideAxes()
	hist.X.Padding, hist.Y.Padding = 0, 0
	hist.X.Min, hist.X.Max = 0, 1
	hist.Y.Min, hist.Y.Max = 0, math.Max(1, float64(most))*1.3

	cv, dc := NewCanvas(w, h)
	mc := draw.Crop(dc, 0, 0, 0, -top)
	da := p.DataCanvas(mc)
	p.Draw(mc)
	hist.Draw(draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: da.Min.X, Y: mc.Max.Y + 4},
		Max: vg.Point{X: da.Max.X, Y: h - 2},
	}})
	return SVGBytes(cv)
}

// countsChart draws the label counts of each annotator as grouped bars:
// one group per label, one bar per annotator.
func countsChart(a *result.Agreement) ([]byte, error) {
	k, m := len(a.Labels), len(a.Annotators)
	names := chartNames(a.Labels)
	slot := vg.Points(math.Max(float64(m*14+16), 48))
	bw := slot * 0.8 / vg.Length(m)
	p := NewPlot(short(a.Column, 40)+": labels per annotator", "", "items")
	lg := newLegend()
	for n, name := range a.Annotators {
		vs := make(plotter.Values, k)
		for i, v := range a.Counts[n] {
			vs[i] = float64(v)
		}
		b, err := plotter.NewBarChart(vs, bw)
		if err != nil {
			return nil, err
		}
		b.Color = annotatorColor(n, m)
		b.LineStyle.Width = 0
		b.Offset = vg.Length(float64(n)-float64(m-1)/2) * bw
		p.Add(b)
		lg.Add(short(name, 24), b)
	}
	most := 0
	for _, cs := range a.Counts {
		for _, v := range cs {
			most = max(most, v)
		}
	}
	nominal(&p.X, names)
	countAxis(&p.Y, most)
	extra := slant(&p.X, names, slot)
	return render(p, lg, 70+vg.Length(k)*slot+lg.Rectangle(draw.Canvas{}).Size().X, 250+extra)
}

// sharesChart draws the label shares of a column as stacked horizontal
// bars: all rows on top, then each group.
func sharesChart(s *result.SummaryColumn) ([]byte, error) {
	bars := append([]result.Group{s.Total}, s.Groups...)
	n := len(bars)
	names := make([]string, n)
	for j, g := range bars {
		names[n-1-j] = short(g.Name, 24) + " (n=" + strconv.Itoa(g.N) + ")"
	}
	p := NewPlot(short(s.Column, 40)+": label shares", "share", "")
	lg := newLegend()
	const thick = 18
	inBar := &plotter.Labels{}
	start := make([]float64, n)
	colors := labelColors(s.Labels)
	var prev *plotter.BarChart
	for k, l := range s.Labels {
		vs := make(plotter.Values, n)
		for j, g := range bars {
			y := n - 1 - j
			v := g.Shares[k]
			vs[y] = v
			if v >= 0.07 {
				inBar.XYs = append(inBar.XYs, plotter.XY{X: start[y] + v/2, Y: float64(y)})
				inBar.Labels = append(inBar.Labels, strconv.Itoa(int(math.Round(100*v)))+"%")
				inBar.TextStyle = append(inBar.TextStyle, textStyle(8, inkOn(colors[k]), draw.XCenter, draw.YCenter))
			}
			start[y] += v
		}
		b, err := plotter.NewBarChart(vs, thick)
		if err != nil {
			return nil, err
		}
		b.Horizontal = true
		b.Color = colors[k]
		b.LineStyle.Width = 0
		if prev != nil {
			b.StackOn(prev)
		}
		p.Add(b)
		lg.Add(short(showLabel(l), 24), b)
		prev = b
	}
	if len(inBar.Labels) > 0 {
		p.Add(inBar)
	}
	if n > 1 {
		// Set the bar of all rows apart from the groups.
		sep, err := plotter.NewLine(plotter.XYs{{X: 0, Y: float64(n) - 1.5}, {X: 1, Y: float64(n) - 1.5}})
		if err != nil {
			return nil, err
		}
		sep.LineStyle = draw.LineStyle{Color: Mid(), Width: vg.Points(0.75), Dashes: []vg.Length{vg.Points(3), vg.Points(3)}}
		p.Add(sep)
	}
	nominal(&p.Y, names)
	p.X.Min, p.X.Max = 0, 1
	p.X.Tick.Marker = unitTicks(true)
	h := max(90+vg.Length(n)*(thick+10), 60+lg.Rectangle(draw.Canvas{}).Size().Y)
	return render(p, lg, 560, h)
}

// featuresChart draws the top features of one label as horizontal bars,
// the heaviest on top: positive weights in the label's colour, negative
// ones grey.
func featuresChart(label string, col color.Color, fs []result.Feature) ([]byte, error) {
	n := len(fs)
	pos := make(plotter.Values, n)
	neg := make(plotter.Values, n)
	names := make([]string, n)
	lo, hi := 0.0, 0.0
	for i, f := range fs {
		j := n - 1 - i
		if f.Weight >= 0 {
			pos[j] = f.Weight
		} else {
			neg[j] = f.Weight
		}
		names[j] = short(f.Term, 28)
		lo, hi = math.Min(lo, f.Weight), math.Max(hi, f.Weight)
	}
	p := NewPlot("top features: "+short(label, 30), "weight", "")
	for _, part := range []struct {
		vs  plotter.Values
		col color.Color
	}{{pos, col}, {neg, grey()}} {
		b, err := plotter.NewBarChart(part.vs, vg.Points(11))
		if err != nil {
			return nil, err
		}
		b.Horizontal = true
		b.Color = part.col
		b.LineStyle.Width = 0
		p.Add(b)
	}
	nominal(&p.Y, names)
	if lo < 0 {
		zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.5}, {X: 0, Y: float64(n) - 0.5}})
		if err != nil {
			return nil, err
		}
		zero.LineStyle = draw.LineStyle{Color: Ink(), Width: vg.Points(0.75)}
		p.Add(zero)
	}
	if lo == hi {
		hi = lo + 1
	}
	p.X.Min, p.X.Max = lo, hi
	p.X.Tick.Marker = stepTicks(lo, hi, niceStep(hi-lo, 4))
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	return render(p, nil, 340, 80+vg.Length(n)*16)
}

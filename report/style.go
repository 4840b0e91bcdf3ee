package report

import (
	"bytes"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The chart style: the fonts, colours and canvas of every chart in a
// report, exported so that the project's other charts (the learning
// curves of cmd/simulate) look the same. Colours are functions, as the
// package keeps no variables.

// sans is the font of every chart: Liberation Sans, which gonum/plot
// ships and measures text with. Its metrics match Arial and Helvetica,
// which SVGBytes names as fallbacks, so text laid out here still fits
// where Liberation Sans is not installed.
func sans(size float64) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Points(size)}
}

// NewPlot is a plot in the report's style, with the given title and axis
// labels: the title in 12-point Liberation Sans, the axis labels in 10,
// the tick labels and the legend in 9.
func NewPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = sans(12)
	p.Title.Padding = vg.Points(8)
	p.X.Label.Text = x
	p.Y.Label.Text = y
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(10)
		a.Tick.Label.Font = sans(9)
	}
	p.Legend.TextStyle.Font = sans(9)
	return p
}

// NewCanvas is a w × h SVG canvas painted white, also where a legend or a
// second plot goes, so that a chart pasted onto a coloured page looks as
// it does here. Draw on the draw.Canvas, then write the SVG with
// SVGBytes.
func NewCanvas(w, h vg.Length) (*vgsvg.Canvas, draw.Canvas) {
	c := vgsvg.New(w, h)
	dc := draw.New(c)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	return c, dc
}

// SVGBytes returns the SVG of c. gonum/plot names only the font it
// measured with; Arial and Helvetica share its metrics, so naming them
// too keeps the text in its place on a system without Liberation Sans.
func SVGBytes(c *vgsvg.Canvas) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	return bytes.ReplaceAll(buf.Bytes(),
		[]byte(`style="font-family:Liberation Sans;`),
		[]byte(`style="font-family:'Liberation Sans',Arial,Helvetica,sans-serif;`)), nil
}

// Ink is the colour of text and of the lines that mark a value, such as
// a mean or a reference level.
func Ink() color.RGBA { return color.RGBA{R: 0x1a, G: 0x1a, B: 0x1a, A: 0xff} }

// Mid is the colour of secondary lines: a baseline, a diagonal, a frame.
func Mid() color.RGBA { return color.RGBA{R: 0x77, G: 0x77, B: 0x77, A: 0xff} }

// Accent is the colour of a chart's first data series.
func Accent() color.RGBA { return color.RGBA{R: 0x1f, G: 0x4e, B: 0x99, A: 0xff} }

// Accent2 is the colour of a chart's second data series.
func Accent2() color.RGBA { return color.RGBA{R: 0xc2, G: 0x5b, B: 0x12, A: 0xff} }

// grey is the colour of neutral bars: counts, negative weights.
func grey() color.RGBA { return color.RGBA{R: 0xa0, G: 0xa0, B: 0xa0, A: 0xff} }

// Translucent is c at the opacity of an uncertainty band around a series.
func Translucent(c color.RGBA) color.Color {
	const a = 0x40
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: a}
}

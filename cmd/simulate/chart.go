package main

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	"github.com/stance-nlp/stance/report"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// The chart is drawn in the style of the reports of `stance cv` and the
// other evaluation commands (report.NewPlot and its colours), so that a
// learning curve looks the same wherever it comes from.

// The chart's size, and the resolution of its PNG.
const (
	chartWidth  = 7 * vg.Inch
	chartHeight = 4.5 * vg.Inch
	pngDPI      = 144
)

// style is how one strategy's line and band are drawn.
type style struct {
	color  color.RGBA
	dashes []vg.Length
}

// strategyStyle returns the style of the i-th strategy: the report's
// accent solid, then its second accent dashed, then its mid grey dotted.
func strategyStyle(i int) style {
	styles := []style{
		{report.Accent(), nil},
		{report.Accent2(), []vg.Length{vg.Points(6), vg.Points(3)}},
		{report.Mid(), []vg.Length{vg.Points(2), vg.Points(2)}},
	}
	return styles[i%len(styles)]
}

// chartInput is what the chart shows.
type chartInput struct {
	title  string
	curves []curve
	full   float64 // accuracy of the model trained on the whole pool
	seeds  int
}

// newChart draws test accuracy against labels: one line per strategy (mean
// over seeds) with a min-max band, and reference lines at the full-data
// accuracy and at 95% of it.
func newChart(in chartInput) (*plot.Plot, error) {
	p := report.NewPlot(in.title, "labelled sentences", "test accuracy")
	p.Legend.Top, p.Legend.Left = false, false
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(6), vg.Points(6)
	p.Legend.ThumbnailWidth = vg.Points(24)
	p.Add(plotter.NewGrid())

	lo, hi, xmax := in.full, in.full, 0.0
	for i, c := range in.curves {
		if err := addCurve(p, c, strategyStyle(i), in.seeds); err != nil {
			return nil, err
		}
		for _, q := range c.points {
			lo, hi = math.Min(lo, q.min), math.Max(hi, q.max)
			xmax = math.Max(xmax, float64(q.labels))
		}
	}
	if err := addReferences(p, in.full, xmax); err != nil {
		return nil, err
	}
	p.X.Min, p.X.Max = 0, xmax
	p.X.Tick.Marker = countTicks{}
	p.Y.Min = math.Floor(lo*20) / 20
	p.Y.Max = math.Min(1, math.Ceil((hi+0.01)*20)/20)
	p.Y.Tick.Marker = percentTicks{}
	return p, nil
}

// addCurve adds a strategy's mean line and its min-max band over seeds.
func addCurve(p *plot.Plot, c curve, s style, seeds int) error {
	var mean, upper, lower plotter.XYs
	for _, q := range c.points {
		x := float64(q.labels)
		mean = append(mean, plotter.XY{X: x, Y: q.mean})
		upper = append(upper, plotter.XY{X: x, Y: q.max})
		lower = append([]plotter.XY{{X: x, Y: q.min}}, lower...)
	}
	band, err := plotter.NewPolygon(append(upper, lower...))
	if err != nil {
		return err
	}
	band.Color = report.Translucent(s.color)
	band.LineStyle.Width = 0
	line, err := plotter.NewLine(mean)
	if err != nil {
		return err
	}
	line.LineStyle = draw.LineStyle{Color: s.color, Width: vg.Points(2), Dashes: s.dashes}
	p.Add(band, line)
	name := fmt.Sprintf("%s (mean of %d seeds; band min-max)", c.strategy, seeds)
	if seeds == 1 {
		name = string(c.strategy)
	}
	p.Legend.Add(name, band, line)
	return nil
}

// addReferences adds horizontal lines at the full-data accuracy and at 95%
// of it, from 0 to xmax labels.
func addReferences(p *plot.Plot, full, xmax float64) error {
	refs := []struct {
		name   string
		y      float64
		dashes []vg.Length
	}{
		{fmt.Sprintf("full training set: %.1f%%", 100*full), full, nil},
		{fmt.Sprintf("95%% of full: %.1f%%", 95*full), 0.95 * full, []vg.Length{vg.Points(2), vg.Points(3)}},
	}
	for _, r := range refs {
		l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: r.y}, {X: xmax, Y: r.y}})
		if err != nil {
			return err
		}
		l.LineStyle = draw.LineStyle{Color: report.Ink(), Width: vg.Points(1), Dashes: r.dashes}
		p.Add(l)
		p.Legend.Add(r.name, l)
	}
	return nil
}

// percentTicks labels accuracy ticks as percentages, every 5 points.
type percentTicks struct{}

// Ticks returns a major tick every 0.05 between lo and hi.
func (percentTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for k := math.Ceil(lo*20 - 1e-9); k <= hi*20+1e-9; k++ {
		ts = append(ts, plot.Tick{Value: k / 20, Label: fmt.Sprintf("%.0f%%", k*5)})
	}
	return ts
}

// countTicks labels the label-count axis at a round step giving about
// eight ticks.
type countTicks struct{}

// Ticks returns labelled ticks at multiples of a 1, 2, 2.5 or 5 × 10^k
// step between lo and hi.
func (countTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 1.0
	for _, m := range []float64{1, 2, 2.5, 5} {
		for e := 0.0; e < 9; e++ {
			if s := m * math.Pow(10, e); (hi-lo)/s <= 8 && (step == 1 || s < step) {
				step = s
			}
		}
	}
	var ts []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi+1e-9; v += step {
		ts = append(ts, plot.Tick{Value: v, Label: fmt.Sprint(v)})
	}
	return ts
}

// rightMargin keeps the last x tick label, centred on the plot's right
// edge, inside the canvas.
const rightMargin = 16

// svgChart renders p as SVG on the report's white canvas, with its font
// fallbacks.
func svgChart(p *plot.Plot) ([]byte, error) {
	c, dc := report.NewCanvas(chartWidth, chartHeight)
	p.Draw(draw.Crop(dc, 0, -rightMargin, 0, 0))
	return report.SVGBytes(c)
}

// pngChart renders p as PNG at pngDPI, on white.
func pngChart(p *plot.Plot) ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(chartWidth, chartHeight), vgimg.UseDPI(pngDPI), vgimg.UseBackgroundColor(color.White))
	p.Draw(draw.Crop(draw.New(c), 0, -rightMargin, 0, 0))
	var buf bytes.Buffer
	_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(&buf)
	return buf.Bytes(), err
}

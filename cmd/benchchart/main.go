package main

import (
	"errors"
	"flag"
	"fmt"
	"image/color"
	"os"
	"strconv"

	"github.com/stance-nlp/stance/internal/csvfile"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

type result struct {
	kind, tool string
	rows, rate float64
}

func main() {
	in := flag.String("in", "out/bench/results.csv", "harness results `file`")
	out := flag.String("o", "docs/throughput.png", "chart `file` (.png or .svg)")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "benchchart:", err)
		os.Exit(1)
	}
}

// read returns the measured runs of the harness's results file; failed
// and unmeasured runs (rate NaN or not positive) are left out.
func read(path string) ([]result, error) {
	rows, err := csvfile.Read(path, "kind", "tool", "rows", "docs_per_s")
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errors.New(path + ": no results")
	}
	var out []result
	for _, r := range rows {
		n, err1 := strconv.ParseFloat(r[2], 64)
		rate, err2 := strconv.ParseFloat(r[3], 64)
		if err1 != nil || err2 != nil || rate != rate || rate <= 0 {
			continue // failed or unmeasured runs
		}
		out = append(out, result{r[0], r[1], n, rate})
	}
	return out, nil
}

func run(in, out string) error {
	res, err := read(in)
	if err != nil {
		return err
	}
	p := plot.New()
	p.Title.Text = "Labelling throughput against input size (2 cores)"
	p.X.Label.Text = "comments in the input (log scale)"
	p.Y.Label.Text = "comments per second"
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = rowTicks{}
	p.Y.Min = 0
	p.Add(plotter.NewGrid())

	series := []struct {
		kind, tool, name string
		color            color.RGBA
		line             bool
		shape            draw.GlyphDrawer
	}{
		{"linearity", "stance-shipped", "stance label, shipped model", color.RGBA{R: 0x1f, G: 0x4e, B: 0x99, A: 0xff}, true, draw.CircleGlyph{}},
		{"memory", "stance-shipped", "stance label, shipped model (10 MB, 1 GB files)", color.RGBA{R: 0x1f, G: 0x4e, B: 0x99, A: 0xff}, false, draw.RingGlyph{}},
		{"label", "stance", "stance label, SST-2 model", color.RGBA{R: 0x2a, G: 0x9d, B: 0x4b, A: 0xff}, false, draw.SquareGlyph{}},
		{"label", "fasttext", "fastText predict-prob, SST-2 model", color.RGBA{R: 0xc2, G: 0x5b, B: 0x12, A: 0xff}, false, draw.TriangleGlyph{}},
		{"label", "sklearn", "scikit-learn TF-IDF + LogisticRegression", color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}, false, draw.PyramidGlyph{}},
	}
	drawn := 0
	for _, s := range series {
		var xy plotter.XYs
		for _, r := range res {
			if r.kind == s.kind && r.tool == s.tool {
				xy = append(xy, plotter.XY{X: r.rows, Y: r.rate})
			}
		}
		if len(xy) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return err
		}
		sc.GlyphStyle.Color = s.color
		sc.GlyphStyle.Shape = s.shape
		sc.GlyphStyle.Radius = vg.Points(4)
		p.Add(sc)
		if s.line && len(xy) > 1 {
			l, err := plotter.NewLine(xy)
			if err != nil {
				return err
			}
			l.LineStyle.Color = s.color
			l.LineStyle.Width = vg.Points(1.5)
			p.Add(l)
		}
		p.Legend.Add(s.name, sc)
		drawn++
	}
	if drawn == 0 {
		return errors.New(in + ": no throughput figures to draw")
	}
	// Head room above the highest point for the legend, top left.
	top := 0.0
	for _, r := range res {
		top = max(top, r.rate)
	}
	p.Y.Max = 1.6 * top
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.XOffs = vg.Points(8)
	return p.Save(7*vg.Inch, 4.5*vg.Inch, out)
}

// rowTicks labels powers of ten as 1k, 10k, 100k, 1M, 10M.
type rowTicks struct{}

func (rowTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for v := 1.0; v <= max*10; v *= 10 {
		for m := 1.0; m < 10; m++ {
			x := v * m
			if x < min || x > max {
				continue
			}
			t := plot.Tick{Value: x}
			if m == 1 {
				t.Label = rowLabel(x)
			}
			ts = append(ts, t)
		}
	}
	return ts
}

func rowLabel(x float64) string {
	switch {
	case x >= 1e6:
		return strconv.FormatFloat(x/1e6, 'f', -1, 64) + "M"
	case x >= 1e3:
		return strconv.FormatFloat(x/1e3, 'f', -1, 64) + "k"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

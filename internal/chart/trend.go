package chart

import (
	"errors"
	"math"

	"github.com/sayso/sayso/internal/format"
)

// Axis is a value axis: its title, its range, and how its values are
// written: with Decimals decimals, and Suffix after them ("%").
type Axis struct {
	Title     string
	Low, High float64
	Decimals  int
	Suffix    string
}

// TrendChart is one figure over the waves, oldest first.
type TrendChart struct {
	Heading
	Axis   Axis
	Labels []string
	Values []float64
}

// WaveAxisTitle titles the axis of waves.
const WaveAxisTitle = "Wave"

// Trend draws a trend as a line with a dot at each wave and the value
// written above it; one wave draws a dot alone.
func Trend(s TrendChart, f Format) ([]byte, error) {
	if len(s.Values) == 0 || len(s.Labels) != len(s.Values) {
		return nil, errors.New("a trend needs one label per value, and at least one value")
	}
	low, high := s.Axis.Low, s.Axis.High
	if high <= low {
		high = low + 1
	}
	step := niceStep(high-low, 5, math.Pow(10, -float64(s.Axis.Decimals)))
	return render(f, Narrow, func(c *canvas) float64 {
		y := c.heading(s.Heading)
		plotT, plotB := y+10, y+210
		labelW := 0.0
		for v := low; v <= high+1e-9; v += step {
			labelW = math.Max(labelW, c.measure(format.Number(v, decimalsOf(step)), tickSize))
		}
		plotL, plotR := 16+22+labelW+10, c.w-24
		slot := (plotR - plotL) / float64(len(s.Values))
		x := func(i int) float64 { return plotL + slot*(float64(i)+0.5) }
		yOf := func(v float64) float64 {
			return plotB - (plotB-plotT)*(math.Max(low, math.Min(high, v))-low)/(high-low)
		}
		for v := low; v <= high+1e-9; v += step {
			c.line(plotL, yOf(v), plotR, yOf(v), lightGrey, 1)
			c.text(format.Number(v, decimalsOf(step)), plotL-8, yOf(v)+5, tickSize, text, right)
		}
		c.line(plotL, plotT, plotL, plotB, text, 1)
		c.line(plotL, plotB, plotR, plotB, text, 1)
		var points [][2]float64
		for i, v := range s.Values {
			points = append(points, [2]float64{x(i), yOf(v)})
		}
		if len(points) > 1 {
			c.r.ResetStyle()
			c.r.SetStrokeColor(blue)
			c.r.SetStrokeWidth(3 * c.scale)
			c.path(points)
			c.r.Stroke()
		}
		for i, p := range points {
			c.circle(p[0], p[1], 6, blue, white, 2)
			c.text(format.Number(s.Values[i], s.Axis.Decimals)+s.Axis.Suffix, p[0], p[1]-12, labelSize, text, centre)
		}
		bottom := plotB
		for i, label := range s.Labels {
			lines := c.wrap(label, slot-8, tickSize)
			for j, line := range lines {
				c.text(line, x(i), plotB+20+float64(j)*17, tickSize, text, centre)
			}
			bottom = math.Max(bottom, plotB+20+float64(len(lines)-1)*17)
		}
		c.text(WaveAxisTitle, (plotL+plotR)/2, bottom+24, axisSize, text, centre)
		c.upright(s.Axis.Title, 30, (plotT+plotB)/2, axisSize)
		return bottom + 38
	})
}

package chart

import (
	"math"

	"github.com/sayso/sayso/internal/format"
)

// ScoreChart is scores out of 100 as horizontal bars on a 0–100 score
// axis: the bars are one wave's (Current), and each earlier wave's score,
// where there is one to compare, is marked on its bar.
type ScoreChart struct {
	Heading
	// Rows says what each bar is, and titles the vertical axis ("Theme").
	Rows    string
	Current string
	// Earlier names the waves marked on the bars, the one just before first.
	Earlier []string
	Bars    []ScoreBar
}

// ScoreBar is one row: its score (nil, and no bar, where it is withheld),
// and its score in each earlier wave, in the order of ScoreChart.Earlier,
// nil where that wave has none to compare.
type ScoreBar struct {
	Label   string
	Value   *float64
	Earlier []*float64
}

// scoreTicks are where the score axis is labelled.
var scoreTicks = []float64{0, 20, 40, 60, 80, 100}

// ScoreAxisTitle titles the score axis: scores are not percentages.
const ScoreAxisTitle = "Score out of 100"

// Scores draws a score chart.
func Scores(s ScoreChart, f Format) ([]byte, error) {
	if len(s.Bars) == 0 {
		return nil, errNoBars
	}
	return render(f, Wide, func(c *canvas) float64 {
		y := c.heading(s.Heading)
		if len(s.Earlier) > 0 {
			items := []swatch{{s.Current + " (bar)", box(blue, false)}}
			for i, name := range s.Earlier {
				items = append(items, swatch{name, func(c *canvas, x, y float64) { c.mark(i, x+7, y+7, 7) }})
			}
			y = c.legend(items, y)
		}
		const labelX, labelW = 40.0, 220.0
		plotL, plotR := labelX+labelW+12, c.w-96
		x := func(v float64) float64 { return plotL + (plotR-plotL)*math.Max(0, math.Min(100, v))/100 }
		top := y
		type row struct {
			lines []string
			y, h  float64
		}
		rows := make([]row, len(s.Bars))
		for i, b := range s.Bars {
			lines := c.wrap(b.Label, labelW, labelSize)
			rows[i] = row{lines, y, math.Max(36, float64(len(lines))*18+14)}
			y += rows[i].h
		}
		for _, t := range scoreTicks {
			c.line(x(t), top, x(t), y, lightGrey, 1)
		}
		for i, b := range s.Bars {
			r := rows[i]
			mid := r.y + r.h/2
			for j, line := range r.lines {
				c.text(line, labelX+labelW, mid-float64(len(r.lines))*9+float64(j)*18+13, labelSize, text, right)
			}
			value := "withheld"
			if b.Value != nil {
				c.rect(plotL, mid-10, x(*b.Value), mid+10, blue)
				value = format.Number(*b.Value, 0)
			}
			// The oldest first, so that the wave just before is on top.
			for j := len(b.Earlier) - 1; j >= 0; j-- {
				if e := b.Earlier[j]; e != nil {
					c.mark(j, x(*e), mid, 10)
				}
			}
			if len(b.Earlier) > 0 && b.Earlier[0] != nil {
				value += ", was " + format.Number(*b.Earlier[0], 0)
			}
			c.text(value, plotR+10, mid+5, tickSize, text, left)
		}
		c.line(plotL, y, plotR, y, text, 1)
		for _, t := range scoreTicks {
			c.line(x(t), y, x(t), y+5, text, 1)
			c.text(format.Number(t, 0), x(t), y+20, tickSize, text, centre)
		}
		c.text(ScoreAxisTitle, (plotL+plotR)/2, y+42, axisSize, text, centre)
		c.upright(s.Rows, 26, (top+y)/2, axisSize)
		return y + 56
	})
}

// mark draws the marker of the i-th earlier wave centred on (x, y), r
// from its centre to its ends: a bar across for the wave just before,
// then open shapes, each outlined so that it shows on a bar and off it.
func (c *canvas) mark(i int, x, y, r float64) {
	switch i % 4 {
	case 0:
		c.rect(x-2.5, y-r-1, x+2.5, y+r+1, white)
		c.rect(x-1.5, y-r, x+1.5, y+r, text)
	case 1:
		c.circle(x, y, 0.5*r, white, text, 2)
	case 2:
		d := 0.55 * r
		c.polygon([][2]float64{{x - d, y - d}, {x + d, y - d}, {x + d, y + d}, {x - d, y + d}}, white, text, 2)
	default:
		d := 0.75 * r
		c.polygon([][2]float64{{x, y - d}, {x + d, y}, {x, y + d}, {x - d, y}}, white, text, 2)
	}
}

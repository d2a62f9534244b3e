package chart

import (
	"errors"
	"math"
	"strings"

	"github.com/sayso/sayso/internal/format"
)

// Count is how many people gave one number answer.
type Count struct {
	Value float64
	Count int
}

// Bin is the answers over Low up to and including High, and how many gave
// them. For whole numbers that is Low+1 to High.
type Bin struct {
	Low, High float64
	Count     int
}

// maxBins keeps each bin wide enough to see at the chart's width.
const maxBins = 30

// Bins groups answers into bins of one width on a linear axis, empty bins
// included, so that answers far apart are drawn far apart. Whole says
// every answer is a whole number; a bin then holds whole numbers and is
// drawn centred on them. With a threshold, one bin ends at it, so that no
// bin holds answers on both sides of it.
func Bins(counts []Count, threshold *float64) (bins []Bin, whole bool) {
	if len(counts) == 0 {
		return nil, true
	}
	lo, hi, whole := math.Inf(1), math.Inf(-1), true
	for _, c := range counts {
		lo, hi = math.Min(lo, c.Value), math.Max(hi, c.Value)
		whole = whole && c.Value == math.Trunc(c.Value)
	}
	origin := 0.0
	if threshold != nil {
		origin = cut(*threshold, whole)
	}
	// Bins no narrower than a hundredth, or one for whole numbers.
	smallest := math.Max(0.01, math.Pow(10, math.Floor(math.Log10((hi-lo)/maxBins))))
	if whole {
		smallest = 1
	}
	span := hi - lo
	if whole {
		span++
	}
	width := niceStep(span, maxBins-1, smallest)
	start := origin + width*math.Floor((lo-origin)/width)
	if start >= lo {
		start -= width
	}
	n := max(1, int(math.Ceil((hi-start)/width-1e-9)))
	for i := range n {
		bins = append(bins, Bin{Low: start + float64(i)*width, High: start + float64(i+1)*width})
	}
	for _, c := range counts {
		i := int(math.Ceil((c.Value-start)/width-1e-9)) - 1
		bins[max(0, min(n-1, i))].Count += c.Count
	}
	return bins, whole
}

// cut is where a threshold splits answers, and where a bin ends: the
// answers above it are above the threshold. Whole numbers above 15.5 are
// those above 15.
func cut(threshold float64, whole bool) float64 {
	if whole {
		return math.Floor(threshold)
	}
	return threshold
}

// HistogramChart is a number question's answers. With a threshold,
// answers above it are the unfavourable side: orange and hatched, and the
// threshold is drawn as a labelled line.
type HistogramChart struct {
	Heading
	// Unit titles the answer axis ("cases"); empty for plain numbers.
	Unit      string
	Threshold *float64
	// ThresholdName says what the threshold is ("the safe level").
	ThresholdName string
	Counts        []Count
}

// PeopleAxisTitle titles the axis of counts of people.
const PeopleAxisTitle = "Number of people"

// Histogram draws a histogram chart on a linear axis of answers.
func Histogram(s HistogramChart, f Format) ([]byte, error) {
	bins, whole := Bins(s.Counts, s.Threshold)
	if len(bins) == 0 {
		return nil, errors.New("a histogram needs at least one answer")
	}
	offset := 0.0
	if whole {
		offset = 0.5 // whole numbers sit in the middle of their bar
	}
	lo, hi := bins[0].Low+offset, bins[len(bins)-1].High+offset
	above := math.Inf(1)
	if s.Threshold != nil {
		above = cut(*s.Threshold, whole)
	}
	most := 0
	for _, b := range bins {
		most = max(most, b.Count)
	}
	step := niceStep(float64(max(most, 1)), 5, 1)
	top := step * math.Ceil(float64(max(most, 1))/step)
	return render(f, Narrow, func(c *canvas) float64 {
		y := c.heading(s.Heading)
		name := strings.TrimPrefix(s.ThresholdName, "the ")
		if s.Threshold != nil {
			limit := format.Number(*s.Threshold, -1)
			y = c.legend([]swatch{
				{"At or below " + limit + " (" + name + ")", box(blue, false)},
				{"Above " + limit + " (hatched)", box(orange, true)},
			}, y)
			y += 16 // room for the threshold's label above the plot
		}
		plotT, plotB := y+10, y+230
		labelW := c.measure(format.Number(top, 0), tickSize)
		plotL, plotR := 16+22+labelW+10, c.w-24
		x := func(v float64) float64 { return plotL + (plotR-plotL)*(v-lo)/(hi-lo) }
		yOf := func(n float64) float64 { return plotB - (plotB-plotT)*n/top }
		for n := 0.0; n <= top; n += step {
			c.line(plotL, yOf(n), plotR, yOf(n), lightGrey, 1)
			c.text(format.Number(n, 0), plotL-8, yOf(n)+5, tickSize, text, right)
		}
		for _, b := range bins {
			if b.Count == 0 {
				continue
			}
			x0, x1 := x(b.Low+offset)+0.5, x(b.High+offset)-0.5
			if b.Low >= above-1e-9 {
				c.rect(x0, yOf(float64(b.Count)), x1, plotB, orange)
				c.hatch(x0, yOf(float64(b.Count)), x1, plotB)
			} else {
				c.rect(x0, yOf(float64(b.Count)), x1, plotB, blue)
			}
		}
		if s.Threshold != nil {
			at := above + offset
			label := "Above " + name + ": right of the line"
			c.line(x(at), plotT-4, x(at), plotB, text, 2, 6, 4)
			if x(at)+4+c.measure(label, tickSize) > c.w {
				c.text(label, x(at)-4, plotT-8, tickSize, text, right)
			} else {
				c.text(label, x(at)+4, plotT-8, tickSize, text, left)
			}
		}
		c.line(plotL, plotB, plotR, plotB, text, 1)
		width := bins[0].High - bins[0].Low
		tick := niceStep(hi-lo, int((plotR-plotL)/48), width)
		for v := tick * math.Ceil(lo/tick); v <= hi+1e-9; v += tick {
			c.line(x(v), plotB, x(v), plotB+5, text, 1)
			c.text(format.Number(v, decimalsOf(tick)), x(v), plotB+20, tickSize, text, centre)
		}
		axis := "Answer"
		if s.Unit != "" {
			axis += " (" + s.Unit + ")"
		}
		c.text(axis, (plotL+plotR)/2, plotB+42, axisSize, text, centre)
		c.upright(PeopleAxisTitle, 30, (plotT+plotB)/2, axisSize)
		return plotB + 56
	})
}

// decimalsOf is how many decimals a tick step needs.
func decimalsOf(step float64) int {
	return max(0, int(math.Ceil(-math.Log10(step)-1e-9)))
}

package chart

import (
	"math"

	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/sayso/sayso/internal/format"
)

// AgreementBar is one statement's answers, counted from strongly disagree
// to strongly agree. Reverse marks a statement worded negatively, whose
// disagreeing answers are the favourable ones.
type AgreementBar struct {
	Label   string
	Counts  [5]float64
	Reverse bool
}

// Answer is how one of the five answers reads for a statement.
type Answer struct {
	// Colour fills the answer's part; Ink writes on it, with contrast.
	Colour, Ink drawing.Color
	// Favourable and Unfavourable say which way the answer leans; neither
	// is set for the middle answer. Unfavourable answers are hatched.
	Favourable, Unfavourable bool
}

// Answers colours the five answers of a statement, strongly disagree
// first: blue for the favourable side, orange and red (hatched) for the
// unfavourable one, whichever way the statement is worded.
func Answers(reverse bool) [5]Answer {
	strongly, leaning := Answer{Colour: darkBlue, Ink: white, Favourable: true}, Answer{Colour: blue, Ink: white, Favourable: true}
	against, stronglyAgainst := Answer{Colour: orange, Ink: text, Unfavourable: true}, Answer{Colour: red, Ink: white, Unfavourable: true}
	neither := Answer{Colour: midGrey, Ink: text}
	if reverse {
		return [5]Answer{strongly, leaning, neither, against, stronglyAgainst}
	}
	return [5]Answer{stronglyAgainst, against, neither, leaning, strongly}
}

// ReverseNote marks a negatively worded statement in a chart.
const ReverseNote = "(worded negatively: disagreeing is favourable)"

// Agreement draws each statement's answers as a bar of shares from
// strongly disagree (left) to strongly agree (right), coloured by whether
// each answer is favourable; a share wide enough carries its percentage.
func Agreement(h Heading, bars []AgreementBar, f Format) ([]byte, error) {
	if len(bars) == 0 {
		return nil, errNoBars
	}
	return render(f, Wide, func(c *canvas) float64 {
		y := c.heading(h)
		y = c.legend([]swatch{
			{"Favourable", box(blue, false)},
			{"Neither", box(midGrey, false)},
			{"Unfavourable (hatched)", box(orange, true)},
		}, y)
		c.text("Each bar runs from strongly disagree (left) to strongly agree (right).", 16, y+2, tickSize, text, left)
		y += 20
		const labelX, labelW = 40.0, 220.0
		plotL, plotR := labelX+labelW+12, c.w-24
		x := func(share float64) float64 { return plotL + (plotR-plotL)*share }
		top := y
		for _, b := range bars {
			label := b.Label
			if b.Reverse {
				label += " " + ReverseNote
			}
			lines := c.wrap(label, labelW, labelSize)
			h := math.Max(40, float64(len(lines))*18+14)
			mid := y + h/2
			for j, line := range lines {
				c.text(line, labelX+labelW, mid-float64(len(lines))*9+float64(j)*18+13, labelSize, text, right)
			}
			total := 0.0
			for _, n := range b.Counts {
				total += n
			}
			if total <= 0 {
				c.rect(plotL, mid-12, plotR, mid+12, lightGrey)
				c.text("no answers", (plotL+plotR)/2, mid+5, tickSize, text, centre)
			}
			answers, from := Answers(b.Reverse), 0.0
			for i, n := range b.Counts {
				if total <= 0 || n <= 0 {
					continue
				}
				share := n / total
				x0, x1 := x(from), x(from+share)
				c.rect(x0, mid-12, x1, mid+12, answers[i].Colour)
				if answers[i].Unfavourable {
					c.hatch(x0, mid-12, x1, mid+12)
				}
				if label := format.Number(share*100, 0) + "%"; x1-x0 >= c.measure(label, tickSize)+6 {
					c.text(label, (x0+x1)/2, mid+5, tickSize, answers[i].Ink, centre)
				}
				from += share
			}
			y += h
		}
		c.line(plotL, y, plotR, y, text, 1)
		for _, t := range []float64{0, 25, 50, 75, 100} {
			c.line(x(t/100), y, x(t/100), y+5, text, 1)
			c.text(format.Number(t, 0)+"%", x(t/100), y+20, tickSize, text, centre)
		}
		c.text("Share of answers", (plotL+plotR)/2, y+42, axisSize, text, centre)
		c.upright("Statement", 26, (top+y)/2, axisSize)
		return y + 56
	})
}

// Package format writes figures as words and numbers the same way on every
// page, in the CSV export and in the board report.
package format

import (
	"strconv"
	"strings"
	"time"
	// The zone database goes into the binary, so that times read as in
	// London on a server that has none.
	_ "time/tzdata"

	"github.com/sayso/sayso/internal/results"
)

// Units a figure is measured in, as results names them.
const (
	Score   = "score"   // out of 100
	Mean    = "mean"    // of a scale, to one decimal
	ENPS    = "enps"    // −100 to 100
	Percent = "percent" // a percentage
)

// IndicatorUnit is the unit an indicator of a kind is measured in:
// favourable and above indicators are percentages.
func IndicatorUnit(kind string) string {
	switch kind {
	case Mean, ENPS:
		return kind
	}
	return Percent
}

// Figure writes a value to the given decimal places, or a dash for none.
func Figure(v *float64, places int) string {
	if v == nil {
		return "–"
	}
	return strconv.FormatFloat(*v, 'f', places, 64)
}

// Percentage writes a percentage already out of 100.
func Percentage(v *float64) string {
	if v == nil {
		return "–"
	}
	return strconv.FormatFloat(*v, 'f', 0, 64) + "%"
}

// Share writes a proportion as a whole percentage.
func Share(p *results.Proportion) string {
	if p == nil {
		return "–"
	}
	return strconv.FormatFloat(100*p.Share, 'f', 0, 64) + "%"
}

// Interval writes a 95% interval as "low to high", or nothing for none.
func Interval(i *results.Interval, places int) string {
	if i == nil {
		return ""
	}
	return strconv.FormatFloat(i.Low, 'f', places, 64) + " to " + strconv.FormatFloat(i.High, 'f', places, 64)
}

// Places is how many decimals a unit is written with.
func Places(unit string) int {
	if unit == Mean {
		return 1
	}
	return 0
}

// Value writes a figure in its unit: a mean to one decimal, eNPS signed,
// a percentage with its sign, a score whole.
func Value(unit string, v *float64) string {
	switch unit {
	case Mean:
		return Figure(v, 1)
	case ENPS:
		s := Figure(v, 0)
		switch {
		case v == nil || s == "0" || s == "-0":
			return strings.TrimPrefix(s, "-")
		case *v > 0:
			return "+" + s
		}
		return "−" + s[1:]
	case Percent:
		return Percentage(v)
	}
	return Figure(v, 0)
}

// Change writes a difference with its sign, in the unit's own terms:
// percentages move in percentage points.
func Change(unit string, d *float64) string {
	if d == nil {
		return "–"
	}
	s := strconv.FormatFloat(*d, 'f', Places(unit), 64)
	zero := strconv.FormatFloat(0, 'f', Places(unit), 64)
	switch {
	case s == zero || s == "-"+zero:
		s = zero
	case s[0] == '-':
		s = "−" + s[1:] // a true minus sign, as in print
	default:
		s = "+" + s
	}
	if unit == Percent {
		s += " pts"
	}
	return s
}

// Verdict says in words, and with a symbol for the eye, what a test of
// change found. Colour is never the only sign.
type Verdict struct {
	Symbol string
	Words  string
	// Class names the direction for styling: rise, fall or none.
	Class string
}

// Judge reads a movement's test.
func Judge(m results.Movement) Verdict {
	switch {
	case m.Difference == nil:
		return Verdict{Symbol: "", Words: "Not in both waves", Class: "none"}
	case m.P == nil:
		return Verdict{Symbol: "?", Words: "Too few answers to test", Class: "none"}
	case m.Significant && *m.Difference > 0:
		return Verdict{Symbol: "▲", Words: "Significant rise", Class: "rise"}
	case m.Significant && *m.Difference < 0:
		return Verdict{Symbol: "▼", Words: "Significant fall", Class: "fall"}
	}
	return Verdict{Symbol: "≈", Words: "No significant change", Class: "none"}
}

// P writes a p-value as a board paper would: to two significant figures,
// and "below 0.001" when it is.
func P(p *float64) string {
	if p == nil {
		return ""
	}
	if *p < 0.001 {
		return "p < 0.001"
	}
	return "p = " + strconv.FormatFloat(*p, 'g', 2, 64)
}

// london is where the people reading Sayso's pages are.
var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err) // the zone database is built in
	}
	return loc
}()

// When writes a day or a moment as people in the UK read them, the same
// on every staff page and in the report: a day stored as 2026-12-01 reads
// "1 December 2026", a moment stored in RFC 3339 reads "1 December 2026,
// 07:56" in London's time (GMT or BST). Anything else is written as it is.
func When(stored string) string {
	if day, err := time.Parse(time.DateOnly, stored); err == nil {
		return day.Format("2 January 2006")
	}
	if moment, err := time.Parse(time.RFC3339, stored); err == nil {
		return moment.In(london).Format("2 January 2006, 15:04")
	}
	return stored
}

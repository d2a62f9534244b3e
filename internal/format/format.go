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
	"github.com/sayso/sayso/internal/survey"
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
func IndicatorUnit(kind survey.IndicatorKind) string {
	switch kind {
	case survey.Mean:
		return Mean
	case survey.ENPS:
		return ENPS
	}
	return Percent
}

// ColumnUnit is the unit of a heatmap column's figures: a theme's score,
// or its headline figure's unit.
func ColumnUnit(c results.HeatmapColumn) string {
	if c.IndicatorKind == "" {
		return Score
	}
	return IndicatorUnit(c.IndicatorKind)
}

// Figure writes a value to the given decimal places, or a dash for none.
func Figure(v *float64, places int) string {
	if v == nil {
		return "–"
	}
	return Number(*v, places)
}

// Number writes a number to the given decimal places as print does: a
// true minus sign (−), and no minus on a value that rounds to zero. Every
// value and interval on a page or in the report is written by it.
func Number(v float64, places int) string {
	s := strconv.FormatFloat(v, 'f', places, 64)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	if s[0] == '-' {
		return "−" + s[1:]
	}
	return s
}

// Plain writes a number for a spreadsheet: two decimals and an ASCII
// hyphen-minus, which a spreadsheet reads as a number where it would take
// a true minus sign for text.
func Plain(v *float64) string {
	if v == nil {
		return ""
	}
	s := strconv.FormatFloat(*v, 'f', 2, 64)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	return s
}

// PlainInterval writes a 95% interval's ends for a spreadsheet, each as
// Plain writes a value, or two empty cells for none.
func PlainInterval(i *results.Interval) (low, high string) {
	if i == nil {
		return "", ""
	}
	return Plain(&i.Low), Plain(&i.High)
}

// Percentage writes a percentage already out of 100.
func Percentage(v *float64) string {
	if v == nil {
		return "–"
	}
	return Number(*v, 0) + "%"
}

// Rate writes a response rate, a proportion of those invited, as a whole
// percentage, or says it is not known (no headcount).
func Rate(r *float64) string {
	if r == nil {
		return "not known"
	}
	return Number(100**r, 0) + "%"
}

// Share writes a proportion as a whole percentage.
func Share(p *results.Proportion) string {
	if p == nil {
		return "–"
	}
	return Number(100*p.Share, 0) + "%"
}

// Interval writes a 95% interval as "low to high", in the same style as
// the value it belongs to, or nothing for none.
func Interval(i *results.Interval, places int) string {
	if i == nil {
		return ""
	}
	return Number(i.Low, places) + " to " + Number(i.High, places)
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
		if v != nil && *v > 0 && s != "0" {
			return "+" + s
		}
		return s
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
	s := Number(*d, Places(unit))
	if *d > 0 && s != Number(0, Places(unit)) {
		s = "+" + s
	}
	if unit == Percent {
		s += " pts"
	}
	return s
}

// Verdict says in words, and with a symbol for the eye, what a test of
// change found, read with the way the figure is better. Colour and the
// symbol only repeat the words.
type Verdict struct {
	// Symbol shows which way the figure moved: ▲ up, ▼ down.
	Symbol string
	Words  string
	// Class names the verdict for styling: improved, worsened or none.
	Class string
}

// Judge reads a movement's test.
func Judge(m results.Movement) Verdict {
	switch {
	case m.Difference == nil:
		return Verdict{Words: "Not in both waves", Class: "none"}
	case m.NotTested == results.NoVariation:
		return Verdict{Symbol: "?", Words: "Cannot be tested: every answer the same", Class: "none"}
	case m.P == nil:
		return Verdict{Symbol: "?", Words: "Too few answers to test", Class: "none"}
	}
	symbol := "▲"
	if *m.Difference < 0 {
		symbol = "▼"
	}
	switch {
	case m.Significant && m.Direction == results.Improved:
		return Verdict{Symbol: symbol, Words: "Improved", Class: "improved"}
	case m.Significant && m.Direction == results.Worsened:
		return Verdict{Symbol: symbol, Words: "Worsened", Class: "worsened"}
	case m.Significant && *m.Difference > 0:
		return Verdict{Symbol: symbol, Words: "Significant rise", Class: "none"}
	case m.Significant:
		return Verdict{Symbol: symbol, Words: "Significant fall", Class: "none"}
	}
	return Verdict{Symbol: "≈", Words: "No significant change", Class: "none"}
}

// P writes a p-value as a board paper would: to two significant figures,
// more where two would round it across 0.05 (0.0499 is never "0.05"), and
// "below 0.001" when it is.
func P(p *float64) string {
	if p == nil {
		return ""
	}
	if *p < 0.001 {
		return "p < 0.001"
	}
	return "p = " + pValue(*p)
}

// Tested writes a change's p-value beside the one adjusted for its family,
// which its label follows: "p = 0.012, adjusted p = 0.048".
func Tested(m results.Movement) string {
	if m.P == nil {
		return ""
	}
	s := P(m.P)
	if m.PAdjusted != nil {
		a := P(m.PAdjusted)
		s += ", adjusted " + a
	}
	return s
}

func pValue(p float64) string {
	for digits := 2; ; digits++ {
		s := strconv.FormatFloat(p, 'g', digits, 64)
		written, _ := strconv.ParseFloat(s, 64)
		if (written < results.Alpha) == (p < results.Alpha) || digits >= 17 {
			return s
		}
	}
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

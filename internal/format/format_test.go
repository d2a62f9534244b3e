package format

import (
	"testing"

	"github.com/sayso/sayso/internal/results"
)

func TestChange(t *testing.T) {
	for _, c := range []struct {
		name, unit string
		d          *float64
		want       string
	}{
		{"none", Score, nil, "–"},
		{"rise", Score, new(12.4), "+12"},
		{"fall with a true minus", Score, new(-7.6), "−8"},
		{"rounds to nothing from below", Score, new(-0.2), "0"},
		{"rounds to nothing from above", Score, new(0.4), "0"},
		{"mean to one place", Mean, new(0.44), "+0.4"},
		{"mean fall", Mean, new(-0.04), "0.0"},
		{"percentage points", Percent, new(25.0), "+25 pts"},
		{"eNPS", ENPS, new(-10.0), "−10"},
	} {
		if got := Change(c.unit, c.d); got != c.want {
			t.Errorf("%s: Change(%s, %v) = %q, want %q", c.name, c.unit, c.d, got, c.want)
		}
	}
}

func TestJudgeSaysItInWordsAndSymbols(t *testing.T) {
	for _, c := range []struct {
		name  string
		m     results.Movement
		words string
		sym   string
		class string
	}{
		{"in one wave only", results.Movement{Later: new(50.0)}, "Not in both waves", "", "none"},
		{"too few to test", results.Movement{Earlier: new(50.0), Later: new(60.0), Difference: new(10.0), NotTested: results.TooFew}, "Too few answers to test", "?", "none"},
		{"no variation", results.Movement{Difference: new(25.0), NotTested: results.NoVariation}, "Cannot be tested: every answer the same", "?", "none"},
		{"a better score rose", results.Movement{Difference: new(10.0), P: new(0.01), Significant: true, Better: results.Higher, Direction: results.Improved}, "Improved", "▲", "improved"},
		{"a share above the safe level fell", results.Movement{Difference: new(-18.0), P: new(0.001), Significant: true, Better: results.Lower, Direction: results.Improved}, "Improved", "▼", "improved"},
		{"a share above the safe level rose", results.Movement{Difference: new(17.0), P: new(0.001), Significant: true, Better: results.Lower, Direction: results.Worsened}, "Worsened", "▲", "worsened"},
		{"an option with no better way", results.Movement{Difference: new(-10.0), P: new(0.01), Significant: true}, "Significant fall", "▼", "none"},
		{"chance", results.Movement{Difference: new(10.0), P: new(0.02), PAdjusted: new(0.2), Better: results.Higher, Direction: results.Unchanged}, "No significant change", "≈", "none"},
	} {
		if v := Judge(c.m); v.Words != c.words || v.Symbol != c.sym || v.Class != c.class {
			t.Errorf("%s: %+v", c.name, v)
		}
	}
}

func TestPNeverRoundsAcrossTheLevel(t *testing.T) {
	for p, want := range map[float64]string{
		0.0149563639: "p = 0.015", 0.5: "p = 0.5", 0.0009: "p < 0.001", 0.05: "p = 0.05",
		0.0499: "p = 0.0499", 0.04999: "p = 0.04999", 0.04951: "p = 0.0495", 0.0501: "p = 0.05", 0.0449: "p = 0.045",
	} {
		if got := P(&p); got != want {
			t.Errorf("P(%v) = %q, want %q", p, got, want)
		}
	}
	if P(nil) != "" {
		t.Error("no test, yet a p-value")
	}
	m := results.Movement{P: new(0.012), PAdjusted: new(0.0498)}
	if got := Tested(m); got != "p = 0.012, adjusted p = 0.0498" {
		t.Errorf("Tested = %q", got)
	}
	if Tested(results.Movement{}) != "" {
		t.Error("an untested change has a p-value")
	}
}

func TestOneNumberStyle(t *testing.T) {
	// The eNPS value and its interval both with a true minus and no
	// decimals, as "−35" and "−46 to −24", never "-45.7 to -23.7".
	if v, i := Value(ENPS, new(-35.2)), Interval(&results.Interval{Low: -45.7, High: -23.7}, Places(ENPS)); v != "−35" || i != "−46 to −24" {
		t.Errorf("eNPS %q, interval %q", v, i)
	}
	if got := Interval(&results.Interval{Low: -0.3, High: 4.2}, 0); got != "0 to 4" {
		t.Errorf("an end that rounds to zero: %q", got)
	}
	if Interval(nil, 0) != "" {
		t.Error("no interval written as one")
	}
	for v, want := range map[float64]string{-1.234: "-1.23", 2: "2.00", -0.001: "0.00"} {
		if got := Plain(&v); got != want {
			t.Errorf("Plain(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestPlainIntervalAndRate(t *testing.T) {
	if low, high := PlainInterval(&results.Interval{Low: -3.456, High: 12}); low != "-3.46" || high != "12.00" {
		t.Errorf("PlainInterval = %q, %q", low, high)
	}
	if low, high := PlainInterval(nil); low != "" || high != "" {
		t.Errorf("PlainInterval(nil) = %q, %q", low, high)
	}
	for _, c := range []struct {
		r    *float64
		want string
	}{{new(0.5), "50%"}, {new(0.666), "67%"}, {new(0.0), "0%"}, {nil, "not known"}} {
		if got := Rate(c.r); got != c.want {
			t.Errorf("Rate(%v) = %q, want %q", c.r, got, c.want)
		}
	}
}

func TestValueInItsUnit(t *testing.T) {
	for _, c := range []struct {
		unit string
		v    *float64
		want string
	}{
		{Score, new(67.5), "68"}, {Mean, new(6.44), "6.4"}, {ENPS, new(12.0), "+12"}, {ENPS, new(-46.0), "−46"}, {ENPS, new(-0.3), "0"}, {Percent, new(61.2), "61%"}, {Score, nil, "–"},
	} {
		if got := Value(c.unit, c.v); got != c.want {
			t.Errorf("Value(%s, %v) = %q, want %q", c.unit, c.v, got, c.want)
		}
	}
	if IndicatorUnit("favourable") != Percent || IndicatorUnit("above") != Percent || IndicatorUnit("mean") != Mean || IndicatorUnit("enps") != ENPS {
		t.Error("indicator units")
	}
}

func TestWhen(t *testing.T) {
	tests := []struct{ name, stored, want string }{
		{"a day", "2026-12-01", "1 December 2026"},
		{"a winter moment, GMT", "2026-12-01T07:56:35Z", "1 December 2026, 07:56"},
		{"a summer moment, BST", "2026-06-30T23:30:00Z", "1 July 2026, 00:30"},
		{"an offset moment", "2026-03-29T01:30:00+02:00", "28 March 2026, 23:30"},
		{"the clocks go forward", "2026-03-29T01:00:00Z", "29 March 2026, 02:00"},
		{"nothing", "", ""},
		{"not a date", "soon", "soon"},
		{"not a real day", "2026-02-30", "2026-02-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := When(tt.stored); got != tt.want {
				t.Errorf("When(%q) = %q, want %q", tt.stored, got, tt.want)
			}
		})
	}
}

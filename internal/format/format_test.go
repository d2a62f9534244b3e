package format

import (
	"testing"

	"github.com/sayso/sayso/internal/results"
)

func ptr(v float64) *float64 { return &v }

func TestChange(t *testing.T) {
	for _, c := range []struct {
		name, unit string
		d          *float64
		want       string
	}{
		{"none", Score, nil, "–"},
		{"rise", Score, ptr(12.4), "+12"},
		{"fall with a true minus", Score, ptr(-7.6), "−8"},
		{"rounds to nothing from below", Score, ptr(-0.2), "0"},
		{"rounds to nothing from above", Score, ptr(0.4), "0"},
		{"mean to one place", Mean, ptr(0.44), "+0.4"},
		{"mean fall", Mean, ptr(-0.04), "0.0"},
		{"percentage points", Percent, ptr(25), "+25 pts"},
		{"eNPS", ENPS, ptr(-10), "−10"},
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
	}{
		{"in one wave only", results.Movement{Later: ptr(50)}, "Not in both waves", ""},
		{"too few to test", results.Movement{Earlier: ptr(50), Later: ptr(60), Difference: ptr(10)}, "Too few answers to test", "?"},
		{"significant rise", results.Movement{Difference: ptr(10), P: ptr(0.01), Significant: true}, "Significant rise", "▲"},
		{"significant fall", results.Movement{Difference: ptr(-10), P: ptr(0.01), Significant: true}, "Significant fall", "▼"},
		{"chance", results.Movement{Difference: ptr(10), P: ptr(0.2)}, "No significant change", "≈"},
	} {
		if v := Judge(c.m); v.Words != c.words || v.Symbol != c.sym {
			t.Errorf("%s: %+v", c.name, v)
		}
	}
}

func TestP(t *testing.T) {
	for p, want := range map[float64]string{0.0149563639: "p = 0.015", 0.5: "p = 0.5", 0.0009: "p < 0.001", 0.05: "p = 0.05"} {
		if got := P(&p); got != want {
			t.Errorf("P(%v) = %q, want %q", p, got, want)
		}
	}
	if P(nil) != "" {
		t.Error("no test, yet a p-value")
	}
}

func TestValueInItsUnit(t *testing.T) {
	for _, c := range []struct {
		unit string
		v    *float64
		want string
	}{
		{Score, ptr(67.5), "68"}, {Mean, ptr(6.44), "6.4"}, {ENPS, ptr(12), "+12"}, {ENPS, ptr(-46), "−46"}, {ENPS, ptr(-0.3), "0"}, {Percent, ptr(61.2), "61%"}, {Score, nil, "–"},
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

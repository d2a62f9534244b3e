package results

import (
	"math"
	"testing"
)

func near(got, want, tolerance float64) bool { return math.Abs(got-want) <= tolerance }

func countsOf(values ...float64) Counts {
	c := Counts{}
	for _, v := range values {
		c[v]++
	}
	return c
}

// The expected values below were computed apart from this code: t-table
// quantiles from a printed table, the rest by hand or with Python's
// statistics module and a numerical integration of the t density.

func TestTQuantileMatchesTheTable(t *testing.T) {
	for df, want := range map[float64]float64{1: 12.706, 2: 4.303, 7: 2.365, 9: 2.262, 29: 2.045, 1000: 1.962} {
		if got := tQuantile(df); !near(got, want, 0.0005) {
			t.Errorf("t(0.975, %v) = %.4f, want %.3f", df, got, want)
		}
	}
}

func TestMeanMedianAndInterval(t *testing.T) {
	tests := []struct {
		name             string
		counts           Counts
		mean, low, high  float64
		median, variance float64
		ok, interval     bool
	}{
		// mean 5, sd 2.138090, t(7) 2.364624: half-width 1.787488
		{"textbook sample", countsOf(2, 4, 4, 4, 5, 5, 7, 9), 5, 3.212512, 6.787488, 4.5, 4.571429, true, true},
		{"no answers", Counts{}, 0, 0, 0, 0, 0, false, false},
		{"one answer", countsOf(7), 7, 0, 0, 7, 0, true, false},
		{"all answers equal", countsOf(3, 3, 3, 3), 3, 0, 0, 3, 0, true, false},
		{"odd count", countsOf(1, 2, 10), 13.0 / 3, -7.920, 16.587, 2, 24.333333, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mean, interval, ok := tt.counts.Mean()
			median, _ := tt.counts.Median()
			if ok != tt.ok || !near(mean, tt.mean, 1e-6) || !near(median, tt.median, 1e-9) || !near(tt.counts.Variance(), tt.variance, 1e-6) {
				t.Errorf("mean %v median %v variance %v ok %v", mean, median, tt.counts.Variance(), ok)
			}
			if (interval != nil) != tt.interval {
				t.Fatalf("interval %+v, want one: %v", interval, tt.interval)
			}
			if interval != nil && (!near(interval.Low, tt.low, 1e-3) || !near(interval.High, tt.high, 1e-3)) {
				t.Errorf("interval %+v, want %v to %v", interval, tt.low, tt.high)
			}
		})
	}
}

func TestWilsonShare(t *testing.T) {
	tests := []struct {
		x, n            int
		share, low, hig float64
	}{
		{1, 10, 0.1, 0.017876, 0.404150}, // Newcombe (1998): 0.0179 to 0.4042
		{0, 10, 0, 0, 0.277533},
		{10, 10, 1, 0.722467, 1},
		{81, 263, 0.307985, 0.255289, 0.366210},
	}
	for _, tt := range tests {
		share, interval, ok := Share(tt.x, tt.n)
		if !ok || interval == nil || !near(share, tt.share, 1e-6) || !near(interval.Low, tt.low, 1e-6) || !near(interval.High, tt.hig, 1e-6) {
			t.Errorf("Share(%d, %d) = %v %+v, want %v [%v, %v]", tt.x, tt.n, share, interval, tt.share, tt.low, tt.hig)
		}
	}
	if _, _, ok := Share(0, 0); ok {
		t.Error("a share of no answers was given")
	}
	if _, interval, ok := Share(1, 1); !ok || interval != nil {
		t.Errorf("one answer has an interval: %+v", interval)
	}
}

func TestNetScoreAdjustedWald(t *testing.T) {
	// 50 promoters, 20 detractors of 100: eNPS 0.30. Adjusted: n 103,
	// promoters 50.75/103, detractors 20.75/103, centre 30/103 = 0.291262;
	// variance (71.5/103 − 0.291262²)/103 = 0.005916, half-width 0.150754.
	score, interval, ok := NetScore(50, 20, 100)
	if !ok || !near(score, 0.3, 1e-12) || !near(interval.Low, 0.140508, 1e-5) || !near(interval.High, 0.442016, 1e-5) {
		t.Errorf("NetScore = %v %+v", score, interval)
	}
	// Everyone a promoter: the score is +100 but the interval is not a point.
	if score, interval, _ := NetScore(5, 0, 5); score != 1 || interval == nil || interval.High != 1 || interval.Low > 0.8 {
		t.Errorf("all promoters: %v %+v", score, interval)
	}
	if _, _, ok := NetScore(0, 0, 0); ok {
		t.Error("a net score of no answers was given")
	}
}

func TestTwoProportions(t *testing.T) {
	// 45/100 then 60/100: pooled 0.525, z = 2.123977, p = 0.033672.
	c, untested := TwoProportions(45, 100, 60, 100)
	if untested != "" || !near(c.Difference, 0.15, 1e-12) || !near(c.P, 0.033672, 1e-6) || c.Test != ZTest {
		t.Errorf("45/100 to 60/100: %+v", c)
	}
	// 45/100 then 50/100: pooled 0.475, z = 0.707989, p = 0.478950.
	if c, _ := TwoProportions(45, 100, 50, 100); !near(c.P, 0.478950, 1e-6) {
		t.Errorf("45/100 to 50/100: %+v", c)
	}
	if _, untested := TwoProportions(10, 10, 20, 20); untested != NoVariation {
		t.Errorf("all favourable both times was tested: %q", untested)
	}
	if _, untested := TwoProportions(1, 0, 1, 1); untested != TooFew {
		t.Error("a wave with no answers was compared")
	}
}

func TestSmallSharesUseFisher(t *testing.T) {
	// 0 of 1 against 3 of 3: the z-test says p = 0.046, Fisher's exact
	// test 0.25 (one table in four is as extreme).
	c, untested := Proportions(0, 1, 3, 3)
	if untested != "" || c.Test != FisherTest || !near(c.P, 0.25, 1e-12) {
		t.Errorf("0/1 to 3/3: %+v %q", c, untested)
	}
	// Large counts keep the z-test.
	if c, _ := Proportions(45, 100, 60, 100); c.Test != ZTest {
		t.Errorf("45/100 to 60/100: %+v", c)
	}
	if _, untested := Proportions(0, 4, 0, 6); untested != NoVariation {
		t.Errorf("nobody either time: %q", untested)
	}
}

func TestWelch(t *testing.T) {
	// Welch's own example (as in most references): t = 2.455, df = 24.99, p = 0.021378.
	first := countsOf(27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4)
	second := countsOf(27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4)
	c, untested := Welch(first, second)
	if untested != "" || !near(c.Difference, 2.166667, 1e-6) || !near(c.P, 0.021378, 1e-5) {
		t.Errorf("Welch = %+v", c)
	}
	if _, untested := Welch(countsOf(3), countsOf(3, 4)); untested != TooFew {
		t.Error("a one-answer wave was tested")
	}
	if _, untested := Welch(countsOf(3, 3), countsOf(3, 3, 3)); untested != NoVariation {
		t.Errorf("no change and no spread: %q", untested)
	}
	// Two answers of 4 against two of 5: no spread on either side, so no
	// test, never p = 0.
	if c, untested := Welch(countsOf(4, 4), countsOf(5, 5)); untested != NoVariation || c.P != 0 || c.Test != "" {
		t.Errorf("every answer moved and no spread: %+v %q", c, untested)
	}
}

func TestCorrections(t *testing.T) {
	p := []float64{0.01, 0.04, 0.03, 0.005}
	// Holm: sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1, kept rising:
	// 0.02, 0.03, 0.06, 0.06.
	holm := Holm(p)
	for i, want := range []float64{0.03, 0.06, 0.06, 0.02} {
		if !near(holm[i], want, 1e-12) {
			t.Errorf("Holm[%d] = %v, want %v", i, holm[i], want)
		}
	}
	// BH: 0.005×4/1, 0.01×4/2, 0.03×4/3, 0.04×4/4, kept falling from the top:
	// 0.02, 0.02, 0.04, 0.04.
	bh := BenjaminiHochberg(p)
	for i, want := range []float64{0.02, 0.04, 0.04, 0.02} {
		if !near(bh[i], want, 1e-12) {
			t.Errorf("BH[%d] = %v, want %v", i, bh[i], want)
		}
	}
	if len(Holm(nil)) != 0 || len(BenjaminiHochberg(nil)) != 0 {
		t.Error("an empty family gave p-values")
	}
}

// TestMeanReadsTheSameEveryTime checks that a mean made from the same
// counts is the same to the last bit however the map is walked: a theme
// score near a half once rounded either way from one read to the next.
func TestMeanReadsTheSameEveryTime(t *testing.T) {
	c := Counts{}
	for i := 1; i <= 60; i++ {
		c[1+float64(i%29)/7+float64(i)/113] = i
	}
	first, _, _ := c.Mean()
	firstVariance := c.Variance()
	for range 200 {
		if mean, _, _ := c.Mean(); mean != first {
			t.Fatalf("the mean read %v, then %v", first, mean)
		}
		if v := c.Variance(); v != firstVariance {
			t.Fatalf("the variance read %v, then %v", firstVariance, v)
		}
	}
}

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
		ok               bool
	}{
		// mean 5, sd 2.138090, t(7) 2.364624: half-width 1.787488
		{"textbook sample", countsOf(2, 4, 4, 4, 5, 5, 7, 9), 5, 3.212512, 6.787488, 4.5, 4.571429, true},
		{"no answers", Counts{}, 0, 0, 0, 0, 0, false},
		{"one answer", countsOf(7), 7, 7, 7, 7, 0, true},
		{"all answers equal", countsOf(3, 3, 3, 3), 3, 3, 3, 3, 0, true},
		{"odd count", countsOf(1, 2, 10), 13.0 / 3, -7.4, 16.1, 2, 24.333333, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mean, interval, ok := tt.counts.Mean()
			median, _ := tt.counts.Median()
			if ok != tt.ok || !near(mean, tt.mean, 1e-6) || !near(median, tt.median, 1e-9) || !near(tt.counts.Variance(), tt.variance, 1e-6) {
				t.Errorf("mean %v median %v variance %v ok %v", mean, median, tt.counts.Variance(), ok)
			}
			if tt.name != "odd count" && (!near(interval.Low, tt.low, 1e-5) || !near(interval.High, tt.high, 1e-5)) {
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
		{0, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		share, interval := Share(tt.x, tt.n)
		if !near(share, tt.share, 1e-6) || !near(interval.Low, tt.low, 1e-6) || !near(interval.High, tt.hig, 1e-6) {
			t.Errorf("Share(%d, %d) = %v %+v, want %v [%v, %v]", tt.x, tt.n, share, interval, tt.share, tt.low, tt.hig)
		}
	}
}

func TestNetScore(t *testing.T) {
	// 50 promoters, 20 detractors of 100: eNPS 0.30; variance
	// (0.5 + 0.2 - 0.09) / 100 = 0.0061, half-width 1.96 * 0.078102 = 0.153077.
	score, interval := NetScore(50, 20, 100)
	if !near(score, 0.3, 1e-12) || !near(interval.Low, 0.146923, 1e-5) || !near(interval.High, 0.453077, 1e-5) {
		t.Errorf("NetScore = %v %+v", score, interval)
	}
	if score, interval := NetScore(10, 0, 10); score != 1 || interval.High != 1 || interval.Low != 1 {
		t.Errorf("all promoters: %v %+v", score, interval)
	}
	if score, _ := NetScore(0, 0, 0); score != 0 {
		t.Errorf("no answers: %v", score)
	}
}

func TestTwoProportions(t *testing.T) {
	// 45/100 then 60/100: pooled 0.525, z = 2.123977, p = 0.033672.
	c, ok := TwoProportions(45, 100, 60, 100)
	if !ok || !near(c.Difference, 0.15, 1e-12) || !near(c.P, 0.033672, 1e-6) || !c.Significant {
		t.Errorf("45/100 to 60/100: %+v", c)
	}
	// 45/100 then 50/100: pooled 0.475, z = 0.707989, p = 0.478950: not significant.
	if c, _ := TwoProportions(45, 100, 50, 100); c.Significant || !near(c.P, 0.478950, 1e-6) {
		t.Errorf("45/100 to 50/100: %+v", c)
	}
	if c, _ := TwoProportions(10, 10, 20, 20); c.Significant || c.P != 1 {
		t.Errorf("all favourable both times: %+v", c)
	}
	if _, ok := TwoProportions(1, 0, 1, 1); ok {
		t.Error("a wave with no answers was compared")
	}
}

func TestWelch(t *testing.T) {
	// Welch's own example (as in most references): t = 2.455, df = 24.99, p = 0.021378.
	first := countsOf(27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4)
	second := countsOf(27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4)
	c, ok := Welch(first, second)
	if !ok || !near(c.Difference, 2.166667, 1e-6) || !near(c.P, 0.021378, 1e-5) || !c.Significant {
		t.Errorf("Welch = %+v", c)
	}
	if _, ok := Welch(countsOf(3), countsOf(3, 4)); ok {
		t.Error("a one-answer wave was tested")
	}
	if c, _ := Welch(countsOf(3, 3), countsOf(3, 3, 3)); c.P != 1 || c.Significant {
		t.Errorf("no change and no spread: %+v", c)
	}
	if c, _ := Welch(countsOf(3, 3), countsOf(4, 4)); c.P != 0 || !c.Significant {
		t.Errorf("every answer moved and no spread: %+v", c)
	}
}

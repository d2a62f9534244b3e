// Package results turns stored answers into the figures a principal social
// worker reads: scores, proportions and means with 95% intervals, tests of
// change between waves, and the anonymity rules that decide what may be
// shown at all.
package results

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// z95 is the standard normal quantile for a two-sided 95% interval.
const z95 = 1.959963984540054

// Interval is a 95% interval around an estimate.
type Interval struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// Counts is how many answers had each value.
type Counts map[float64]int

// N is the number of answers counted.
func (c Counts) N() int {
	n := 0
	for _, k := range c {
		n += k
	}
	return n
}

// Mean is the mean of the counted values, with a t interval; ok is false
// with no answers. With one answer, or all answers equal, the interval is
// the mean itself: nothing says it could be otherwise.
func (c Counts) Mean() (mean float64, interval Interval, ok bool) {
	n := c.N()
	if n == 0 {
		return 0, Interval{}, false
	}
	sum := 0.0
	for v, k := range c {
		sum += v * float64(k)
	}
	mean = sum / float64(n)
	if n == 1 {
		return mean, Interval{mean, mean}, true
	}
	squares := 0.0
	for v, k := range c {
		squares += float64(k) * (v - mean) * (v - mean)
	}
	sd := math.Sqrt(squares / float64(n-1))
	half := tQuantile(float64(n-1)) * sd / math.Sqrt(float64(n))
	return mean, Interval{mean - half, mean + half}, true
}

// Variance is the sample variance of the counted values (n − 1 divisor).
func (c Counts) Variance() float64 {
	n := c.N()
	if n < 2 {
		return 0
	}
	mean, _, _ := c.Mean()
	squares := 0.0
	for v, k := range c {
		squares += float64(k) * (v - mean) * (v - mean)
	}
	return squares / float64(n-1)
}

// Median is the middle value, or the mean of the two middle values when
// there is an even number of answers; ok is false with no answers.
func (c Counts) Median() (float64, bool) {
	n := c.N()
	if n == 0 {
		return 0, false
	}
	values := make([]float64, 0, len(c))
	for v := range c {
		values = append(values, v)
	}
	slices.SortFunc(values, cmp.Compare)
	// at returns the value at 0-based position i in sorted order.
	at := func(i int) float64 {
		seen := 0
		for _, v := range values {
			seen += c[v]
			if i < seen {
				return v
			}
		}
		return values[len(values)-1]
	}
	if n%2 == 1 {
		return at(n / 2), true
	}
	return (at(n/2-1) + at(n/2)) / 2, true
}

// Share is a proportion x/n with its Wilson score interval, which stays
// within 0 and 1 and behaves at 0 and n, where the textbook interval fails.
func Share(x, n int) (float64, Interval) {
	if n == 0 {
		return 0, Interval{}
	}
	p := float64(x) / float64(n)
	nf := float64(n)
	z2 := z95 * z95
	centre := (p + z2/(2*nf)) / (1 + z2/nf)
	half := z95 * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / (1 + z2/nf)
	return p, Interval{max(0, centre-half), min(1, centre+half)}
}

// NetScore is a share of promoters minus a share of detractors (eNPS),
// from -1 to 1, with a normal-approximation interval from the multinomial
// variance of the difference.
func NetScore(promoters, detractors, n int) (float64, Interval) {
	if n == 0 {
		return 0, Interval{}
	}
	pp, pd := float64(promoters)/float64(n), float64(detractors)/float64(n)
	score := pp - pd
	half := z95 * math.Sqrt((pp+pd-score*score)/float64(n))
	return score, Interval{max(-1, score-half), min(1, score+half)}
}

// Change is the test of a difference between two waves.
type Change struct {
	Difference  float64 `json:"difference"`
	P           float64 `json:"p"`
	Significant bool    `json:"significant"`
	Test        string  `json:"test"`
}

// Alpha is the significance level for a change between waves.
const Alpha = 0.05

// TwoProportions tests x1/n1 against x2/n2 with the pooled two-proportion
// z-test. The difference is the second share minus the first.
func TwoProportions(x1, n1, x2, n2 int) (Change, bool) {
	if n1 == 0 || n2 == 0 {
		return Change{}, false
	}
	p1, p2 := float64(x1)/float64(n1), float64(x2)/float64(n2)
	pooled := float64(x1+x2) / float64(n1+n2)
	c := Change{Difference: p2 - p1, P: 1, Test: "two-proportion z-test"}
	se := math.Sqrt(pooled * (1 - pooled) * (1/float64(n1) + 1/float64(n2)))
	if se > 0 {
		z := (p2 - p1) / se
		c.P = math.Erfc(math.Abs(z) / math.Sqrt2)
	}
	c.Significant = c.P < Alpha
	return c, true
}

// Welch tests the difference of two means with Welch's t-test, which does
// not assume equal variances. The difference is the second mean minus the
// first. Both samples need at least two answers.
func Welch(first, second Counts) (Change, bool) {
	n1, n2 := float64(first.N()), float64(second.N())
	if n1 < 2 || n2 < 2 {
		return Change{}, false
	}
	m1, _, _ := first.Mean()
	m2, _, _ := second.Mean()
	v1, v2 := first.Variance()/n1, second.Variance()/n2
	c := Change{Difference: m2 - m1, P: 1, Test: "Welch's t-test"}
	if v1+v2 > 0 {
		t := (m2 - m1) / math.Sqrt(v1+v2)
		df := (v1 + v2) * (v1 + v2) / (v1*v1/(n1-1) + v2*v2/(n2-1))
		c.P = 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
	} else if m1 != m2 {
		c.P = 0
	}
	c.Significant = c.P < Alpha
	return c, true
}

// tQuantile is the two-sided 95% quantile of Student's t with df degrees
// of freedom.
func tQuantile(df float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(0.975)
}

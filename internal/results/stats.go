// Package results turns stored answers into the figures a principal social
// worker reads: scores, proportions and means with 95% intervals, tests of
// change between waves, and the anonymity rules that decide what may be
// shown at all.
package results

import (
	"cmp"
	"maps"
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
// with no answers. With fewer than two answers, or all answers equal, there
// is no interval: a sample that does not vary says nothing of how far the
// mean could be out, and an interval equal to the point would claim it is
// exact.
func (c Counts) Mean() (mean float64, interval *Interval, ok bool) {
	n := c.N()
	if n == 0 {
		return 0, nil, false
	}
	sum := 0.0
	for _, v := range c.values() {
		sum += v * float64(c[v])
	}
	mean = sum / float64(n)
	variance := c.Variance()
	if n < 2 || variance == 0 {
		return mean, nil, true
	}
	half := tQuantile(float64(n-1)) * math.Sqrt(variance/float64(n))
	return mean, &Interval{mean - half, mean + half}, true
}

// values lists the counted values in order: sums of floating-point numbers
// depend on their order, and a figure must read the same every time it is
// made, whatever order the map gives.
func (c Counts) values() []float64 {
	return slices.Sorted(maps.Keys(c))
}

// Variance is the sample variance of the counted values (n − 1 divisor).
func (c Counts) Variance() float64 {
	n := c.N()
	if n < 2 {
		return 0
	}
	sum := 0.0
	for _, v := range c.values() {
		sum += v * float64(c[v])
	}
	mean := sum / float64(n)
	squares := 0.0
	for _, v := range c.values() {
		squares += float64(c[v]) * (v - mean) * (v - mean)
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
// ok is false when n is 0: there is no share of nobody. The interval is nil
// for a single answer.
func Share(x, n int) (share float64, interval *Interval, ok bool) {
	if n == 0 {
		return 0, nil, false
	}
	p := float64(x) / float64(n)
	if n < 2 {
		return p, nil, true
	}
	nf := float64(n)
	z2 := z95 * z95
	centre := (p + z2/(2*nf)) / (1 + z2/nf)
	half := z95 * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / (1 + z2/nf)
	return p, &Interval{max(0, centre-half), min(1, centre+half)}, true
}

// NetScore is a share of promoters minus a share of detractors (eNPS),
// from −1 to 1, with the adjusted Wald interval of Rocks (2016): three
// quarters of an answer added to the promoters and to the detractors, and
// three to the whole, before the normal approximation. Unlike the plain
// Wald interval it does not shrink to a point when everyone is a promoter,
// and keeps close to 95% coverage in groups of a few people. ok is false
// when n is 0; the interval is nil when n is 1.
func NetScore(promoters, detractors, n int) (score float64, interval *Interval, ok bool) {
	if n == 0 {
		return 0, nil, false
	}
	score = float64(promoters-detractors) / float64(n)
	if n < 2 {
		return score, nil, true
	}
	adjusted := float64(n) + 3
	pp, pd := (float64(promoters)+0.75)/adjusted, (float64(detractors)+0.75)/adjusted
	centre := pp - pd
	half := z95 * math.Sqrt((pp+pd-centre*centre)/adjusted)
	return score, &Interval{max(-1, centre-half), min(1, centre+half)}, true
}

// Change is the test of a difference between two waves.
type Change struct {
	Difference float64
	P          float64
	Test       string
}

// Untested says why a change was not tested; empty when it was.
type Untested string

const (
	// TooFew: either wave has fewer answers than the test needs.
	TooFew Untested = "too few answers to test"
	// NoVariation: every answer in both waves is the same, so there is no
	// spread to measure a change against; such a change is never p = 0.
	NoVariation Untested = "no variation in either wave"
)

// Alpha is the significance level for a change between waves, applied to
// the p-value adjusted for its family.
const Alpha = 0.05

// Test names, as the API and the method note give them.
const (
	ZTest      = "two-proportion z-test"
	FisherTest = "Fisher's exact test"
	WelchTest  = "Welch's t-test"
)

// TwoProportions tests x1/n1 against x2/n2 with the pooled two-proportion
// z-test. The difference is the second share minus the first.
func TwoProportions(x1, n1, x2, n2 int) (Change, Untested) {
	if n1 == 0 || n2 == 0 {
		return Change{}, TooFew
	}
	p1, p2 := float64(x1)/float64(n1), float64(x2)/float64(n2)
	pooled := float64(x1+x2) / float64(n1+n2)
	if pooled == 0 || pooled == 1 {
		return Change{}, NoVariation
	}
	se := math.Sqrt(pooled * (1 - pooled) * (1/float64(n1) + 1/float64(n2)))
	z := (p2 - p1) / se
	return Change{Difference: p2 - p1, P: math.Erfc(math.Abs(z) / math.Sqrt2), Test: ZTest}, ""
}

// Fisher tests x1/n1 against x2/n2 with Fisher's exact test, two-sided:
// the probability, with the margins fixed, of every table no more likely
// than the one seen (with R's relative tolerance of 1e−7 for ties).
func Fisher(x1, n1, x2, n2 int) (Change, Untested) {
	if n1 == 0 || n2 == 0 {
		return Change{}, TooFew
	}
	successes := x1 + x2
	if successes == 0 || successes == n1+n2 {
		return Change{}, NoVariation
	}
	// logP is the log hypergeometric probability that the first sample
	// holds k of the successes.
	logP := func(k int) float64 {
		return logChoose(n1, k) + logChoose(n2, successes-k) - logChoose(n1+n2, successes)
	}
	observed := logP(x1)
	p := 0.0
	for k := max(0, successes-n2); k <= min(n1, successes); k++ {
		if lp := logP(k); lp <= observed+math.Log1p(1e-7) {
			p += math.Exp(lp)
		}
	}
	return Change{Difference: float64(x2)/float64(n2) - float64(x1)/float64(n1), P: min(1, p), Test: FisherTest}, ""
}

// Proportions tests a change in a share: with the two-proportion z-test,
// or Fisher's exact test when any count expected under no change is
// under 5, where the normal approximation is not to be trusted.
func Proportions(x1, n1, x2, n2 int) (Change, Untested) {
	if n1 == 0 || n2 == 0 {
		return Change{}, TooFew
	}
	pooled := float64(x1+x2) / float64(n1+n2)
	smallest := min(float64(n1), float64(n2)) * min(pooled, 1-pooled)
	if smallest < 5 {
		return Fisher(x1, n1, x2, n2)
	}
	return TwoProportions(x1, n1, x2, n2)
}

func logChoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// Welch tests the difference of two means with Welch's t-test, which does
// not assume equal variances. The difference is the second mean minus the
// first. Both samples need at least two answers, and at least one of them
// must vary.
func Welch(first, second Counts) (Change, Untested) {
	n1, n2 := float64(first.N()), float64(second.N())
	if n1 < 2 || n2 < 2 {
		return Change{}, TooFew
	}
	m1, _, _ := first.Mean()
	m2, _, _ := second.Mean()
	v1, v2 := first.Variance()/n1, second.Variance()/n2
	if v1+v2 == 0 {
		return Change{}, NoVariation
	}
	t := (m2 - m1) / math.Sqrt(v1+v2)
	df := (v1 + v2) * (v1 + v2) / (v1*v1/(n1-1) + v2*v2/(n2-1))
	p := 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
	return Change{Difference: m2 - m1, P: p, Test: WelchTest}, ""
}

// Holm adjusts p-values for a family of tests by Holm's step-down method,
// which holds the chance of any false "significant" in the family to Alpha
// whatever the tests' dependence. The result is in the order given.
func Holm(p []float64) []float64 {
	order := ascending(p)
	m := len(p)
	adjusted := make([]float64, m)
	running := 0.0
	for rank, i := range order {
		running = max(running, min(1, float64(m-rank)*p[i]))
		adjusted[i] = running
	}
	return adjusted
}

// BenjaminiHochberg adjusts p-values for a family of tests so that, of the
// changes called significant, at most Alpha are expected to be chance (the
// false discovery rate). The result is in the order given.
func BenjaminiHochberg(p []float64) []float64 {
	order := ascending(p)
	m := len(p)
	adjusted := make([]float64, m)
	running := 1.0
	for rank := m - 1; rank >= 0; rank-- {
		i := order[rank]
		running = min(running, float64(m)/float64(rank+1)*p[i])
		adjusted[i] = running
	}
	return adjusted
}

// ascending lists the indices of p from the smallest value up.
func ascending(p []float64) []int {
	order := make([]int, len(p))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
	return order
}

// tQuantile is the two-sided 95% quantile of Student's t with df degrees
// of freedom.
func tQuantile(df float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(0.975)
}

package results

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

// goldenCase is one line of testdata/golden.tsv: what R computed from the
// inputs (see testdata/golden.R; `make golden` writes it again).
type goldenCase struct {
	kind, id string
	a, b     []float64
	want     [][]float64
}

func readGolden(t *testing.T) []goldenCase {
	t.Helper()
	f, err := os.Open("testdata/golden.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []goldenCase
	lines := bufio.NewScanner(f)
	lines.Buffer(nil, 1<<20)
	for lines.Scan() {
		fields := strings.Split(lines.Text(), "\t")
		if len(fields) < 5 {
			t.Fatalf("golden line with %d fields: %q", len(fields), lines.Text())
		}
		c := goldenCase{kind: fields[0], id: fields[1], a: numbers(t, fields[2]), b: numbers(t, fields[3])}
		for _, f := range fields[4:] {
			c.want = append(c.want, numbers(t, f))
		}
		cases = append(cases, c)
	}
	if err := lines.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

func numbers(t *testing.T, field string) []float64 {
	t.Helper()
	var out []float64
	for _, s := range strings.Fields(field) {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("golden number %q: %v", s, err)
		}
		out = append(out, v)
	}
	return out
}

// agrees compares with R to a relative 1e−9 (absolute for values near 0):
// the same formula, computed apart.
func agrees(got, want float64) bool {
	return math.Abs(got-want) <= 1e-9*max(1, math.Abs(want))
}

// TestGoldenValuesFromR checks every statistic and test against R: the t
// interval of a mean, Wilson's interval, Welch's test, the two-proportion
// z-test, Fisher's exact test, Holm's and Benjamini–Hochberg's adjustments,
// eNPS with its adjusted Wald interval, and a theme's per-person score.
func TestGoldenValuesFromR(t *testing.T) {
	cases := readGolden(t)
	seen := map[string]int{}
	def := ownFixture(t, "golden-theme.yaml")
	for _, c := range cases {
		seen[c.kind]++
		var got []float64
		switch c.kind {
		case "mean":
			mean, interval, _ := countsOf(c.a...).Mean()
			got = []float64{mean, interval.Low, interval.High}
		case "wilson":
			share, interval, _ := Share(int(c.a[0]), int(c.a[1]))
			got = []float64{share, interval.Low, interval.High}
		case "welch":
			change, _ := Welch(countsOf(c.a...), countsOf(c.b...))
			got = []float64{change.Difference, change.P}
		case "ztest":
			change, _ := TwoProportions(int(c.a[0]), int(c.a[1]), int(c.a[2]), int(c.a[3]))
			got = []float64{change.Difference, change.P}
		case "fisher":
			change, _ := Fisher(int(c.a[0]), int(c.a[1]), int(c.a[2]), int(c.a[3]))
			got = []float64{change.Difference, change.P}
		case "holm":
			got = Holm(c.a)
		case "bh":
			got = BenjaminiHochberg(c.a)
		case "enps":
			promoters, detractors := 0, 0
			for _, v := range c.a {
				switch {
				case v >= 9:
					promoters++
				case v <= 6:
					detractors++
				}
			}
			score, interval, _ := NetScore(promoters, detractors, len(c.a))
			got = []float64{score, interval.Low, interval.High}
		case "theme":
			tally := NewTally()
			for person := 0; person < len(c.a); person += 3 {
				answers := survey.Answers{}
				for i, id := range []string{"q1", "q2", "q3"} {
					if v := c.a[person+i]; v != 0 {
						answers[id] = survey.Answer{Number: v}
					}
				}
				tally.Add(def, answers)
			}
			th := Themes(def, tally)[0]
			got = []float64{*th.Score, th.Interval.Low, th.Interval.High}
		default:
			t.Fatalf("unknown golden kind %q", c.kind)
		}
		var want []float64
		for _, w := range c.want {
			want = append(want, w...)
		}
		if len(got) != len(want) {
			t.Fatalf("%s %s: %d values, R has %d", c.kind, c.id, len(got), len(want))
		}
		for i := range got {
			if !agrees(got[i], want[i]) {
				t.Errorf("%s %s: value %d is %.15g, R says %.15g", c.kind, c.id, i, got[i], want[i])
			}
		}
	}
	for _, kind := range []string{"mean", "wilson", "welch", "ztest", "fisher", "holm", "bh", "enps", "theme"} {
		if seen[kind] < 10 {
			t.Errorf("only %d golden cases of %s", seen[kind], kind)
		}
	}
}

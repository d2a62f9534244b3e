package results

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/survey"
	"github.com/sayso/sayso/surveys"
)

// BenchmarkPublish times making a publication of a health-check wave, the
// audit included: the first of the wave, and the last of three (after
// interim publications at half and nine tenths of the responses).
func BenchmarkPublish(b *testing.B) {
	cat, err := survey.ReadDir(surveys.FS, "surveys")
	if err != nil {
		b.Fatal(err)
	}
	src, _ := cat.Survey("health-check")
	def := src.Definition
	for _, n := range []int{150, 1_000, 100_000} {
		rng := rand.New(rand.NewPCG(1, 2))
		live := NewWaveTally(def)
		var ledger []*Publication
		for i := range n {
			live.Add(def, randomAnswers(def, rng))
			if i+1 == n/2 || i+1 == n*9/10 {
				p := Publish(Input{Def: def, Ledger: ledger, Live: live, Today: "2026-06-01"})
				if p == nil {
					b.Fatalf("no interim publication at %d", i+1)
				}
				ledger = append(ledger, p)
			}
		}
		for _, c := range []struct {
			name   string
			ledger []*Publication
		}{{"first", nil}, {"third", ledger}} {
			b.Run(fmt.Sprintf("responses=%d/%s", n, c.name), func(b *testing.B) {
				for b.Loop() {
					start := time.Now()
					p := Publish(Input{Def: def, Ledger: c.ledger, Live: live, Final: true, Today: "2026-06-02"})
					if p == nil {
						b.Fatal("nothing published")
					}
					b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms")
					b.ReportMetric(float64(len(p.Groups)), "groups-shown")
				}
			})
		}
	}
}

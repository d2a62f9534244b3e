package results

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/submission"
	"github.com/sayso/sayso/internal/survey"
	"github.com/sayso/sayso/surveys"
)

// BenchmarkResults reads the results of a health-check wave broken down
// by team at 10k, 100k and 1M responses, stored through the store's
// Submit. It reports the median of the timed reads; the first read, which
// counts the wave from the database; and the median time to build the
// view from published counts, which the first read after each
// publication pays.
func BenchmarkResults(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		db, wave := benchWave(b, n)
		svc := NewService(db)
		ctx := context.Background()
		start := time.Now()
		if _, err := svc.Results(ctx, wave.ID, []string{"team"}); err != nil {
			b.Fatal(err)
		}
		first := time.Since(start)
		b.Run(fmt.Sprintf("responses=%d", n), func(b *testing.B) {
			times := make([]time.Duration, 0, b.N)
			for b.Loop() {
				start := time.Now()
				r, err := svc.Results(ctx, wave.ID, []string{"team"})
				times = append(times, time.Since(start))
				if err != nil || r.Responses != n || len(r.Groups) == 0 {
					b.Fatalf("%v: %d responses, %d groups", err, r.Responses, len(r.Groups))
				}
			}
			b.ReportMetric(median(times), "ms-median")
			b.ReportMetric(float64(first.Milliseconds()), "ms-first-read")
			// What a read costs right after a publication, before the view
			// is cached: building it from the published counts.
			st := svc.waves[wave.ID]
			def, published := wave.Definition, st.ledger[len(st.ledger)-1]
			team, _ := FindBreakdown(def, []string{"team"})
			builds := make([]time.Duration, 21)
			for i := range builds {
				start := time.Now()
				Build(def, published, team)
				builds[i] = time.Since(start)
			}
			b.ReportMetric(median(builds), "ms-build")
		})
		db.Close()
	}
}

func median(times []time.Duration) float64 {
	slices.Sort(times)
	return float64(times[len(times)/2].Microseconds()) / 1000
}

// benchWave stores n varied health-check responses in a new database.
func benchWave(b *testing.B, n int) (*store.DB, *survey.Wave) {
	b.Helper()
	ctx := context.Background()
	cat, err := survey.ReadDir(surveys.FS, "surveys")
	if err != nil {
		b.Fatal(err)
	}
	src, _ := cat.Survey("health-check")
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "results.db"))
	if err != nil {
		b.Fatal(err)
	}
	wave, err := db.OpenWave(ctx, store.NewWave{Source: src, Name: "Bench", Access: survey.AccessLink})
	if err != nil {
		b.Fatal(err)
	}
	entry, err := db.Enter(ctx, wave.LinkCode)
	if err != nil {
		b.Fatal(err)
	}
	// Varied answers, as many as the check accepts (it refuses a required
	// question skipped).
	var variants []survey.Answers
	rng := rand.New(rand.NewPCG(1, 2))
	for len(variants) < 512 {
		a := randomAnswers(src.Definition, rng)
		if _, errs := src.Definition.CheckResponse(a); len(errs) == 0 {
			variants = append(variants, a)
		}
	}
	submissions := submission.New(db)
	const workers = 32
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				if err := submissions.Submit(ctx, submission.Response{Entry: entry, Answers: variants[i%len(variants)]}); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return db, wave
}

// randomAnswers answers most questions, as people do: a few skip each one,
// and a quarter write a comment.
func randomAnswers(def *survey.Definition, rng *rand.Rand) survey.Answers {
	answers := survey.Answers{}
	for _, q := range def.Questions() {
		if rng.IntN(10) == 0 || !def.Visible(q, answers) {
			continue
		}
		switch q.Type {
		case survey.Agreement:
			answers[q.ID] = survey.Answer{Number: float64(1 + rng.IntN(5))}
		case survey.Scale, survey.Number:
			answers[q.ID] = survey.Answer{Number: q.Min + float64(rng.IntN(int(min(q.Max-q.Min, 60))+1))}
		case survey.Choice:
			answers[q.ID] = survey.Answer{Text: q.Options[rng.IntN(len(q.Options))].Value}
		case survey.MultiChoice:
			answers[q.ID] = survey.Answer{Choices: []string{q.Options[rng.IntN(len(q.Options))].Value}}
		case survey.YesNo:
			answers[q.ID] = survey.Answer{Yes: rng.IntN(2) == 0}
		case survey.Text:
			if rng.IntN(4) == 0 {
				answers[q.ID] = survey.Answer{Text: "More time for direct work with families, and fewer forms to fill in."}
			}
		}
	}
	return answers
}

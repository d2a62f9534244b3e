package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

// BenchmarkSubmit measures the store's side of a submission: 64 concurrent
// submitters, each response the size of a full health check with comments.
func BenchmarkSubmit(b *testing.B) {
	for _, access := range []survey.Access{survey.AccessLink, survey.AccessCodes} {
		b.Run(string(access), func(b *testing.B) {
			ctx := context.Background()
			db, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			w, err := db.OpenWave(ctx, NewWave{Source: shipped(b, "health-check"), Name: "Bench", Access: access})
			if err != nil {
				b.Fatal(err)
			}
			entries := make(chan *Entry, b.N)
			var entry *Entry
			if access == survey.AccessCodes {
				// Codes are made at most survey.MaxCodeBatch at a time.
				for made := 0; made < b.N; made += survey.MaxCodeBatch {
					codes, err := db.CreateCodes(ctx, w.ID, min(b.N-made, survey.MaxCodeBatch))
					if err != nil {
						b.Fatal(err)
					}
					for _, c := range codes {
						if entry, err = db.Enter(ctx, c); err != nil {
							b.Fatal(err)
						}
						entries <- entry
					}
				}
			} else {
				entry, _ = db.Enter(ctx, w.LinkCode)
				for range b.N {
					entries <- entry
				}
			}
			// Every entry of a wave shares its one parsed definition.
			answers := checked(b, entry, benchAnswers(entry.Wave.Definition))
			b.SetBytes(int64(len(answers.Encoded())))
			b.SetParallelism(32)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := db.Submit(ctx, <-entries, answers); err != nil {
						b.Error(err)
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "responses/s")
		})
	}
}

// benchAnswers is a health-check response with every question answered
// and both comments written.
func benchAnswers(def *survey.Definition) survey.Answers {
	answers := survey.Answers{}
	for i, q := range def.Questions() {
		switch q.Type {
		case survey.Agreement:
			answers[q.ID] = survey.Answer{Number: float64(1 + i%5)}
		case survey.Scale, survey.Number:
			answers[q.ID] = survey.Answer{Number: q.Min + float64(i%int(q.Max-q.Min))}
		case survey.Choice:
			answers[q.ID] = survey.Answer{Text: q.Options[i%len(q.Options)].Value}
		case survey.MultiChoice:
			answers[q.ID] = survey.Answer{Choices: []string{q.Options[0].Value}}
		case survey.YesNo:
			answers[q.ID] = survey.Answer{Yes: true}
		case survey.Text:
			answers[q.ID] = survey.Answer{Text: strings.Repeat("My team is supportive and my manager listens. ", 4)}
		}
	}
	// show_if only looks back, so one pass in order drops what is not asked.
	for _, q := range def.Questions() {
		if !def.Visible(q, answers) {
			delete(answers, q.ID)
		}
	}
	return answers
}

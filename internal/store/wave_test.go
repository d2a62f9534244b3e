package store

import (
	"context"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/survey"
)

// TestACapHoldsUnderConcurrentSubmissions: however many arrive at once, a
// wave stores no more responses than its cap, and refuses the rest as gone.
func TestACapHoldsUnderConcurrentSubmissions(t *testing.T) {
	ctx := context.Background()
	db, _ := openTestDB(t)
	w, err := db.OpenWave(ctx, NewWave{Source: shipped(t, "pulse"), Name: "Capped", Access: survey.AccessLink, MaxResponses: 5})
	if err != nil {
		t.Fatal(err)
	}
	entry := enter(t, db, w.LinkCode)
	const submissions = 30
	response := checked(t, entry, pulseAnswers)
	results := make(chan error, submissions)
	for range submissions {
		go func() { results <- db.Submit(ctx, entry, response) }()
	}
	stored := 0
	for range submissions {
		switch err := <-results; {
		case err == nil:
			stored++
		case survey.Code(err) != survey.ErrGone:
			t.Errorf("a submission beyond the cap: %v, want gone", err)
		}
	}
	if n, err := db.CountResponses(ctx, w.ID); stored != 5 || n != 5 || err != nil {
		t.Errorf("%d acknowledged, %d stored (%v), want 5", stored, n, err)
	}
	if _, err := db.Enter(ctx, w.LinkCode); survey.Code(err) != survey.ErrGone {
		t.Errorf("entering a full wave: %v, want gone", err)
	}
}

func TestReopeningAWave(t *testing.T) {
	ctx := context.Background()
	db, _ := openTestDB(t)
	today := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	db.now = func() time.Time { return today }
	byHand := openWave(t, db, survey.AccessLink)
	byDate, err := db.OpenWave(ctx, NewWave{Source: shipped(t, "pulse"), Name: "Dated", Access: survey.AccessLink, ClosesOn: "2026-03-11"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CloseWave(ctx, byHand.ID); err != nil {
		t.Fatal(err)
	}
	today = today.AddDate(0, 0, 5)
	for _, c := range []struct {
		name         string
		id           int64
		wantClosesOn string
	}{
		{"closed by hand", byHand.ID, ""},
		{"closed by its date, which is removed", byDate.ID, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := db.ReopenWave(ctx, c.id); err != nil {
				t.Fatal(err)
			}
			w, err := db.Wave(ctx, c.id)
			if err != nil || w.Status(db.now()) != survey.StatusOpen || w.ClosesOn != c.wantClosesOn {
				t.Errorf("after reopening: %+v %v", w, err)
			}
			if _, err := db.Enter(ctx, w.LinkCode); err != nil {
				t.Errorf("entering the reopened wave: %v", err)
			}
			if err := db.ReopenWave(ctx, c.id); survey.Code(err) != survey.ErrConflict {
				t.Errorf("reopening again: %v, want conflict", err)
			}
		})
	}
	if err := db.ReopenWave(ctx, 99); survey.Code(err) != survey.ErrNotFound {
		t.Errorf("reopening no wave: %v, want not found", err)
	}
}

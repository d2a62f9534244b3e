package store

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/survey"
)

func TestProgressIsKeptUntilItExpires(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, db, survey.AccessLink)
	today := time.Now()
	id, sealed := []byte("progress-id-0001"), []byte("sealed bytes")
	if err := db.SaveProgress(ctx, w.ID, id, sealed, today.Format(survey.DateLayout)); err != nil {
		t.Fatal(err)
	}
	waveID, got, expiresOn, err := db.Progress(ctx, id)
	if err != nil || waveID != w.ID || !bytes.Equal(got, sealed) || expiresOn != today.Format(survey.DateLayout) {
		t.Fatalf("Progress = %d %q %s %v", waveID, got, expiresOn, err)
	}
	if err := db.SaveProgress(ctx, w.ID, id, []byte("sealed again"), today.Format(survey.DateLayout)); err != nil {
		t.Fatal(err)
	}
	if _, got, _, _ := db.Progress(ctx, id); string(got) != "sealed again" {
		t.Errorf("saving again kept %q", got)
	}
	if _, _, _, err := db.Progress(ctx, []byte("another id")); !errors.Is(err, ErrNoProgress) {
		t.Errorf("an id never saved: %v", err)
	}

	// The next day it has expired: not read, and deleted by the next save.
	db.now = func() time.Time { return today.AddDate(0, 0, 1) }
	if _, _, _, err := db.Progress(ctx, id); !errors.Is(err, ErrNoProgress) {
		t.Errorf("expired progress was read: %v", err)
	}
	if err := db.SaveProgress(ctx, w.ID, []byte("progress-id-0002"), sealed, today.AddDate(0, 0, 2).Format(survey.DateLayout)); err != nil {
		t.Fatal(err)
	}
	var rows int
	db.read.QueryRowContext(ctx, "SELECT count(*) FROM progress WHERE id = ?", id).Scan(&rows)
	if rows != 0 {
		t.Error("expired progress was not deleted")
	}
	if err := db.DeleteProgress(ctx, []byte("progress-id-0002")); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := db.Progress(ctx, []byte("progress-id-0002")); !errors.Is(err, ErrNoProgress) {
		t.Errorf("deleted progress was read: %v", err)
	}
}

func TestClosingAWaveDeletesItsProgressAndTokens(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, db, survey.AccessLink)
	other := openWave(t, db, survey.AccessLink)
	day := time.Now().AddDate(0, 0, 5).Format(survey.DateLayout)
	for _, p := range []struct {
		wave int64
		id   string
	}{{w.ID, "closing-wave"}, {other.ID, "other-wave"}} {
		if err := db.SaveProgress(ctx, p.wave, []byte(p.id), []byte("sealed"), day); err != nil {
			t.Fatal(err)
		}
	}
	token, err := db.IssueSubmissionToken(ctx, w.ID, day)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CloseWave(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := db.Progress(ctx, []byte("closing-wave")); !errors.Is(err, ErrNoProgress) {
		t.Errorf("the closed wave's progress is still there: %v", err)
	}
	if _, _, _, err := db.Progress(ctx, []byte("other-wave")); err != nil {
		t.Errorf("another wave's progress went too: %v", err)
	}
	var tokens int
	db.read.QueryRowContext(ctx, "SELECT count(*) FROM submission_tokens WHERE hash = ?", hashToken(token)).Scan(&tokens)
	if tokens != 0 {
		t.Error("the closed wave's submission token is still there")
	}
}

// TestASubmissionTokenStoresOneResponse sends the same token many times at
// once and one after another, with an invitation code: one response is
// stored, and a refused one does not spend the code.
func TestASubmissionTokenStoresOneResponse(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, db, survey.AccessBoth)
	day := time.Now().Format(survey.DateLayout)
	token, err := db.IssueSubmissionToken(ctx, w.ID, day)
	if err != nil {
		t.Fatal(err)
	}
	link := enter(t, db, w.LinkCode)
	answers := checked(t, link, pulseAnswers)
	var wg sync.WaitGroup
	results := make([]error, 20)
	for i := range results {
		wg.Go(func() { results[i] = db.SubmitOnce(ctx, link, answers, token) })
	}
	wg.Wait()
	stored := 0
	for _, err := range results {
		switch {
		case err == nil:
			stored++
		case !errors.Is(err, ErrAlreadySubmitted):
			t.Errorf("a repeat was refused with %v", err)
		}
	}
	if n, _ := db.CountResponses(ctx, w.ID); stored != 1 || n != 1 {
		t.Fatalf("%d submissions succeeded and %d responses are stored, want 1", stored, n)
	}
	if spent, err := db.SubmissionTokenSpent(ctx, token); !spent || err != nil {
		t.Errorf("the token is not marked spent: %v", err)
	}
	if spent, _ := db.SubmissionTokenSpent(ctx, "never issued"); spent {
		t.Error("a token never issued reads as spent")
	}

	// A spent token with a fresh invitation code stores nothing and leaves
	// the code unspent.
	codes, err := db.CreateCodes(ctx, w.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	entry := enter(t, db, codes[0])
	if err := db.SubmitOnce(ctx, entry, checked(t, entry, pulseAnswers), token); !errors.Is(err, ErrAlreadySubmitted) {
		t.Fatalf("a spent token with a new code: %v", err)
	}
	if _, err := db.Enter(ctx, codes[0]); err != nil {
		t.Errorf("the code was spent by a refused response: %v", err)
	}
}

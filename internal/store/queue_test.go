package store

import (
	"bytes"
	"context"
	"database/sql"
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

// TestQueuedAnswersAreBoundedInBytes holds the write lock from another
// connection, so that nothing is stored, and submits more than the queue
// may hold: what is beyond the bound is refused at once as unavailable,
// the rest is stored once the lock is let go.
func TestQueuedAnswersAreBoundedInBytes(t *testing.T) {
	ctx := context.Background()
	db, path := openTestDB(t)
	w := openWave(t, db, survey.AccessLink)
	entry, err := db.Enter(ctx, w.LinkCode)
	if err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	lock, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if _, err := lock.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}

	const size, submissions = 1 << 20, 40
	admitted := maxQueuedBytes / size
	answers := bytes.Repeat([]byte("x"), size)
	results := make(chan error, submissions)
	for range submissions {
		go func() { results <- db.Submit(ctx, entry, answers) }()
	}
	for range submissions - admitted {
		if err := <-results; survey.Code(err) != survey.ErrUnavailable {
			t.Fatalf("a submission beyond the bound: %v, want unavailable", err)
		}
	}
	if _, err := lock.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	for range admitted {
		if err := <-results; err != nil {
			t.Errorf("a submission within the bound: %v", err)
		}
	}
	if n, err := db.CountResponses(ctx, w.ID); err != nil || n != admitted {
		t.Errorf("%d responses stored (%v), want %d", n, err, admitted)
	}
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
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
	w, err := db.OpenWave(ctx, NewWave{Source: longAnswers(t), Name: "Long answers", Access: survey.AccessLink})
	if err != nil {
		t.Fatal(err)
	}
	entry := enter(t, db, w.LinkCode)
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

	const submissions = 40
	long := survey.Answers{}
	for i := range longQuestions {
		long[fmt.Sprintf("q%d", i)] = survey.Answer{Text: strings.Repeat("😀", survey.MaxTextMaxLength)}
	}
	answers := checked(t, entry, long)
	admitted := maxQueuedBytes / len(answers.Encoded())
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

// longQuestions is how many free-text questions longAnswers asks: each
// answer at its longest is 40,000 bytes, so a response is about 1 MB.
const longQuestions = 25

// longAnswers is a survey whose responses can be about 1 MB.
func longAnswers(t *testing.T) *survey.Source {
	t.Helper()
	var yaml strings.Builder
	yaml.WriteString("id: long\ntitle: Long answers\nsections:\n  - id: s\n    title: S\n    questions:\n")
	for i := range longQuestions {
		fmt.Fprintf(&yaml, "      - {id: q%d, type: text, text: Say it all, max_length: %d}\n", i, survey.MaxTextMaxLength)
	}
	cat, err := survey.NewCatalogue([]survey.File{{Name: "long.yaml", Data: []byte(yaml.String())}})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := cat.Survey("long")
	return src
}

// Package submission is the one way a response is stored, whichever edge
// it comes through (the API, the last page of the form, the demo): its
// answers are checked against the wave's frozen definition, and only what
// passes reaches the store, which takes nothing else.
package submission

import (
	"context"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// Response is one respondent's whole set of answers, as an edge decoded
// them.
type Response struct {
	// Entry is the wave the respondent's code opened.
	Entry   *store.Entry
	Answers survey.Answers
	// Token is the form's one-time submission token (see
	// store.SubmitOnce); empty for the API and the demo.
	Token string
}

// Submitter stores responses in one database.
type Submitter struct {
	db *store.DB
}

// New is the submitter of one database; `sayso serve` and `sayso demo`
// make one each and give it to their edges.
func New(db *store.DB) *Submitter {
	return &Submitter{db: db}
}

// Submit checks a whole response against its wave's definition and stores
// it, returning once it is durable. Answers that fail come back as
// survey.AnswerErrors, every problem in question order, and nothing is
// stored; the store's own refusals (a used code, a closed wave, a spent
// token) come back as it gives them.
func (s *Submitter) Submit(ctx context.Context, r Response) error {
	checked, errs := r.Entry.Wave.Definition.CheckResponse(r.Answers)
	if errs != nil {
		return errs
	}
	if r.Token == "" {
		return s.db.Submit(ctx, r.Entry, checked)
	}
	return s.db.SubmitOnce(ctx, r.Entry, checked, r.Token)
}

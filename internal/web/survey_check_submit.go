package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/submission"
	"github.com/sayso/sayso/internal/survey"
)

// surveyCheckSubmit stores a finished response once. The form's one-time
// token is spent in the transaction that stores it, so a double click, a
// replay or the form sent again after Back all end on the thank-you page
// with one response stored. Saved answers are deleted only once the
// response is stored: when storing fails, nothing is lost.
func (s *Server) surveyCheckSubmit(c echo.Context) error {
	ctx := c.Request().Context()
	form, err := c.FormParams()
	if err != nil {
		return survey.Errorf(survey.ErrInvalid, "The form could not be read.")
	}
	token := form.Get("_token")
	if form.Get("_go") != "submit" || token == "" {
		return survey.Errorf(survey.ErrInvalid, "The form was sent without pressing Submit.")
	}
	spent, err := s.db.SubmissionTokenSpent(ctx, token)
	if err != nil {
		return err
	}
	if spent {
		return s.submitted(c, nil)
	}
	r, err := s.respondentFor(c)
	if err != nil {
		// A double click on an invitation code: the code was spent by the
		// first press a moment ago.
		if survey.Code(err) == survey.ErrConflict {
			if spent, _ := s.db.SubmissionTokenSpent(ctx, token); spent {
				return s.submitted(c, nil)
			}
		}
		return err
	}
	if !r.saved || r.state.Token != token {
		// Another press of the same Submit may have stored the response
		// and deleted the saved answers since the token was looked up.
		if spent, _ := s.db.SubmissionTokenSpent(ctx, token); spent {
			return s.submitted(c, nil)
		}
		// A form from before the answers were saved again, or expired:
		// the check page shows what there is now.
		return c.Redirect(http.StatusSeeOther, pagePath(r.state.Code, checkPageName))
	}
	f, err := r.form()
	if err != nil {
		return err
	}
	err = f.undecoded()
	if err == nil {
		err = s.submissions.Submit(ctx, submission.Response{Entry: r.entry, Answers: f.answers, Token: token})
	}
	var invalid survey.AnswerErrors
	switch {
	case errors.As(err, &invalid):
		// The check page and each section with a problem show it.
		r.setFailed(checkPageName, true)
		for _, i := range f.visibleSections() {
			r.setFailed(strconv.Itoa(i), len(f.check(f.def.Sections[i].Questions)) > 0)
		}
		if err := s.save(c, r); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, pagePath(r.state.Code, checkPageName))
	case err != nil && !errors.Is(err, store.ErrAlreadySubmitted):
		return err
	}
	return s.submitted(c, r)
}

// submitted ends a respondent's way through the survey: their saved
// answers are deleted, and the thank-you page shown.
func (s *Server) submitted(c echo.Context, r *respondent) error {
	if r != nil {
		if err := s.forget(c, r); err != nil {
			// The response is stored; the sealed copy expires with the wave.
			s.log.Error("deleting saved answers after submission", "err", err)
		}
	}
	return c.Redirect(http.StatusSeeOther, "/thanks")
}

package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/progress"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// errNoSavedAnswers is a resume link that opens nothing: mistyped, expired,
// already submitted, or its survey closed.
var errNoSavedAnswers = survey.Errorf(survey.ErrNotFound, "There are no saved answers for this resume link. Check it was copied whole. Saved answers are deleted when they are submitted, when the survey closes, or after the date the link was given with.")

// surveyResume opens a respondent's saved answers on this device from the
// resume link they kept, and takes them to the page they were on.
func (s *Server) surveyResume(c echo.Context) error {
	return s.resume(c, c.Param("secret"))
}

// resume opens the answers a resume code holds the key to, in this browser.
func (s *Server) resume(c echo.Context, code string) error {
	secret, err := progress.ParseSecret(code)
	if err != nil {
		return errNoSavedAnswers
	}
	state, expiresOn, err := s.openProgress(c, secret)
	if errors.Is(err, store.ErrNoProgress) || errors.Is(err, progress.ErrCannotOpen) {
		return errNoSavedAnswers
	}
	if err != nil {
		return err
	}
	s.setProgressCookie(c, state.Code, secret.String(), expiresOn)
	return c.Redirect(http.StatusSeeOther, pagePath(state.Code, state.At))
}

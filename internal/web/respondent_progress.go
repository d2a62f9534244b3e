package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/progress"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// progressCookie holds the respondent's secret, the only key to their
// saved answers. It is scoped to their survey's path.
const progressCookie = "sayso_progress"

// DefaultResumeDays is how long saved answers are kept when the wave
// does not close sooner.
const DefaultResumeDays = 30

// progressState is what is sealed between a respondent's pages: the code
// they came in with, the answer fields as typed, the pages posted with
// something wrong (shown again with their errors), the page to come back
// to and, once the check page has been shown, the submission token.
type progressState struct {
	Code   string     `json:"code"`
	Values url.Values `json:"values"`
	Failed []string   `json:"failed,omitempty"`
	At     string     `json:"at"`
	Token  string     `json:"token,omitempty"`
}

// checkPageName names the check page among the pages of progressState.
const checkPageName = "check"

// respondent is one person's way through a survey.
type respondent struct {
	entry     *store.Entry
	secret    progress.Secret
	state     progressState
	expiresOn string
	saved     bool // their answers are on the server, sealed
}

func (r *respondent) failed(page string) bool { return slices.Contains(r.state.Failed, page) }

func (r *respondent) setFailed(page string, failed bool) {
	r.state.Failed = slices.DeleteFunc(r.state.Failed, func(p string) bool { return p == page })
	if failed {
		r.state.Failed = append(r.state.Failed, page)
	}
}

// form reads the saved answer fields as the pages use them.
func (r *respondent) form() (*answersForm, error) {
	return readAnswersForm(r.entry.Wave.Definition, r.state.Values)
}

func (s *Server) progressCookieName() string {
	if s.secureCookies {
		return "__Secure-" + progressCookie
	}
	return progressCookie
}

// respondentFor opens the code in the path and the respondent's saved
// answers. A respondent with none, or whose saved answers are for another
// code, have expired or cannot be opened, starts afresh (saved false).
func (s *Server) respondentFor(c echo.Context) (*respondent, error) {
	ctx := c.Request().Context()
	code := c.Param("code")
	entry, err := s.db.Enter(ctx, code)
	if err != nil {
		return nil, err
	}
	r := &respondent{entry: entry, secret: progress.NewSecret(), state: progressState{Code: code, Values: url.Values{}}}
	cookie, err := c.Cookie(s.progressCookieName())
	if err != nil {
		return r, nil
	}
	secret, err := progress.ParseSecret(cookie.Value)
	if err != nil {
		return r, nil
	}
	state, expiresOn, err := s.openProgress(c, secret)
	switch {
	case errors.Is(err, store.ErrNoProgress) || errors.Is(err, progress.ErrCannotOpen):
		return r, nil
	case err != nil:
		return nil, err
	case state.Code != code:
		return r, nil
	}
	r.secret, r.state, r.expiresOn, r.saved = secret, state, expiresOn, true
	return r, nil
}

// openProgress reads and opens the answers saved under a secret.
func (s *Server) openProgress(c echo.Context, secret progress.Secret) (progressState, string, error) {
	var state progressState
	_, sealed, expiresOn, err := s.db.Progress(c.Request().Context(), secret.ID())
	if err != nil {
		return state, "", err
	}
	plain, err := secret.Open(sealed)
	if err != nil {
		return state, "", err
	}
	if err := json.Unmarshal(plain, &state); err != nil || state.Code == "" {
		return state, "", progress.ErrCannotOpen
	}
	if state.Values == nil {
		state.Values = url.Values{}
	}
	return state, expiresOn, nil
}

// save seals the respondent's state and stores it, and gives the browser
// the secret: kept until the wave closes or resumeDays have passed.
func (s *Server) save(c echo.Context, r *respondent) error {
	plain, err := json.Marshal(r.state)
	if err != nil {
		return err
	}
	sealed, err := r.secret.Seal(plain)
	if err != nil {
		return err
	}
	r.expiresOn = progressExpiry(r.entry.Wave, time.Now(), s.resumeDays)
	if err := s.db.SaveProgress(c.Request().Context(), r.entry.Wave.ID, r.secret.ID(), sealed, r.expiresOn); err != nil {
		return err
	}
	r.saved = true
	s.setProgressCookie(c, r.state.Code, r.secret.String(), r.expiresOn)
	return nil
}

func (s *Server) setProgressCookie(c echo.Context, code, value, expiresOn string) {
	last, _ := time.Parse(survey.DateLayout, expiresOn)
	c.SetCookie(&http.Cookie{
		Name: s.progressCookieName(), Value: value, Path: surveyPath(code), HttpOnly: true,
		Secure:  s.secureCookies || c.IsTLS(),
		Expires: last.AddDate(0, 0, 1), SameSite: http.SameSiteLaxMode,
	})
}

// forget deletes the respondent's saved answers and their cookie.
func (s *Server) forget(c echo.Context, r *respondent) error {
	c.SetCookie(&http.Cookie{Name: s.progressCookieName(), Path: surveyPath(r.state.Code), MaxAge: -1, HttpOnly: true,
		Secure: s.secureCookies || c.IsTLS(), SameSite: http.SameSiteLaxMode})
	return s.db.DeleteProgress(c.Request().Context(), r.secret.ID())
}

// progressExpiry is the last day saved answers are kept: resumeDays from
// now, or the wave's closing day if that is sooner.
func progressExpiry(w *survey.Wave, now time.Time, resumeDays int) string {
	last := now.AddDate(0, 0, resumeDays).Format(survey.DateLayout)
	if w.ClosesOn != "" && w.ClosesOn < last {
		return w.ClosesOn
	}
	return last
}

// surveyPath is where a code's survey lives.
func surveyPath(code string) string { return "/s/" + url.PathEscape(code) }

// sectionPath is section i's page (numbered from 1 in the path).
func sectionPath(code string, i int) string {
	return surveyPath(code) + "/sections/" + strconv.Itoa(i+1)
}

// pagePath is the path of a page of progressState.
func pagePath(code, page string) string {
	if page == checkPageName {
		return surveyPath(code) + "/check"
	}
	if i, err := strconv.Atoi(page); err == nil {
		return sectionPath(code, i)
	}
	return surveyPath(code)
}

// sectionParam reads the section in the path: 404 for one that is not.
func sectionParam(c echo.Context, def *survey.Definition) (int, error) {
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 1 || n > len(def.Sections) {
		return 0, survey.Errorf(survey.ErrNotFound, "This survey has no such page.")
	}
	return n - 1, nil
}

package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// statusOf is the one place a domain error becomes an HTTP status.
func statusOf(err error) (int, string) {
	var answerErrs survey.AnswerErrors
	var httpErr *echo.HTTPError
	switch {
	case errors.As(err, &answerErrs):
		return http.StatusUnprocessableEntity, "Some answers are not valid."
	case errors.As(err, &httpErr):
		msg, ok := httpErr.Message.(string)
		if !ok || httpErr.Code == http.StatusInternalServerError {
			msg = http.StatusText(httpErr.Code)
		}
		if httpErr.Code == http.StatusRequestEntityTooLarge {
			msg = "The request is too large."
		}
		return httpErr.Code, msg
	}
	var domainErr *survey.Error
	if errors.As(store.Fault(err), &domainErr) {
		status := map[survey.ErrorCode]int{
			survey.ErrInvalid:      http.StatusBadRequest,
			survey.ErrNotFound:     http.StatusNotFound,
			survey.ErrConflict:     http.StatusConflict,
			survey.ErrGone:         http.StatusGone,
			survey.ErrUnauthorised: http.StatusUnauthorized,
			survey.ErrForbidden:    http.StatusForbidden,
			survey.ErrUnavailable:  http.StatusServiceUnavailable,
		}[domainErr.Code]
		if status != 0 {
			return status, domainErr.Message
		}
	}
	return http.StatusInternalServerError, "Something went wrong on our side. Please try again in a few minutes."
}

// retryAfterSeconds is how long a client is asked to wait when storage is
// unavailable (long enough for an operator to free space, short enough
// that a respondent tries again) or a rate limit is reached.
const retryAfterSeconds = "60"

// handleError answers every error a handler returns: JSON under /api/, a
// page everywhere else. Internal failures are logged and never described.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, msg := statusOf(err)
	switch status {
	case http.StatusInternalServerError:
		s.log.Error("internal error", "route", c.Path(), "err", err)
		if c.Request().Method == http.MethodPost {
			msg = "Something went wrong on our side. Your answers were not saved; please try again in a few minutes."
		}
	case http.StatusServiceUnavailable:
		s.log.Error("storage unavailable", "route", c.Path(), "err", err, "cause", errors.Unwrap(err))
		c.Response().Header().Set("Retry-After", retryAfterSeconds)
	case http.StatusTooManyRequests:
		// The limits refill within a minute.
		c.Response().Header().Set("Retry-After", retryAfterSeconds)
	}
	if strings.HasPrefix(c.Request().URL.Path, "/api/") {
		body := map[string]any{"error": msg}
		var answerErrs survey.AnswerErrors
		if errors.As(err, &answerErrs) {
			body["errors"] = answerErrs
		} else if fields := survey.Fields(err); fields != nil {
			body["errors"] = fields
		}
		err = c.JSON(status, body)
	} else if respondentPath(c.Request().URL.Path) {
		title := errorTitle(status)
		err = s.render(c, status, "error", errorPage{layout: layout{PageTitle: title, Service: "Sayso"}, Status: status, Title: title, Message: msg})
	} else {
		title := staffErrorTitle(err, status)
		if msg == http.StatusText(status) {
			msg = "" // the title says it better
		}
		err = s.render(c, status, "staff_error", staffErrorPage{staffLayout: s.errorLayout(c, title), Status: status, Title: title, Message: upperFirst(msg)})
	}
	if err != nil {
		s.log.Error("writing an error response", "err", err)
	}
}

// respondentPath says whether a path is one of the pages staff answer
// surveys on, whose errors keep the respondents' layout: it names nobody,
// even when the person answering is signed in as staff.
func respondentPath(path string) bool {
	return strings.HasPrefix(path, "/s/") || path == "/thanks" || path == "/you-said-we-did"
}

// errorLayout is the staff layout around an error page: with the
// navigation when someone is signed in, found by their session when the
// route failed before reading it, such as an address that does not exist.
func (s *Server) errorLayout(c echo.Context, title string) staffLayout {
	if currentAccount(c) == nil {
		if cookie, err := c.Cookie(s.cookieName(sessionCookie)); err == nil {
			if a, err := s.db.SessionAccount(c.Request().Context(), cookie.Value, s.sessions); err == nil {
				c.Set(accountKey, a)
			}
		}
	}
	if currentAccount(c) != nil && csrfToken(c) == "" {
		// The sign-out form needs a token even when the route failed
		// before handing one out.
		c.Set(csrfKey, s.csrfTokenFor(c))
	}
	return s.staffLayout(c, title, "")
}

type staffErrorPage struct {
	staffLayout
	Status  int
	Title   string
	Message string
}

// staffErrorTitle heads a staff page's error by the kind of failure the
// domain says it is; failures from outside the domain (an address that is
// not there, a request too large or too frequent) by their status.
func staffErrorTitle(err error, status int) string {
	if errors.Is(err, errFormExpired) {
		return "Form expired"
	}
	switch survey.Code(err) {
	case survey.ErrInvalid:
		return "There is a problem with this request"
	case survey.ErrNotFound:
		return "Page not found"
	case survey.ErrUnauthorised:
		return "Sign in again"
	case survey.ErrForbidden:
		return "You cannot do this"
	case survey.ErrConflict:
		return "This cannot be done now"
	case survey.ErrGone:
		return "This is no longer available"
	case survey.ErrUnavailable:
		return "Sorry, the service is unavailable"
	}
	switch status {
	case http.StatusBadRequest:
		return "There is a problem with this request"
	case http.StatusForbidden:
		return "You cannot do this"
	case http.StatusTooManyRequests:
		return "Too many attempts"
	}
	return errorTitle(status)
}

type errorPage struct {
	layout
	Status  int
	Title   string
	Message string
}

func errorTitle(status int) string {
	switch status {
	case http.StatusNotFound:
		return "Page not found"
	case http.StatusConflict:
		return "This code has already been used"
	case http.StatusGone:
		return "This survey has closed"
	case http.StatusForbidden:
		return "Form expired"
	case http.StatusInternalServerError:
		return "Sorry, there is a problem with the service"
	case http.StatusServiceUnavailable:
		return "Sorry, the service is unavailable"
	}
	return http.StatusText(status)
}

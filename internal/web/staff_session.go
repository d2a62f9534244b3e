package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/survey"
)

const (
	sessionCookie = "sayso_session"
	accountKey    = "account"
)

// requireSession admits only signed-in staff. A page asked for without a
// session sends the browser to sign in and back; anything else is 401.
func (s *Server) requireSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "no-store")
		cookie, err := c.Cookie(s.cookieName(sessionCookie))
		if err != nil {
			return s.signInFirst(c)
		}
		a, err := s.db.SessionAccount(c.Request().Context(), cookie.Value, s.sessions)
		if survey.Code(err) == survey.ErrUnauthorised {
			s.clearSessionCookie(c)
			return s.signInFirst(c)
		}
		if err != nil {
			return err
		}
		c.Set(accountKey, a)
		return next(c)
	}
}

func (s *Server) signInFirst(c echo.Context) error {
	if c.Request().Method != http.MethodGet {
		return survey.Errorf(survey.ErrUnauthorised, "Your session has ended. Sign in again, then try once more.")
	}
	return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
}

// requireAdmin refuses a viewer: only admins run waves and accounts.
func requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if a := currentAccount(c); a == nil || a.Role != account.Admin {
			return survey.Errorf(survey.ErrForbidden, "Only an admin can do this. Ask an admin of Sayso if you need it done.")
		}
		return next(c)
	}
}

// currentAccount is the signed-in account of a request, if any.
func currentAccount(c echo.Context) *account.Account {
	a, _ := c.Get(accountKey).(*account.Account)
	return a
}

func (s *Server) setSessionCookie(c echo.Context, id string) {
	c.SetCookie(&http.Cookie{
		Name: s.cookieName(sessionCookie), Value: id, Path: "/", HttpOnly: true, Secure: s.secureCookies || c.IsTLS(),
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.sessions.Absolute.Seconds()),
	})
}

func (s *Server) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: s.cookieName(sessionCookie), Value: "", Path: "/", HttpOnly: true, Secure: s.secureCookies || c.IsTLS(), SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/survey"
)

// loginCreate answers POST /login: a new session, with a new id, for the
// right email and password; one message for every wrong combination.
func (s *Server) loginCreate(c echo.Context) error {
	email, password, next := c.FormValue("email"), c.FormValue("password"), localPath(c.FormValue("next"))
	page := loginPage{staffLayout: s.staffLayout(c, "Sign in", ""), Next: next, Email: email}
	fail := func(message string) error {
		page.HasErrors = true
		page.Errors = []summaryError{{Anchor: "email", Message: message}}
		return s.render(c, http.StatusUnauthorized, "login", page)
	}
	if strings.TrimSpace(email) == "" || password == "" {
		return fail("Enter your email address and password")
	}
	normalised, err := account.NormaliseEmail(email)
	if err != nil {
		return fail("Enter an email address in the correct format, like name@example.org")
	}
	a, hash, err := s.db.Credentials(c.Request().Context(), normalised)
	if err != nil && survey.Code(err) != survey.ErrUnauthorised {
		return err
	}
	if err != nil {
		// Spend the time a real check takes, so timing does not say which
		// addresses have accounts.
		account.CheckPassword(s.decoyHash, password)
		return fail("The email address or password is not right")
	}
	if !account.CheckPassword(hash, password) {
		return fail("The email address or password is not right")
	}
	// Said only to whoever knows the password, so that it tells no one
	// else that the account exists.
	if a.Disabled {
		return fail("This account is disabled. Ask an admin of Sayso if you need it enabled again")
	}
	if old, err := c.Cookie(s.cookieName(sessionCookie)); err == nil {
		if err := s.db.DeleteSession(c.Request().Context(), old.Value); err != nil {
			return err
		}
	}
	id, err := s.db.CreateSession(c.Request().Context(), a.ID)
	if err != nil {
		return err
	}
	s.setSessionCookie(c, id)
	return c.Redirect(http.StatusSeeOther, next)
}

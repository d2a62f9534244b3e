package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/survey"
)

type loginPage struct {
	staffLayout
	Next   string
	Email  string
	Errors []summaryError
}

// loginShow answers GET /login.
func (s *Server) loginShow(c echo.Context) error {
	if cookie, err := c.Cookie(s.cookieName(sessionCookie)); err == nil {
		if _, err := s.db.SessionAccount(c.Request().Context(), cookie.Value, s.sessions); err == nil {
			return c.Redirect(http.StatusSeeOther, localPath(c.QueryParam("next")))
		}
	}
	return s.render(c, http.StatusOK, "login", loginPage{staffLayout: s.staffLayout(c, "Sign in", ""), Next: localPath(c.QueryParam("next"))})
}

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

// logout answers POST /logout.
func (s *Server) logout(c echo.Context) error {
	if cookie, err := c.Cookie(s.cookieName(sessionCookie)); err == nil {
		if err := s.db.DeleteSession(c.Request().Context(), cookie.Value); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/login")
}

// stripFromURLs are the characters browsers drop from a URL before reading
// it, so "/\t/evil.example/" would take them to another site.
var stripFromURLs = strings.NewReplacer("\t", "", "\r", "", "\n", "")

// localPath keeps a redirect after sign-in on this site: a path that
// parses with no scheme, host or backslash once tabs and line breaks are
// gone, and whose decoded form is no protocol-relative URL either. Anything
// else goes to the dashboard.
func localPath(next string) string {
	next = stripFromURLs.Replace(next)
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, `\`) ||
		strings.HasPrefix(u.Path, "//") || strings.ContainsAny(u.Path, "\\\t\r\n") {
		return "/dashboard"
	}
	return u.String()
}

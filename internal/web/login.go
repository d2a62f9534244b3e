package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
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

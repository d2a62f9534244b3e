package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

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

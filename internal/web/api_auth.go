package web

import (
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/survey"
)

// requireToken admits only requests that carry a live API token as
// Authorization: Bearer TOKEN. A missing, malformed, unknown, expired or
// revoked token, or one of a disabled account, all get the same 401, so a
// caller learns nothing about which it was.
func (s *Server) requireToken(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		// Results are protected data: no cache may keep them.
		c.Response().Header().Set("Cache-Control", "no-store")
		scheme, token, _ := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " ")
		if !strings.EqualFold(scheme, "Bearer") {
			token = ""
		}
		a, err := s.db.AccountForToken(c.Request().Context(), strings.TrimSpace(token))
		if err != nil {
			if survey.Code(err) == survey.ErrUnauthorised {
				c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="sayso"`)
			}
			return err
		}
		c.Set(accountKey, a) // for requireAdmin and the audit log
		return next(c)
	}
}

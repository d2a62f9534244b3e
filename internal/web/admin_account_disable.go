package web

import (
	"context"

	"github.com/labstack/echo/v4"
)

// adminAccountDisable answers POST /admin/accounts/disable.
func (s *Server) adminAccountDisable(c echo.Context) error {
	return s.changeAccount(c, "accounts", "disable account", "disabled", func(ctx context.Context, email string) (string, error) {
		return email, s.db.DisableAccount(ctx, email)
	})
}

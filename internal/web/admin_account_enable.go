package web

import (
	"context"

	"github.com/labstack/echo/v4"
)

// adminAccountEnable answers POST /admin/accounts/enable.
func (s *Server) adminAccountEnable(c echo.Context) error {
	return s.changeAccount(c, "accounts", "enable account", "enabled", func(ctx context.Context, email string) (string, error) {
		return email, s.db.EnableAccount(ctx, email)
	})
}

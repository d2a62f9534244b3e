package web

import (
	"context"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/account"
)

// adminAccountRole answers POST /admin/accounts/role: an account becomes an
// admin or a viewer, and its sessions end so that the role applies at once.
func (s *Server) adminAccountRole(c echo.Context) error {
	return s.changeAccount(c, "accounts", "change role", "role", func(ctx context.Context, email string) (string, error) {
		role, err := account.ParseRole(c.FormValue("role"))
		if err != nil {
			return "", err
		}
		return email + " to " + string(role), s.db.SetRole(ctx, email, role)
	})
}

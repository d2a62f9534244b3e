package web

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
)

// adminAccountDelete answers POST /admin/accounts/delete, which must be
// confirmed with its box: a deleted account cannot be brought back.
func (s *Server) adminAccountDelete(c echo.Context) error {
	if c.FormValue("confirm") != "yes" {
		return s.renderAdminAccounts(c, http.StatusBadRequest, []summaryError{{"delete-confirm", "Tick the box to confirm that the account is to be deleted"}},
			map[string]string{"delete-email": c.FormValue("email")}, "")
	}
	return s.changeAccount(c, "delete-email", "delete account", "deleted", func(ctx context.Context, email string) (string, error) {
		return email, s.db.DeleteAccount(ctx, email)
	})
}

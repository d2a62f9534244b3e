package web

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/survey"
)

// changeAccount answers a form that changes the account its email field
// names: the change is made and audited, or the accounts page shows why
// not at anchor. done says which notice the page then shows.
func (s *Server) changeAccount(c echo.Context, anchor, action, done string, change func(ctx context.Context, email string) (detail string, err error)) error {
	email, err := account.NormaliseEmail(c.FormValue("email"))
	if err != nil {
		return s.accountRefused(c, anchor, survey.Errorf(survey.ErrInvalid, "Choose an account"))
	}
	detail, err := change(c.Request().Context(), email)
	if err != nil {
		return s.accountRefused(c, anchor, err)
	}
	if err := s.audit(c, action, detail); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/accounts?done="+done)
}

// adminAccountRole answers POST /admin/accounts/role: an account becomes an
// admin or a viewer, and its sessions end so that the role applies at once.
func (s *Server) adminAccountRole(c echo.Context) error {
	return s.changeAccount(c, "accounts", "change role", "role", func(ctx context.Context, email string) (string, error) {
		role, err := account.ParseRole(c.FormValue("role"))
		if err != nil {
			return "", survey.Errorf(survey.ErrInvalid, "Choose admin or viewer")
		}
		return email + " to " + string(role), s.db.SetRole(ctx, email, role)
	})
}

// adminAccountDisable answers POST /admin/accounts/disable.
func (s *Server) adminAccountDisable(c echo.Context) error {
	return s.changeAccount(c, "accounts", "disable account", "disabled", func(ctx context.Context, email string) (string, error) {
		return email, s.db.DisableAccount(ctx, email)
	})
}

// adminAccountEnable answers POST /admin/accounts/enable.
func (s *Server) adminAccountEnable(c echo.Context) error {
	return s.changeAccount(c, "accounts", "enable account", "enabled", func(ctx context.Context, email string) (string, error) {
		return email, s.db.EnableAccount(ctx, email)
	})
}

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

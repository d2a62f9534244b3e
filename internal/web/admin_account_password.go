package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/survey"
)

// adminAccountPassword answers POST /admin/accounts/password: an admin
// sets a new password for an account, which revokes its sessions and API
// tokens.
func (s *Server) adminAccountPassword(c echo.Context) error {
	email, err := account.NormaliseEmail(c.FormValue("email"))
	if err != nil {
		return s.accountRefused(c, "reset-email", survey.Errorf(survey.ErrInvalid, "Choose the account whose password to change"))
	}
	hash, err := account.HashPassword(c.FormValue("password"))
	if errs := fieldErrors(err); errs != nil {
		// The reset form's fields are named apart from the add form's.
		for i := range errs {
			errs[i].Anchor = "reset-" + errs[i].Anchor
		}
		return s.renderAdminAccounts(c, http.StatusBadRequest, errs, map[string]string{"reset-email": email}, "")
	}
	if err != nil {
		return err
	}
	if err := s.db.SetPassword(c.Request().Context(), email, hash); err != nil {
		return s.accountRefused(c, "reset-email", err)
	}
	if err := s.audit(c, "reset password", email); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/accounts?done=reset")
}

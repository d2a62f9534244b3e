package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/survey"
)

// adminAccountCreate answers POST /admin/accounts.
func (s *Server) adminAccountCreate(c echo.Context) error {
	form := map[string]string{"email": c.FormValue("email"), "role": c.FormValue("role")}
	email, role, hash, err := account.NewAccount{Email: form["email"], Role: form["role"], Password: c.FormValue("password")}.Validate()
	if errs := fieldErrors(err); errs != nil {
		return s.renderAdminAccounts(c, http.StatusBadRequest, errs, form, "")
	}
	if err != nil {
		return err
	}
	if _, err := s.db.CreateAccount(c.Request().Context(), email, role, hash); err != nil {
		if survey.Code(err) == survey.ErrConflict {
			return s.renderAdminAccounts(c, http.StatusConflict, []summaryError{{"email", "There is already an account for " + email}}, form, "")
		}
		return err
	}
	if err := s.audit(c, "add account", email+" as "+string(role)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/accounts?done=added")
}

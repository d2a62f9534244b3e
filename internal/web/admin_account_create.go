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
	var errs []summaryError
	email, err := account.NormaliseEmail(form["email"])
	if err != nil {
		errs = append(errs, summaryError{"email", "Enter an email address in the correct format, like name@example.org"})
	}
	role, err := account.ParseRole(form["role"])
	if err != nil {
		errs = append(errs, summaryError{"role", "Choose admin or viewer"})
	}
	hash, err := account.HashPassword(c.FormValue("password"))
	if err != nil {
		errs = append(errs, summaryError{"password", passwordRefusal(err)})
	}
	if len(errs) > 0 {
		return s.renderAdminAccounts(c, http.StatusBadRequest, errs, form, "")
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

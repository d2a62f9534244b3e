package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

type adminAccountsPage struct {
	staffLayout
	Accounts []*account.Account
	Errors   []summaryError
	Form     map[string]string
	Notice   string
}

// adminAccounts answers GET /admin/accounts.
func (s *Server) adminAccounts(c echo.Context) error {
	notice := map[string]string{"added": "The account is added.", "reset": "The password is changed, and that account's sessions are ended."}[c.QueryParam("done")]
	return s.renderAdminAccounts(c, http.StatusOK, nil, nil, notice)
}

func (s *Server) renderAdminAccounts(c echo.Context, status int, errs []summaryError, form map[string]string, notice string) error {
	accounts, err := s.db.Accounts(c.Request().Context())
	if err != nil {
		return err
	}
	page := adminAccountsPage{staffLayout: s.staffLayout(c, "Accounts", "accounts"), Accounts: accounts, Errors: errs, Form: form, Notice: notice}
	page.HasErrors = len(errs) > 0
	return s.render(c, status, "admin_accounts", page)
}

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
		errs = append(errs, summaryError{"password", "Enter a password of 12 to 72 characters"})
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

// adminAccountPassword answers POST /admin/accounts/password: an admin
// sets a new password for an account, which ends its sessions.
func (s *Server) adminAccountPassword(c echo.Context) error {
	email, err := account.NormaliseEmail(c.FormValue("email"))
	if err != nil {
		return survey.Errorf(survey.ErrInvalid, "Choose the account whose password to change")
	}
	hash, err := account.HashPassword(c.FormValue("password"))
	if err != nil {
		return s.renderAdminAccounts(c, http.StatusBadRequest, []summaryError{{"reset-password", "Enter a new password of 12 to 72 characters"}}, nil, "")
	}
	if err := s.db.SetPassword(c.Request().Context(), email, hash); err != nil {
		return err
	}
	if err := s.audit(c, "reset password", email); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/accounts?done=reset")
}

type adminAuditPage struct {
	staffLayout
	Entries []store.AuditEntry
}

// adminAudit answers GET /admin/audit: the latest 500 admin actions.
func (s *Server) adminAudit(c echo.Context) error {
	entries, err := s.db.AuditLog(c.Request().Context(), 500)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "admin_audit", adminAuditPage{staffLayout: s.staffLayout(c, "Audit log", "audit"), Entries: entries})
}

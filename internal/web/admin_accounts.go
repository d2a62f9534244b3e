package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

type adminAccountsPage struct {
	staffLayout
	Accounts []*account.Account
	Tokens   []tokenRow
	Errors   []summaryError
	Form     map[string]string
	Notice   string
}

// tokenRow is an API token as the accounts page lists it.
type tokenRow struct {
	*account.Token
	Expired bool
}

// accountNotices say what the last change did, by the done= it redirected
// with.
var accountNotices = map[string]string{
	"added":    "The account is added.",
	"reset":    "The password is changed, and that account's sessions and API tokens are revoked.",
	"role":     "The role is changed, and that account's sessions are ended so that it applies at once.",
	"disabled": "The account is disabled, and its sessions and API tokens are revoked.",
	"enabled":  "The account can sign in again.",
	"deleted":  "The account is deleted, with its sessions and API tokens.",
	"revoked":  "The API token is revoked.",
}

// adminAccounts answers GET /admin/accounts.
func (s *Server) adminAccounts(c echo.Context) error {
	return s.renderAdminAccounts(c, http.StatusOK, nil, nil, accountNotices[c.QueryParam("done")])
}

func (s *Server) renderAdminAccounts(c echo.Context, status int, errs []summaryError, form map[string]string, notice string) error {
	ctx := c.Request().Context()
	accounts, err := s.db.Accounts(ctx)
	if err != nil {
		return err
	}
	tokens, err := s.db.Tokens(ctx)
	if err != nil {
		return err
	}
	now := time.Now()
	rows := make([]tokenRow, len(tokens))
	for i, t := range tokens {
		rows[i] = tokenRow{Token: t, Expired: t.Expired(now)}
	}
	page := adminAccountsPage{staffLayout: s.staffLayout(c, "Accounts", "accounts"), Accounts: accounts, Tokens: rows, Errors: errs, Form: form, Notice: notice}
	page.HasErrors = len(errs) > 0
	return s.render(c, status, "admin_accounts", page)
}

// accountRefused shows the accounts page again with why a change was
// refused, at the field or section it concerns, when the refusal is the
// admin's to act on; any other error goes on to the error handler.
func (s *Server) accountRefused(c echo.Context, anchor string, err error) error {
	if survey.Code(err) == "" {
		return err
	}
	status, message := statusOf(err)
	return s.renderAdminAccounts(c, status, []summaryError{{anchor, message}}, nil, "")
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

// passwordRefusal is why account.HashPassword refused a password, as a
// form shows it; an internal failure of bcrypt, which never happens for a
// password the rule takes, reads as a generic one.
func passwordRefusal(err error) string {
	if survey.Code(err) == survey.ErrInvalid {
		return err.Error()
	}
	return "The password could not be set. Try again"
}

// adminAccountPassword answers POST /admin/accounts/password: an admin
// sets a new password for an account, which revokes its sessions and API
// tokens.
func (s *Server) adminAccountPassword(c echo.Context) error {
	email, err := account.NormaliseEmail(c.FormValue("email"))
	if err != nil {
		return s.accountRefused(c, "reset-email", survey.Errorf(survey.ErrInvalid, "Choose the account whose password to change"))
	}
	hash, err := account.HashPassword(c.FormValue("password"))
	if err != nil {
		return s.renderAdminAccounts(c, http.StatusBadRequest, []summaryError{{"reset-password", passwordRefusal(err)}}, map[string]string{"reset-email": email}, "")
	}
	if err := s.db.SetPassword(c.Request().Context(), email, hash); err != nil {
		return s.accountRefused(c, "reset-email", err)
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

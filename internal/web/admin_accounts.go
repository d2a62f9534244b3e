package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/account"
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

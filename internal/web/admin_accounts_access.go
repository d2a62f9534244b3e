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

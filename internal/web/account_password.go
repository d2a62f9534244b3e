package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

type accountPasswordPage struct {
	staffLayout
	Errors []summaryError
	Done   bool
}

// accountPasswordShow answers GET /account/password: anyone signed in,
// viewer or admin, may change their own password.
func (s *Server) accountPasswordShow(c echo.Context) error {
	return s.renderAccountPassword(c, http.StatusOK, nil, c.QueryParam("done") == "changed")
}

func (s *Server) renderAccountPassword(c echo.Context, status int, errs []summaryError, done bool) error {
	page := accountPasswordPage{staffLayout: s.staffLayout(c, "Change your password", ""), Errors: errs, Done: done}
	page.HasErrors = len(errs) > 0
	return s.render(c, status, "account_password", page)
}

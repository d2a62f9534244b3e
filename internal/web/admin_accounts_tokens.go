package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/survey"
)

// adminTokenRevoke answers POST /admin/tokens/revoke: the API token with
// the id the form names gets 401 from then on.
func (s *Server) adminTokenRevoke(c echo.Context) error {
	id, err := strconv.ParseInt(c.FormValue("token"), 10, 64)
	if err != nil || id < 1 {
		return s.accountRefused(c, "tokens", survey.Errorf(survey.ErrInvalid, "Choose an API token to revoke"))
	}
	revoked, err := s.db.RevokeToken(c.Request().Context(), id)
	if err != nil {
		return s.accountRefused(c, "tokens", err)
	}
	if err := s.audit(c, "revoke token", fmt.Sprintf("token %d of %s", revoked.ID, revoked.Email)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/accounts?done=revoked")
}

package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// actionDelete answers POST /admin/actions/:id/delete.
func (s *Server) actionDelete(c echo.Context) error {
	a, _, err := s.storedAction(c)
	if err != nil {
		return err
	}
	if err := s.db.DeleteAction(c.Request().Context(), a.ID); err != nil {
		return err
	}
	if err := s.audit(c, "delete action", actionDetail(a)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/actions?done=deleted")
}

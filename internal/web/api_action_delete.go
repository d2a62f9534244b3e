package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiActionDelete answers DELETE /api/v1/actions/:id.
func (s *Server) apiActionDelete(c echo.Context) error {
	id, err := actionIDParam(c)
	if err != nil {
		return err
	}
	if err := s.db.DeleteAction(c.Request().Context(), id); err != nil {
		return err
	}
	if err := s.audit(c, "delete action", fmt.Sprintf("action %d", id)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiActionUpdate answers PUT /api/v1/actions/:id with the whole action.
func (s *Server) apiActionUpdate(c echo.Context) error {
	id, err := actionIDParam(c)
	if err != nil {
		return err
	}
	a, err := s.readAction(c)
	if err != nil {
		return err
	}
	a.ID = id
	if err := s.db.UpdateAction(c.Request().Context(), a); err != nil {
		return err
	}
	if err := s.audit(c, "change action", actionDetail(a)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

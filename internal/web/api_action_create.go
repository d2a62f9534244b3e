package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiActionCreate answers POST /api/v1/actions.
func (s *Server) apiActionCreate(c echo.Context) error {
	a, err := s.readAction(c)
	if err != nil {
		return err
	}
	if err := s.db.CreateAction(c.Request().Context(), a); err != nil {
		return err
	}
	if err := s.audit(c, "add action", actionDetail(a)); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, a)
}

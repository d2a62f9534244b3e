package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiActionShow answers GET /api/v1/actions/:id.
func (s *Server) apiActionShow(c echo.Context) error {
	id, err := actionIDParam(c)
	if err != nil {
		return err
	}
	a, err := s.db.Action(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

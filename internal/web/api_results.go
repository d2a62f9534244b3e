package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiResultsShow answers GET /api/v1/waves/:id/results[?by=...].
func (s *Server) apiResultsShow(c echo.Context) error {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	by, err := breakdownParam(c)
	if err != nil {
		return err
	}
	r, err := s.results.Results(c.Request().Context(), id, by)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiResultsShow answers GET /api/v1/waves/:id/results[?by=...].
func (s *Server) apiResultsShow(c echo.Context) error {
	wave, by, err := s.waveBreakdownParams(c)
	if err != nil {
		return err
	}
	r, err := s.results.ResultsOf(c.Request().Context(), wave, by)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

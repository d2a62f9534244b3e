package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiResultsShow answers GET /api/v1/waves/:id/results[?by=...].
func (s *Server) apiResultsShow(c echo.Context) error {
	r, err := s.resultsParams(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiCompareShow answers GET /api/v1/waves/:id/compare/:other[?by=...].
func (s *Server) apiCompareShow(c echo.Context) error {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	other, err := waveIDParam(c, "other")
	if err != nil {
		return err
	}
	by, err := breakdownParam(c)
	if err != nil {
		return err
	}
	comparison, err := s.results.Compare(c.Request().Context(), id, other, by)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, comparison)
}

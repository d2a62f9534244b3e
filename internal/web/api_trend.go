package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiTrendShow answers GET /api/v1/surveys/:code/trend, where the
// parameter is a survey id (it shares its place in the path with the
// respondent code of GET /api/v1/surveys/:code).
func (s *Server) apiTrendShow(c echo.Context) error {
	trend, err := s.results.Trend(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, trend)
}

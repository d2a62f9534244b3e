package web

import (
	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/survey"
)

// dashboardTrendChart answers GET /surveys/:survey/charts/trend.svg|png.
func (s *Server) dashboardTrendChart(c echo.Context) error {
	name, format, err := chartFile(c.Param("chart"))
	if err != nil {
		return err
	}
	if name != "trend" {
		return survey.Errorf(survey.ErrNotFound, "there is no chart %q for this survey", name)
	}
	trend, err := s.results.Trend(c.Request().Context(), c.Param("survey"))
	if err != nil {
		return err
	}
	_, out, err := trendChart(trend, true, format)
	if err != nil {
		return err
	}
	if out == nil {
		return survey.Errorf(survey.ErrNotFound, "no wave of this survey has enough responses to chart")
	}
	return sendChart(c, out, format, trend.Survey+"-trend")
}

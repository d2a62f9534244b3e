package web

import (
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/report"
	"github.com/sayso/sayso/internal/survey"
)

// dashboardChart answers GET /waves/:id/charts/NAME.svg|png, the charts of
// the wave's pages at stable URLs: themes, theme-ID and question-ID.
func (s *Server) dashboardChart(c echo.Context) error {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	name, format, err := chartFile(c.Param("chart"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	wave, err := s.db.Wave(ctx, id)
	if err != nil {
		return err
	}
	o, err := report.OverviewOf(ctx, s.results, wave)
	if err != nil {
		return err
	}
	r := o.Results
	if r.Hidden {
		return survey.Errorf(survey.ErrNotFound, "this wave has too few responses to chart")
	}
	var out []byte
	switch kind, arg, _ := strings.Cut(name, "-"); {
	case name == "themes":
		out, err = themeChart(o, chartHeading(r, themesTitle), format)
	case kind == "theme":
		page, ferr := themeOf(r, arg)
		if ferr != nil {
			return ferr
		}
		if len(page.Shown) == 0 && len(page.Questions) > 0 {
			return survey.Errorf(survey.ErrNotFound, "there is no chart of theme %q, as every statement of it is withheld (%s)", arg, report.WithheldReason(r.MinGroupSize))
		}
		out, err = agreementChart(wave.Definition, page.Shown, chartHeading(r, "Answers to each statement of "+page.Theme.Title), format)
	case kind == "question":
		for _, q := range r.Questions {
			if q.ID != arg || q.Type != survey.Number {
				continue
			}
			if q.Hidden {
				return survey.Errorf(survey.ErrNotFound, "there is no chart of question %q, as it is withheld (%s)", arg, report.WithheldReason(r.MinGroupSize))
			}
			out, err = distributionChart(wave.Definition, q, chartHeading(r, q.Text), format)
		}
	}
	if err != nil {
		return err
	}
	if out == nil {
		return survey.Errorf(survey.ErrNotFound, "there is no chart %q for this wave", name)
	}
	return sendChart(c, out, format, name)
}

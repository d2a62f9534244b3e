package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/chart"
	"github.com/sayso/sayso/internal/report"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/survey"
)

type themePage struct {
	staffLayout
	Wave     results.WaveInfo
	Tabs     waveNav
	Hidden   bool
	Coverage string
	MinGroup int
	Theme    results.Theme
	// Questions are the theme's statements, those withheld included; Shown
	// leaves them out, for the chart.
	Questions []results.Question
	Shown     []results.Question
	Chart     []byte
	ChartFile string
}

// dashboardTheme answers GET /waves/:id/themes/:theme: a theme's items,
// answer by answer.
func (s *Server) dashboardTheme(c echo.Context) error {
	wave, err := s.waveParam(c)
	if err != nil {
		return err
	}
	ctx, id := c.Request().Context(), wave.ID
	r, err := s.results.ResultsOf(ctx, wave, nil)
	if err != nil {
		return err
	}
	page, err := themeOf(r, c.Param("theme"))
	if err != nil {
		return err
	}
	page.staffLayout = s.staffLayout(c, page.Theme.Title+" – "+r.Wave.Name, "results")
	page.Tabs = waveNav{id, ""}
	if !r.Hidden && len(page.Shown) > 0 {
		if page.Chart, err = agreementChart(wave.Definition, page.Shown, chart.Heading{Title: answersTitle}, chart.SVG); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, "theme", page)
}

func themeOf(r *results.WaveResults, themeID string) (themePage, error) {
	page := themePage{Wave: r.Wave, Hidden: r.Hidden, Coverage: report.CoverageOf(r).Sentence(), MinGroup: r.MinGroupSize, ChartFile: "theme-" + themeID}
	found := false
	for _, t := range r.Themes {
		if t.ID == themeID {
			page.Theme, found = t, true
		}
	}
	for _, q := range r.Questions {
		if q.Theme == themeID && q.Type == survey.Agreement {
			page.Questions = append(page.Questions, q)
			if !q.Hidden {
				page.Shown = append(page.Shown, q)
			}
		}
	}
	if !found && !r.Hidden {
		return page, survey.Errorf(survey.ErrNotFound, "this survey has no theme %q", themeID)
	}
	if r.Hidden {
		page.Theme = results.Theme{ID: themeID, Title: "Theme"}
	}
	return page, nil
}

package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/chart"
	"github.com/sayso/sayso/internal/report"
	"github.com/sayso/sayso/internal/results"
)

type surveyWaves struct {
	ID, Title string
	Waves     []waveRow
	Trend     []byte // inline SVG; nil with no wave to show
	TrendAlt  string
}

type waveRow struct {
	Wave         results.WaveInfo
	Received     int
	ResponseRate *float64
	// Published says in short which publication the wave's results are.
	Published string
}

type wavesPage struct {
	staffLayout
	Surveys []surveyWaves
}

// dashboardWaves answers GET /dashboard: every survey's waves, newest
// first, with a small trend of its first headline figure.
func (s *Server) dashboardWaves(c echo.Context) error {
	ctx := c.Request().Context()
	trends, err := s.results.Trends(ctx)
	if err != nil {
		return err
	}
	page := wavesPage{staffLayout: s.staffLayout(c, "Results", "results")}
	for _, trend := range trends {
		sw := surveyWaves{ID: trend.Survey, Title: trend.Title}
		for i := len(trend.Waves) - 1; i >= 0; i-- {
			p := trend.Waves[i]
			// A trend point does not say which publication it is; the
			// wave's results do.
			r, err := s.results.Results(ctx, p.Wave.ID, nil)
			if err != nil {
				return err
			}
			sw.Waves = append(sw.Waves, waveRow{Wave: p.Wave, Received: p.Received, ResponseRate: p.ResponseRate, Published: report.CoverageOf(r).Short()})
		}
		title, out, err := trendChart(trend, false, chart.SVG)
		if err != nil {
			return err
		}
		sw.Trend, sw.TrendAlt = out, title+" by wave"
		page.Surveys = append(page.Surveys, sw)
	}
	return s.render(c, http.StatusOK, "waves", page)
}

package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/chart"
	"github.com/sayso/sayso/internal/report"
	"github.com/sayso/sayso/internal/results"
)

type waveNav struct {
	ID      int64
	Current string
}

type wavePage struct {
	staffLayout
	*results.WaveResults
	Tabs       waveNav
	ThemeChart []byte
	// Breakdowns link to the groups: segment questions show only there.
	Breakdowns []breakdownOption
	// Messages lead the page: what the figures say, each with a link to
	// act on it.
	Messages []report.Message
	// Benchmark is the survey's first benchmark (nil for none), and
	// BenchRows the wave's figures beside it.
	Benchmark *report.Benchmark
	BenchRows []report.BenchRow
}

// dashboardWave answers GET /waves/:id: a wave at a glance.
func (s *Server) dashboardWave(c echo.Context) error {
	wave, err := s.waveParam(c)
	if err != nil {
		return err
	}
	ctx, id := c.Request().Context(), wave.ID
	o, err := report.OverviewOf(ctx, s.results, wave)
	if err != nil {
		return err
	}
	r := o.Results
	page := wavePage{staffLayout: s.staffLayout(c, r.Wave.Name, "results"), WaveResults: r, Tabs: waveNav{id, "overview"}, Breakdowns: breakdownOptions(wave.Definition, ""), Messages: o.Messages}
	if !r.Hidden && len(r.Themes) > 0 {
		if page.ThemeChart, err = themeChart(o, chart.Heading{Title: themesTitle}, chart.SVG); err != nil {
			return err
		}
	}
	if page.Benchmark, err = report.FirstBenchmark(ctx, s.db, wave.SurveyID); err != nil {
		return err
	}
	if page.Benchmark != nil && !r.Hidden {
		page.BenchRows = page.Benchmark.Rows(r.Figures)
	}
	return s.render(c, http.StatusOK, "wave", page)
}

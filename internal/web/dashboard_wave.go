package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/chart"
	"github.com/sayso/sayso/internal/report"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/survey"
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
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	wave, err := s.db.Wave(ctx, id)
	if err != nil {
		return err
	}
	r, err := s.results.Results(ctx, id, nil)
	if err != nil {
		return err
	}
	in, err := report.Insights(ctx, s.results, s.db, id, nil, 0)
	if err != nil {
		return err
	}
	page := wavePage{staffLayout: s.staffLayout(c, r.Wave.Name, "results"), WaveResults: r, Tabs: waveNav{id, "overview"}, Breakdowns: breakdownOptions(wave.Definition, ""), Messages: in.Messages}
	if !r.Hidden && len(r.Themes) > 0 {
		if page.ThemeChart, err = themeChart(r.Themes, chart.SVG); err != nil {
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

// themeChart draws the theme scores that have any.
func themeChart(themes []results.Theme, f chart.Format) ([]byte, error) {
	var bars []chart.Bar
	for _, t := range themes {
		if t.Score != nil {
			bars = append(bars, chart.Bar{Label: t.Title, Value: *t.Score})
		}
	}
	if len(bars) == 0 {
		return nil, nil
	}
	return chart.Scores("Theme scores out of 100", bars, f)
}

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
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	r, err := s.results.Results(c.Request().Context(), id, nil)
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
		if page.Chart, err = agreementChart(page.Shown, chart.SVG); err != nil {
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
		if q.Theme == themeID && q.Type == string(survey.Agreement) {
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

// agreementChart draws each item's answers, strongly disagree first.
func agreementChart(questions []results.Question, f chart.Format) ([]byte, error) {
	bars := make([]chart.StackedBar, len(questions))
	for i, q := range questions {
		parts := make([]float64, len(q.Buckets))
		for j, b := range q.Buckets {
			parts[j] = float64(b.Count)
		}
		bars[i] = chart.StackedBar{Label: q.Text, Parts: parts}
	}
	return chart.Stacked("Answers, from strongly disagree to strongly agree", chart.AgreementColours, bars, f)
}

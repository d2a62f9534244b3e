package web

import (
	"context"
	"fmt"
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
		if page.ThemeChart, err = s.themeChart(ctx, r, chart.Heading{Title: themesTitle}, chart.SVG); err != nil {
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

const themesTitle = "Theme scores out of 100"

// themeChart draws the wave's theme scores, each marked with its score in
// the wave before wherever the comparison of the two shows both; nil when
// no theme has a score.
func (s *Server) themeChart(ctx context.Context, r *results.WaveResults, h chart.Heading, f chart.Format) ([]byte, error) {
	rep, err := report.Build(ctx, s.results, s.db, report.Selection{Wave: r.Wave.ID})
	if err != nil {
		return nil, err
	}
	scores := chart.ScoreChart{Heading: h, Rows: "Theme", Current: r.Wave.Name}
	if rep.Compared {
		scores.Earlier = []string{rep.Earlier.Name}
	}
	for _, t := range rep.Themes {
		if t.Later == nil {
			continue
		}
		bar := chart.ScoreBar{Label: t.Title, Value: t.Later}
		if rep.Compared {
			var earlier *float64
			if !t.Withheld() {
				earlier = t.Earlier
			}
			bar.Earlier = []*float64{earlier}
		}
		scores.Bars = append(scores.Bars, bar)
	}
	if len(scores.Bars) == 0 {
		return nil, nil
	}
	return chart.Scores(scores, f)
}

// chartHeading titles a chart to download with what it shows, and the
// survey, wave and responses it comes from.
func chartHeading(r *results.WaveResults, title string) chart.Heading {
	responses := fmt.Sprintf("%d responses", r.Responses)
	if r.Responses != r.Received {
		responses = fmt.Sprintf("%d of the %d responses received", r.Responses, r.Received)
	}
	return chart.Heading{Title: title, Subtitle: r.Wave.Title + " · " + r.Wave.Name + " · " + responses}
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
	ctx := c.Request().Context()
	wave, err := s.db.Wave(ctx, id)
	if err != nil {
		return err
	}
	r, err := s.results.Results(ctx, id, nil)
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

const answersTitle = "Answers to each statement"

// agreementChart draws each statement's answers, strongly disagree first,
// coloured by which answers are favourable: for a statement worded
// negatively, those that disagree; nil with no statement to draw.
func agreementChart(def *survey.Definition, questions []results.Question, h chart.Heading, f chart.Format) ([]byte, error) {
	if len(questions) == 0 {
		return nil, nil
	}
	bars := make([]chart.AgreementBar, len(questions))
	for i, q := range questions {
		bars[i].Label = q.Text
		for j, b := range q.Buckets[:min(len(q.Buckets), 5)] {
			bars[i].Counts[j] = float64(b.Count)
		}
		if dq, ok := def.Question(q.ID); ok {
			bars[i].Reverse = dq.Reverse
		}
	}
	return chart.Agreement(h, bars, f)
}

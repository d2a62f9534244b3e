package web

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/chart"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/survey"
)

type surveyWaves struct {
	ID, Title  string
	Waves      []waveRow
	TrendTitle string
	Trend      []byte // inline SVG; nil with no wave to show
	TrendAlt   string
}

type waveRow struct {
	Wave         results.WaveInfo
	Responses    int
	Hidden       bool
	ResponseRate *float64
	Headline     *results.Indicator
}

type wavesPage struct {
	staffLayout
	Surveys []surveyWaves
}

// dashboardWaves answers GET /dashboard: every survey's waves, newest
// first, with a small trend of its first headline figure.
func (s *Server) dashboardWaves(c echo.Context) error {
	ctx := c.Request().Context()
	waves, err := s.db.Waves(ctx)
	if err != nil {
		return err
	}
	var ids []string
	for _, w := range waves {
		if !slices.Contains(ids, w.SurveyID) {
			ids = append(ids, w.SurveyID)
		}
	}
	page := wavesPage{staffLayout: s.staffLayout(c, "Results", "results")}
	for _, id := range ids {
		trend, err := s.results.Trend(ctx, id)
		if err != nil {
			return err
		}
		sw := surveyWaves{ID: id, Title: trend.Title}
		var labels []string
		var values []float64
		for i := len(trend.Waves) - 1; i >= 0; i-- {
			p := trend.Waves[i]
			row := waveRow{Wave: p.Wave, Responses: p.Responses, Hidden: p.Hidden, ResponseRate: p.ResponseRate}
			if len(p.Indicators) > 0 {
				row.Headline = &p.Indicators[0]
			}
			sw.Waves = append(sw.Waves, row)
		}
		for _, p := range trend.Waves {
			if h, ok := headline(p); ok && h.value != nil {
				labels, values = append(labels, p.Wave.Name), append(values, *h.value)
				sw.TrendTitle, sw.TrendAlt = h.title, h.title+" by wave"
			}
		}
		if len(values) > 0 {
			low, high := 0.0, 100.0
			switch h, _ := headline(trend.Waves[len(trend.Waves)-1]); h.kind {
			case string(survey.Mean):
				high = 10
			case string(survey.ENPS):
				low = -100
			}
			if sw.Trend, err = chart.Trend(sw.TrendTitle, labels, values, low, high, chart.SVG); err != nil {
				return err
			}
		}
		page.Surveys = append(page.Surveys, sw)
	}
	return s.render(c, http.StatusOK, "waves", page)
}

type headlineFigure struct {
	title, kind string
	value       *float64
}

// headline is the figure a survey's trend follows: its first indicator,
// or its first theme's score.
func headline(p results.TrendPoint) (headlineFigure, bool) {
	switch {
	case len(p.Indicators) > 0:
		return headlineFigure{p.Indicators[0].Title, p.Indicators[0].Kind, p.Indicators[0].Value}, true
	case len(p.Themes) > 0:
		return headlineFigure{p.Themes[0].Title + " score", "score", p.Themes[0].Score}, true
	}
	return headlineFigure{}, false
}

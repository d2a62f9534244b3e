package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/chart"
	"github.com/sayso/sayso/internal/format"
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

// trendChart draws a survey's headline figure over the waves that may
// show it; no chart (nil) when none may. A download says which survey,
// waves and responses it is from.
func trendChart(trend *results.Trend, download bool, f chart.Format) (string, []byte, error) {
	var labels, responses []string
	var values []float64
	var last headlineFigure
	for _, p := range trend.Waves {
		if h, ok := headline(p); ok && h.value != nil {
			labels, values, last = append(labels, p.Wave.Name), append(values, *h.value), h
			responses = append(responses, strconv.Itoa(p.Responses))
		}
	}
	if len(values) == 0 {
		return "", nil, nil
	}
	trendChart := chart.TrendChart{Heading: chart.Heading{Title: last.title + " by wave"}, Axis: report.TrendAxis(last.unit), Labels: labels, Values: values}
	if download {
		waves, counts := labels[0], responses[0]
		if n := len(labels); n > 1 {
			waves = labels[0] + " to " + labels[n-1]
			counts = strings.Join(responses[:n-1], ", ") + " and " + responses[n-1]
		}
		trendChart.Subtitle = trend.Title + " · " + waves + " · " + counts + " responses"
	}
	out, err := chart.Trend(trendChart, f)
	return last.title, out, err
}

type headlineFigure struct {
	title, unit string
	value       *float64
}

// headline is the figure a survey's trend follows: its first indicator,
// or its first theme's score.
func headline(p results.TrendPoint) (headlineFigure, bool) {
	switch {
	case len(p.Indicators) > 0:
		return headlineFigure{p.Indicators[0].Title, format.IndicatorUnit(p.Indicators[0].Kind), p.Indicators[0].Value}, true
	case len(p.Themes) > 0:
		return headlineFigure{p.Themes[0].Title + " score", format.Score, p.Themes[0].Score}, true
	}
	return headlineFigure{}, false
}

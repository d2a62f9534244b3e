package web

import (
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/chart"
	"github.com/sayso/sayso/internal/format"
	"github.com/sayso/sayso/internal/report"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/survey"
)

const themesTitle = "Theme scores out of 100"

// themeChart draws the wave's theme scores, each marked with its score in
// the wave before wherever the comparison of the two shows both; nil when
// no theme has a score.
func themeChart(o *report.Overview, h chart.Heading, f chart.Format) ([]byte, error) {
	scores := chart.ScoreChart{Heading: h, Rows: "Theme", Current: o.Results.Wave.Name}
	if since, compared := o.ThemesSince(); compared {
		scores.Earlier = []string{o.Earlier.Wave.Name}
		for _, t := range since {
			if t.Later == nil {
				continue
			}
			earlier := t.Earlier
			if t.Withheld() {
				earlier = nil
			}
			scores.Bars = append(scores.Bars, chart.ScoreBar{Label: t.Title, Value: t.Later, Earlier: []*float64{earlier}})
		}
	} else {
		for _, t := range o.Results.Themes {
			if t.Score != nil {
				scores.Bars = append(scores.Bars, chart.ScoreBar{Label: t.Title, Value: t.Score})
			}
		}
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

// distributionChart draws a number question's answers as a histogram,
// those over its threshold (the default one) as the unfavourable side.
func distributionChart(def *survey.Definition, q results.Question, h chart.Heading, f chart.Format) ([]byte, error) {
	histogram := chart.HistogramChart{Heading: h, ThresholdName: "the safe level"}
	for _, b := range q.Buckets {
		v, err := strconv.ParseFloat(b.Value, 64)
		if err != nil {
			return nil, fmt.Errorf("the answer %q to %s is not a number: %w", b.Value, q.ID, err)
		}
		histogram.Counts = append(histogram.Counts, chart.Count{Value: v, Count: b.Count})
	}
	if len(histogram.Counts) == 0 {
		return nil, nil
	}
	if dq, ok := def.Question(q.ID); ok {
		histogram.Unit = dq.Unit
	}
	if ind := aboveIndicator(def, q.ID); ind != nil {
		histogram.Threshold = &ind.Threshold.Default
	}
	return chart.Histogram(histogram, f)
}

func chartFile(file string) (string, chart.Format, error) {
	ext := path.Ext(file)
	format, err := chart.ParseFormat(ext)
	if err != nil {
		return "", "", survey.Errorf(survey.ErrNotFound, "%s", err.Error())
	}
	return strings.TrimSuffix(file, ext), format, nil
}

func sendChart(c echo.Context, out []byte, format chart.Format, name string) error {
	contentType := "image/png"
	if format == chart.SVG {
		contentType = "image/svg+xml"
	}
	c.Response().Header().Set("Content-Disposition", `inline; filename="`+name+"."+string(format)+`"`)
	return c.Blob(http.StatusOK, contentType, out)
}

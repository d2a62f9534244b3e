package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/chart"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/survey"
)

type workloadQuestion struct {
	Question  results.Question
	Threshold string // in words; empty without one
	Chart     []byte
	ChartFile string
	Above     *aboveByGroup
}

type aboveByGroup struct {
	Title   string
	By      string
	Overall results.Indicator
	Groups  []aboveGroup
}

type aboveGroup struct {
	Label     string
	Hidden    bool
	Indicator *results.Indicator
}

type workloadPage struct {
	staffLayout
	*results.WaveResults
	Tabs      waveNav
	Questions []workloadQuestion
}

// dashboardWorkload answers GET /waves/:id/workload: each number question
// (caseload, hours) as a distribution with its threshold, and the share
// over the threshold by role.
func (s *Server) dashboardWorkload(c echo.Context) error {
	wave, err := s.waveParam(c)
	if err != nil {
		return err
	}
	ctx, id := c.Request().Context(), wave.ID
	def := wave.Definition
	r, err := s.results.ResultsOf(ctx, wave, nil)
	if err != nil {
		return err
	}
	page := workloadPage{staffLayout: s.staffLayout(c, "Caseload and hours – "+r.Wave.Name, "results"), WaveResults: r, Tabs: waveNav{id, "workload"}}
	if r.Hidden {
		return s.render(c, http.StatusOK, "workload", page)
	}
	by := roleBreakdown(def)
	var grouped *results.WaveResults
	if by != nil {
		if grouped, err = s.results.ResultsOf(ctx, wave, by); err != nil {
			return err
		}
	}
	for _, q := range r.Questions {
		if q.Type != survey.Number {
			continue
		}
		wq := workloadQuestion{Question: q, ChartFile: "question-" + q.ID}
		ind := aboveIndicator(def, q.ID)
		if ind != nil {
			wq.Threshold = thresholdText(def, ind.Threshold)
			wq.Above = aboveTable(def, r, grouped, ind)
		}
		if !q.Hidden { // nothing of a withheld question is drawn
			// The section's heading names the question; a download says it.
			if wq.Chart, err = distributionChart(def, q, chart.Heading{}, chart.SVG); err != nil {
				return err
			}
		}
		page.Questions = append(page.Questions, wq)
	}
	return s.render(c, http.StatusOK, "workload", page)
}

// roleBreakdown is the breakdown by role when the survey declares one, or
// else its first single-question breakdown.
func roleBreakdown(def *survey.Definition) []string {
	for _, b := range def.Breakdowns {
		if slices.Equal(b.Questions, []string{"role"}) {
			return b.Questions
		}
	}
	for _, b := range def.Breakdowns {
		if len(b.Questions) == 1 {
			return b.Questions
		}
	}
	return nil
}

func aboveIndicator(def *survey.Definition, questionID string) *survey.Indicator {
	for _, ind := range def.Indicators {
		if ind.Kind == survey.Above && ind.Question == questionID {
			return ind
		}
	}
	return nil
}

func thresholdText(def *survey.Definition, t *survey.Threshold) string {
	text := "above " + strconv.FormatFloat(t.Default, 'f', -1, 64)
	if t.By == "" || len(t.Values) == 0 {
		return text
	}
	by, _ := def.Question(t.By)
	var exceptions []string
	for _, o := range by.Options {
		if v, ok := t.Values[o.Value]; ok {
			exceptions = append(exceptions, "above "+strconv.FormatFloat(v, 'f', -1, 64)+" for "+o.Label)
		}
	}
	return text + " (" + strings.Join(exceptions, "; ") + ")"
}

func aboveTable(def *survey.Definition, whole, grouped *results.WaveResults, ind *survey.Indicator) *aboveByGroup {
	find := func(list []results.Indicator) *results.Indicator {
		for i := range list {
			if list[i].ID == ind.ID {
				return &list[i]
			}
		}
		return nil
	}
	overall := find(whole.Indicators)
	if overall == nil {
		return nil
	}
	table := &aboveByGroup{Title: ind.Title, Overall: *overall}
	if grouped == nil {
		return table
	}
	if q, ok := def.Question(grouped.Breakdown[0]); ok {
		table.By = q.Label()
	}
	for _, g := range grouped.Groups {
		row := aboveGroup{Label: g.Label, Hidden: g.Hidden}
		if !g.Hidden {
			row.Indicator = find(g.Indicators)
		}
		table.Groups = append(table.Groups, row)
	}
	return table
}

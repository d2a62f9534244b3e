package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/survey"
)

type breakdownOption struct {
	Value, Label string
	Selected     bool
}

type breakdownPage struct {
	staffLayout
	*results.WaveResults
	Tabs    waveNav
	Options []breakdownOption
	By      string
}

// dashboardBreakdown answers GET /waves/:id/breakdown[?by=...]: the
// wave's groups side by side, those the anonymity rules hide saying so.
func (s *Server) dashboardBreakdown(c echo.Context) error {
	wave, err := s.waveParam(c)
	if err != nil {
		return err
	}
	ctx, id := c.Request().Context(), wave.ID
	def := wave.Definition
	by, err := breakdownParam(c)
	if err != nil {
		return err
	}
	if by == nil && len(def.Breakdowns) > 0 {
		by = def.Breakdowns[0].Questions
	}
	r, err := s.results.ResultsOf(ctx, wave, by)
	if err != nil {
		return err
	}
	page := breakdownPage{staffLayout: s.staffLayout(c, "Breakdowns – "+r.Wave.Name, "results"), WaveResults: r, Tabs: waveNav{id, "breakdown"}, By: strings.Join(r.Breakdown, ",")}
	page.Options = breakdownOptions(def, page.By)
	return s.render(c, http.StatusOK, "breakdown", page)
}

// breakdownOptions are a definition's declared breakdowns, named by their
// questions' labels, with the one given as selected.
func breakdownOptions(def *survey.Definition, selected string) []breakdownOption {
	var options []breakdownOption
	for _, b := range def.Breakdowns {
		labels := make([]string, len(b.Questions))
		for i, qid := range b.Questions {
			labels[i] = qid
			if q, ok := def.Question(qid); ok {
				labels[i] = q.Label()
			}
		}
		value := strings.Join(b.Questions, ",")
		options = append(options, breakdownOption{Value: value, Label: strings.Join(labels, " and "), Selected: value == selected})
	}
	return options
}

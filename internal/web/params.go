package web

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/report"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/survey"
)

// waveIDParam reads a wave id from the path.
func waveIDParam(c echo.Context, name string) (int64, error) {
	return parseID("wave", c.Param(name))
}

// waveParam reads the wave the route's :id names.
func (s *Server) waveParam(c echo.Context) (*survey.Wave, error) {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return nil, err
	}
	return s.db.Wave(c.Request().Context(), id)
}

// waveBreakdownParams reads the wave the route's :id names and the
// breakdown ?by= asks for (see breakdownParam), the id checked first.
func (s *Server) waveBreakdownParams(c echo.Context) (*survey.Wave, []string, error) {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return nil, nil, err
	}
	by, err := breakdownParam(c)
	if err != nil {
		return nil, nil, err
	}
	wave, err := s.db.Wave(c.Request().Context(), id)
	return wave, by, err
}

// resultsParams reads the results of the wave the route's :id names,
// broken down by ?by=.
func (s *Server) resultsParams(c echo.Context) (*results.WaveResults, error) {
	wave, by, err := s.waveBreakdownParams(c)
	if err != nil {
		return nil, err
	}
	return s.results.ResultsOf(c.Request().Context(), wave, by)
}

// insightsParams reads the wave the route's :id names and its key
// messages and heatmap by ?by= (the first breakdown declared when none),
// with changes since the wave before.
func (s *Server) insightsParams(c echo.Context) (*survey.Wave, *report.Insight, error) {
	wave, by, err := s.waveBreakdownParams(c)
	if err != nil {
		return nil, nil, err
	}
	in, err := report.Insights(c.Request().Context(), s.results, wave, by, 0)
	return wave, in, err
}

// parseID reads the id of a kind of thing (a wave, an action), which is a
// positive whole number.
func parseID(kind, raw string) (int64, error) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, survey.Errorf(survey.ErrInvalid, "%q is not %s %s id: %s ids are whole numbers from 1 up", raw, article(kind), kind, kind)
	}
	return id, nil
}

// article is "a" or "an" before a word, for messages naming a kind.
func article(word string) string {
	if strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// breakdownParam reads ?by=A or ?by=A,B; absent or empty (a form's
// "Nothing: everyone") means no breakdown.
func breakdownParam(c echo.Context) ([]string, error) {
	raw, ok := c.QueryParams()["by"]
	if !ok {
		return nil, nil
	}
	if len(raw) != 1 {
		return nil, survey.Errorf(survey.ErrInvalid, "give by once, as by=QUESTION or by=QUESTION,QUESTION")
	}
	if strings.TrimSpace(raw[0]) == "" {
		return nil, nil
	}
	by := strings.Split(raw[0], ",")
	for i, id := range by {
		by[i] = strings.TrimSpace(id)
		if by[i] == "" {
			return nil, survey.Errorf(survey.ErrInvalid, "by=%q names an empty question; give by=QUESTION or by=QUESTION,QUESTION", raw[0])
		}
	}
	return by, nil
}

// actionIDParam reads an action id from the path.
func actionIDParam(c echo.Context) (int64, error) {
	return parseID("action", c.Param("id"))
}

// selectionParams reads which waves of the survey in the path to compare:
// ?wave=ID (default the latest) and ?with=ID or none (default the one
// before it).
func selectionParams(c echo.Context) (report.Selection, error) {
	sel := report.Selection{Survey: c.Param("survey")}
	var err error
	if raw := c.QueryParam("wave"); raw != "" {
		if sel.Wave, err = parseID("wave", raw); err != nil {
			return sel, err
		}
	}
	switch raw := c.QueryParam("with"); raw {
	case "":
	case "none":
		sel.With = report.NoComparison
	default:
		if sel.With, err = parseID("wave", raw); err != nil {
			return sel, err
		}
	}
	return sel, nil
}

// reportParams builds the report of the waves the request selects (see
// selectionParams), broken down by ?by=.
func (s *Server) reportParams(c echo.Context) (*report.Report, error) {
	sel, err := selectionParams(c)
	if err != nil {
		return nil, err
	}
	if sel.By, err = breakdownParam(c); err != nil {
		return nil, err
	}
	return report.Build(c.Request().Context(), s.results, s.db, sel)
}

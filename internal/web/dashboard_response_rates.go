package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// rateRow is one group's line of the response rates table and its field
// in the headcount form.
type rateRow struct {
	results.GroupRate
	Field, Input, Error string
}

type responseRatesPage struct {
	staffLayout
	*results.WaveResults
	Tabs    waveNav
	Options []breakdownOption
	By      string
	Rows    []rateRow
	Errors  []summaryError
	Notice  string
}

// dashboardResponseRates answers GET /waves/:id/response-rates[?by=...]:
// each group's response rate, from the published count and the headcount
// an admin gave the group, and for admins the form to give them.
func (s *Server) dashboardResponseRates(c echo.Context) error {
	wave, by, err := s.waveBreakdownParams(c)
	if err != nil {
		return err
	}
	page, err := s.responseRates(c, wave, by)
	if err != nil {
		return err
	}
	if c.QueryParam("done") == "saved" {
		page.Notice = "The headcounts are saved."
	}
	return s.render(c, http.StatusOK, "response_rates", page)
}

// responseRates reads the page of a wave's response rates by a breakdown
// (the first declared for nil).
func (s *Server) responseRates(c echo.Context, wave *survey.Wave, by []string) (responseRatesPage, error) {
	ctx, id := c.Request().Context(), wave.ID
	def := wave.Definition
	if by == nil && len(def.Breakdowns) > 0 {
		by = def.Breakdowns[0].Questions
	}
	r, err := s.results.ResultsOf(ctx, wave, by)
	if err != nil {
		return responseRatesPage{}, err
	}
	page := responseRatesPage{staffLayout: s.staffLayout(c, "Response rates – "+r.Wave.Name, "results"), WaveResults: r, Tabs: waveNav{id, "rates"}, By: strings.Join(r.Breakdown, ",")}
	page.Options = breakdownOptions(def, page.By)
	if len(by) == 0 {
		return page, nil
	}
	headcounts, err := s.db.GroupHeadcounts(ctx, id, page.By)
	if err != nil {
		return page, err
	}
	for i, g := range results.GroupRates(r.Results, headcounts) {
		row := rateRow{GroupRate: g, Field: "headcount-" + strconv.Itoa(i+1)}
		if g.Headcount != nil {
			row.Input = strconv.Itoa(*g.Headcount)
		}
		page.Rows = append(page.Rows, row)
	}
	return page, nil
}

// readGroupHeadcounts reads the headcount of each group from the form,
// keeping what was typed and putting an error beside each field that is
// wrong. An empty field gives the group no headcount.
func readGroupHeadcounts(c echo.Context, page *responseRatesPage) map[string]int {
	values := map[string]int{}
	for i := range page.Rows {
		row := &page.Rows[i]
		row.Input = strings.TrimSpace(c.FormValue(row.Field))
		if row.Input == "" {
			continue
		}
		n, err := strconv.Atoi(row.Input)
		if err == nil {
			err = store.CheckGroupHeadcount(n) // the store's rule, checked here so each field gets its message
		}
		if err != nil {
			row.Error = "Enter the headcount of " + row.Label + " as a whole number from 1 to 1,000,000, or leave it empty"
			page.Errors = append(page.Errors, summaryError{row.Field, row.Error})
			continue
		}
		values[row.Value] = n
	}
	return values
}

// formBreakdown reads the breakdown a form is for.
func formBreakdown(c echo.Context) ([]string, error) {
	by := strings.Split(c.FormValue("by"), ",")
	for _, id := range by {
		if strings.TrimSpace(id) == "" {
			return nil, survey.Errorf(survey.ErrInvalid, "say which breakdown the headcounts are for")
		}
	}
	return by, nil
}

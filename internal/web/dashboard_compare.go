package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/report"
)

type comparePage struct {
	staffLayout
	*report.Report
	Options   []breakdownOption
	By        string
	ReportURL string
}

// dashboardCompare answers GET /surveys/:survey/compare[?wave=&with=&by=]:
// two waves of a survey side by side, by default the latest and the one
// before it.
func (s *Server) dashboardCompare(c echo.Context) error {
	sel, err := selectionParams(c)
	if err != nil {
		return err
	}
	if sel.By, err = breakdownParam(c); err != nil {
		return err
	}
	r, err := report.Build(c.Request().Context(), s.results, s.db, sel)
	if err != nil {
		return err
	}
	title := "Compare waves"
	if r.Earlier != nil {
		title = r.Later.Name + " compared with " + r.Earlier.Name
	}
	page := comparePage{staffLayout: s.staffLayout(c, title, "results"), Report: r, By: strings.Join(r.Breakdown, ",")}
	page.Options = breakdownOptions(r.Definition, page.By)
	query := url.Values{"wave": {strconv.FormatInt(r.Later.ID, 10)}, "with": {"none"}}
	if r.Earlier != nil {
		query.Set("with", strconv.FormatInt(r.Earlier.ID, 10))
	}
	if page.By != "" {
		query.Set("by", page.By)
	}
	page.ReportURL = "/surveys/" + url.PathEscape(r.Survey) + "/report?" + query.Encode()
	return s.render(c, http.StatusOK, "compare", page)
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

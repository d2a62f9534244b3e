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
	r, err := s.reportParams(c)
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

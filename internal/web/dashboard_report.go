package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/report"
)

// reportPolicy lets the report's own inline styles apply and nothing else
// load: the file needs no request, and this proves it in the browser.
const reportPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// dashboardReport answers GET /surveys/:survey/report[?wave=&with=&by=]:
// the board report as one HTML file, the same as sayso report writes,
// with the groups of the breakdown the comparison page showed.
func (s *Server) dashboardReport(c echo.Context) error {
	r, err := s.reportParams(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.Render(&buf, r, time.Now()); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", reportPolicy)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", reportFileName(r)))
	return c.HTMLBlob(http.StatusOK, buf.Bytes())
}

// reportFileName names a saved report after its survey and waves, in
// characters any file system takes: health-check-report-health-check-2025-vs-health-check-2024.html.
func reportFileName(r *report.Report) string {
	name := slug(r.Survey) + "-report-" + slug(r.Later.Name)
	if r.Earlier != nil {
		name += "-vs-" + slug(r.Earlier.Name)
	}
	if len(r.Groups) > 0 {
		name += "-by-" + slug(strings.Join(r.Breakdown, " "))
	}
	return name + ".html"
}

// slug writes a name in lower-case letters and digits, one hyphen for each
// run of anything else.
func slug(name string) string {
	words := strings.FieldsFunc(strings.ToLower(name), func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')
	})
	if len(words) == 0 {
		return "wave"
	}
	return strings.Join(words, "-")
}

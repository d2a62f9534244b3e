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

// dashboardReport answers GET /surveys/:survey/report[?wave=&with=]: the
// board report as one HTML file, the same as sayso report writes.
func (s *Server) dashboardReport(c echo.Context) error {
	sel, err := selectionParams(c)
	if err != nil {
		return err
	}
	r, err := report.Build(c.Request().Context(), s.results, s.db, sel)
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
	h.Set("Content-Disposition", fmt.Sprintf("inline; filename=%q", reportFileName(r)))
	return c.HTMLBlob(http.StatusOK, buf.Bytes())
}

// reportFileName names a saved report after its waves, in characters any
// file system takes.
func reportFileName(r *report.Report) string {
	name := fmt.Sprintf("%s-wave-%d", r.Survey, r.Later.ID)
	if r.Earlier != nil {
		name += fmt.Sprintf("-vs-%d", r.Earlier.ID)
	}
	return strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' {
			return c
		}
		return '-'
	}, strings.ToLower(name)) + ".html"
}

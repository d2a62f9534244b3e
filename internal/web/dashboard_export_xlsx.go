package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/report"
)

// dashboardExportXLSX answers GET /waves/:id/results.xlsx[?by=...]: the
// wave's figures as an Excel workbook, a sheet per view (headline, themes,
// statements, the heatmap by the breakdown asked for, the trend), under
// the same rules as the pages and the CSV.
func (s *Server) dashboardExportXLSX(c echo.Context) error {
	wave, in, err := s.insightsParams(c)
	if err != nil {
		return err
	}
	trend, err := s.results.Trend(c.Request().Context(), wave.SurveyID)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.WriteWorkbook(&buf, report.WorkbookData{Whole: in.Whole, Heatmap: in.Heatmap, Trend: trend}); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="wave-%d-results.xlsx"`, wave.ID))
	return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}

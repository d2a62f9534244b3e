package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/report"
	"github.com/sayso/sayso/internal/results"
)

type heatmapPage struct {
	staffLayout
	*results.WaveResults
	Tabs    waveNav
	Options []breakdownOption
	By      string
	Earlier *results.WaveInfo
	Table   *report.HeatTable
	// Benchmark is shown as a line under the whole wave's; nil for none.
	Benchmark *report.Benchmark
	// Rows are the whole wave's line and each group's, as the table
	// writes them.
	Rows []heatRowView
}

type heatRowView struct {
	Row          report.HeatRow
	MinGroupSize int
	Columns      int
}

// dashboardHeatmap answers GET /waves/:id/heatmap[?by=...]: every theme and
// headline figure by the groups of a breakdown, each with its band and its
// change since the wave before, hidden groups and withheld figures saying
// so.
func (s *Server) dashboardHeatmap(c echo.Context) error {
	wave, in, err := s.insightsParams(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	r := in.Whole
	page := heatmapPage{staffLayout: s.staffLayout(c, "Heatmap – "+r.Wave.Name, "results"), WaveResults: r, Tabs: waveNav{wave.ID, "heatmap"}, By: strings.Join(in.By, ","), Earlier: in.Earlier}
	page.Options = breakdownOptions(wave.Definition, page.By)
	if in.Heatmap != nil {
		t := report.NewHeatTable(*in.Heatmap)
		page.Table = &t
		rows := []report.HeatRow{t.Whole}
		if page.Benchmark, err = report.FirstBenchmark(ctx, s.db, wave.SurveyID); err != nil {
			return err
		}
		if page.Benchmark != nil {
			rows = append(rows, page.Benchmark.HeatRow(t.Columns))
		}
		for _, row := range append(rows, t.Rows...) {
			page.Rows = append(page.Rows, heatRowView{row, r.MinGroupSize, len(t.Columns)})
		}
	}
	return s.render(c, http.StatusOK, "heatmap", page)
}

package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/sayso/sayso/internal/format"
	"github.com/sayso/sayso/internal/results"
)

// WorkbookData is what the workbook shows: the same publication as the
// pages, whole and by one breakdown, and the survey's trend.
type WorkbookData struct {
	Whole   *results.WaveResults
	Heatmap *results.Heatmap // nil when the survey declares no breakdown
	Trend   *results.Trend
}

// Sheet names, in order.
const (
	SheetHeadline   = "Headline"
	SheetThemes     = "Themes"
	SheetStatements = "Statements"
	SheetHeatmap    = "Heatmap"
	SheetTrend      = "Trend"
)

// workbook holds the styles every sheet uses.
type workbook struct {
	f                             *excelize.File
	bold, whole, decimal, percent int
	bands                         map[string]int
}

// WriteWorkbook writes a wave's results as an Excel workbook with a sheet
// per view: numbers as numbers in their formats, a withheld figure as the
// word "Withheld" and never a number, a hidden group with no figure.
func WriteWorkbook(w io.Writer, d WorkbookData) error {
	wb := &workbook{f: excelize.NewFile(), bands: map[string]int{}}
	defer wb.f.Close()
	styles := []struct {
		style *excelize.Style
		into  *int
	}{
		{&excelize.Style{Font: &excelize.Font{Bold: true}}, &wb.bold},
		{&excelize.Style{NumFmt: 1}, &wb.whole},                        // 0
		{&excelize.Style{CustomNumFmt: ptrString("0.0")}, &wb.decimal}, // a mean
		{&excelize.Style{NumFmt: 9}, &wb.percent},                      // 0%
	}
	for _, s := range styles {
		id, err := wb.f.NewStyle(s.style)
		if err != nil {
			return err
		}
		*s.into = id
	}
	for band, colour := range map[string]string{"low": "F6D7D2", "moderate": "FFF2CC", "high": "CCE2D8"} {
		id, err := wb.f.NewStyle(&excelize.Style{NumFmt: 1, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}})
		if err != nil {
			return err
		}
		wb.bands[band] = id
	}
	if err := wb.f.SetSheetName("Sheet1", SheetHeadline); err != nil {
		return err
	}
	for _, name := range []string{SheetThemes, SheetStatements, SheetHeatmap, SheetTrend} {
		if _, err := wb.f.NewSheet(name); err != nil {
			return err
		}
	}
	for _, write := range []func(WorkbookData) error{wb.headline, wb.themes, wb.statements, wb.heatmap, wb.trend} {
		if err := write(d); err != nil {
			return err
		}
	}
	return wb.f.Write(w)
}

func ptrString(s string) *string { return &s }

// row writes one row of values from column A, styling each number.
func (wb *workbook) row(sheet string, n int, values ...any) error {
	for i, v := range values {
		cell, err := excelize.CoordinatesToCellName(i+1, n)
		if err != nil {
			return err
		}
		style := 0
		if c, ok := v.(styled); ok {
			v, style = c.value, c.style
		}
		if err := wb.f.SetCellValue(sheet, cell, v); err != nil {
			return err
		}
		if style != 0 {
			if err := wb.f.SetCellStyle(sheet, cell, cell, style); err != nil {
				return err
			}
		}
	}
	return nil
}

// styled is a cell value with its style.
type styled struct {
	value any
	style int
}

func (wb *workbook) header(sheet string, titles ...string) error {
	for i, t := range titles {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := wb.f.SetCellValue(sheet, cell, t); err != nil {
			return err
		}
		if err := wb.f.SetCellStyle(sheet, cell, cell, wb.bold); err != nil {
			return err
		}
	}
	return wb.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// number is a figure in its unit as a cell: a percentage as a share with
// the percent format, a mean to one decimal, a score or eNPS whole; ""
// for none.
func (wb *workbook) number(unit string, v *float64) any {
	if v == nil {
		return ""
	}
	switch unit {
	case format.Percent:
		return styled{*v / 100, wb.percent}
	case format.Mean:
		return styled{*v, wb.decimal}
	}
	return styled{*v, wb.whole}
}

func (wb *workbook) headline(d WorkbookData) error {
	r := d.Whole
	if err := wb.header(SheetHeadline, "Figure", "Value", "95% low", "95% high", "Answered", "Note"); err != nil {
		return err
	}
	n := 2
	if err := wb.row(SheetHeadline, n, "Responses published", styled{r.Responses, wb.whole}, "", "", "", CoverageOf(r).Sentence()); err != nil {
		return err
	}
	if r.Hidden {
		return nil
	}
	reason := WithheldReason(r.MinGroupSize)
	for _, ind := range r.Indicators {
		n++
		unit := format.IndicatorUnit(ind.Kind)
		if ind.Hidden {
			if err := wb.row(SheetHeadline, n, ind.Title, "Withheld", "", "", "", reason); err != nil {
				return err
			}
			continue
		}
		low, high := any(""), any("")
		if ind.Interval != nil {
			low, high = wb.number(unit, &ind.Interval.Low), wb.number(unit, &ind.Interval.High)
		}
		if err := wb.row(SheetHeadline, n, ind.Title, wb.number(unit, ind.Value), low, high, styled{ind.Answered, wb.whole}, ""); err != nil {
			return err
		}
	}
	return nil
}

func (wb *workbook) themes(d WorkbookData) error {
	r := d.Whole
	if err := wb.header(SheetThemes, "Theme", "Score", "Band", "Statements scored", "Statements withheld"); err != nil {
		return err
	}
	if r.Hidden {
		return nil
	}
	for i, t := range r.Themes {
		score := any("Withheld")
		if t.Score != nil {
			score = styled{*t.Score, wb.bandStyle(t.Band)}
		}
		if err := wb.row(SheetThemes, i+2, t.Title, score, t.Band, styled{t.Items, wb.whole}, styled{t.Withheld, wb.whole}); err != nil {
			return err
		}
	}
	return nil
}

func (wb *workbook) bandStyle(band string) int {
	if id, ok := wb.bands[band]; ok {
		return id
	}
	return wb.whole
}

func (wb *workbook) statements(d WorkbookData) error {
	r := d.Whole
	if err := wb.header(SheetStatements, "Theme", "Statement", "Score", "Agree", "Neither", "Disagree", "Answered", "Note"); err != nil {
		return err
	}
	if r.Hidden {
		return nil
	}
	titles := map[string]string{}
	for _, t := range r.Themes {
		titles[t.ID] = t.Title
	}
	share := func(p *results.Proportion) any {
		if p == nil {
			return ""
		}
		return styled{p.Share, wb.percent}
	}
	n := 1
	for _, q := range r.Questions {
		if q.Type != "agreement" {
			continue
		}
		n++
		if q.Hidden {
			if err := wb.row(SheetStatements, n, titles[q.Theme], q.Text, "Withheld", "", "", "", "", WithheldReason(r.MinGroupSize)); err != nil {
				return err
			}
			continue
		}
		if err := wb.row(SheetStatements, n, titles[q.Theme], q.Text, wb.number(format.Score, q.Score), share(q.Favourable), share(q.Neutral), share(q.Unfavourable), styled{q.Answered, wb.whole}, ""); err != nil {
			return err
		}
	}
	return nil
}

func (wb *workbook) heatmap(d WorkbookData) error {
	h := d.Heatmap
	if h == nil || d.Whole.Hidden {
		return wb.header(SheetHeatmap, "Group", "Responses")
	}
	titles := []string{"Group", "Responses"}
	for _, c := range h.Columns {
		titles = append(titles, c.Title)
	}
	if err := wb.header(SheetHeatmap, titles...); err != nil {
		return err
	}
	rows := append([]results.HeatmapRow{h.Whole}, h.Rows...)
	for i, r := range rows {
		values := []any{r.Label}
		if r.Hidden {
			values = append(values, fmt.Sprintf("Fewer than %d responses", d.Whole.MinGroupSize))
		} else {
			values = append(values, styled{*r.Responses, wb.whole})
			for j, c := range r.Cells {
				col := h.Columns[j]
				switch {
				case c.Withheld:
					values = append(values, "Withheld")
				case col.Kind == "theme" && c.Value != nil:
					values = append(values, styled{*c.Value, wb.bandStyle(c.Band)})
				default:
					values = append(values, wb.number(format.ColumnUnit(col), c.Value))
				}
			}
		}
		if err := wb.row(SheetHeatmap, i+2, values...); err != nil {
			return err
		}
	}
	return nil
}

func (wb *workbook) trend(d WorkbookData) error {
	t := d.Trend
	titles := []string{"Wave", "Opened", "Responses published", "Response rate"}
	if t == nil || len(t.Waves) == 0 {
		return wb.header(SheetTrend, titles...)
	}
	var indicators []results.Indicator
	var themes []results.Theme
	for _, p := range t.Waves {
		if !p.Hidden {
			indicators, themes = p.Indicators, p.Themes
		}
	}
	for _, ind := range indicators {
		titles = append(titles, ind.Title)
	}
	for _, th := range themes {
		titles = append(titles, th.Title)
	}
	if err := wb.header(SheetTrend, titles...); err != nil {
		return err
	}
	for i, p := range t.Waves {
		values := []any{p.Wave.Name, p.Wave.OpenedOn, styled{p.Responses, wb.whole}, ""}
		if p.ResponseRate != nil {
			values[3] = styled{*p.ResponseRate, wb.percent}
		}
		for _, want := range indicators {
			values = append(values, wb.trendIndicator(p, want))
		}
		for _, want := range themes {
			values = append(values, wb.trendTheme(p, want))
		}
		if err := wb.row(SheetTrend, i+2, values...); err != nil {
			return err
		}
	}
	return nil
}

func (wb *workbook) trendIndicator(p results.TrendPoint, want results.Indicator) any {
	for _, ind := range p.Indicators {
		if ind.ID == want.ID {
			if ind.Hidden {
				return "Withheld"
			}
			return wb.number(format.IndicatorUnit(ind.Kind), ind.Value)
		}
	}
	return ""
}

func (wb *workbook) trendTheme(p results.TrendPoint, want results.Theme) any {
	for _, th := range p.Themes {
		if th.ID == want.ID {
			if th.Score == nil && th.Withheld > 0 {
				return "Withheld"
			}
			return wb.number(format.Score, th.Score)
		}
	}
	return ""
}

package report

import (
	"github.com/sayso/sayso/internal/format"
	"github.com/sayso/sayso/internal/results"
)

// HeatTable is a heatmap as the pages and the report write
// it: every number already in words, every hidden cell without one.
type HeatTable struct {
	Columns []results.HeatmapColumn
	Whole   HeatRow
	Rows    []HeatRow
}

// HeatRow is one group's line of a heatmap.
type HeatRow struct {
	Label     string
	Hidden    bool
	Responses *int
	Cells     []HeatCell
}

// HeatCell is one figure of one group, written out.
type HeatCell struct {
	Withheld bool
	Value    string
	Band     string
	// Items says what a theme score with withheld statements is from.
	Items   string
	Changed bool
	Change  string
	Verdict format.Verdict
}

// NewHeatTable writes out a heatmap.
func NewHeatTable(h results.Heatmap) HeatTable {
	t := HeatTable{Columns: h.Columns, Whole: heatRow(h.Columns, h.Whole)}
	for _, r := range h.Rows {
		t.Rows = append(t.Rows, heatRow(h.Columns, r))
	}
	return t
}

func heatRow(columns []results.HeatmapColumn, r results.HeatmapRow) HeatRow {
	row := HeatRow{Label: r.Label, Hidden: r.Hidden, Responses: r.Responses}
	for i, c := range r.Cells {
		unit := format.ColumnUnit(columns[i])
		cell := HeatCell{Withheld: c.Withheld, Band: c.Band}
		if !c.Withheld {
			cell.Value = format.Value(unit, c.Value)
			cell.Items = Items{Scored: c.Items, Withheld: c.WithheldItems}.String()
		}
		if c.Change != nil {
			cell.Changed, cell.Change, cell.Verdict = true, format.Change(unit, c.Change.Difference), format.Judge(*c.Change)
		}
		row.Cells = append(row.Cells, cell)
	}
	return row
}

package results

import "github.com/sayso/sayso/internal/survey"

// HeatmapColumn is one figure across the groups: a theme's score or a
// headline figure.
type HeatmapColumn struct {
	// Kind is "theme" or "indicator".
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Title string `json:"title"`
	// IndicatorKind is the kind of a headline figure; empty for a theme.
	IndicatorKind survey.IndicatorKind `json:"indicator_kind,omitempty"`
}

// HeatmapCell is one figure of one group. A withheld cell carries no
// number: no value, no band, no change.
type HeatmapCell struct {
	Withheld bool     `json:"withheld"`
	Value    *float64 `json:"value"`
	Band     string   `json:"band,omitempty"`
	// Items and WithheldItems count a theme's statements behind its score
	// and withheld from it.
	Items         int `json:"items,omitempty"`
	WithheldItems int `json:"withheld_items,omitempty"`
	// Change is the change since the earlier wave, when the group is shown
	// in both and the figure is the same figure in both.
	Change *Movement `json:"change,omitempty"`
}

// HeatmapRow is one group, or the whole wave. A hidden group has no
// cells and no count.
type HeatmapRow struct {
	Value     string        `json:"value"`
	Label     string        `json:"label"`
	Hidden    bool          `json:"hidden"`
	Responses *int          `json:"responses"`
	Cells     []HeatmapCell `json:"cells,omitempty"`
}

// Heatmap is the themes and headline figures of every group of one
// breakdown, each with its change since the wave before.
type Heatmap struct {
	Breakdown []string        `json:"breakdown"`
	Columns   []HeatmapColumn `json:"columns"`
	Whole     HeatmapRow      `json:"whole"`
	Rows      []HeatmapRow    `json:"rows"`
}

// NewHeatmap lays out what a publication shows of a breakdown's groups,
// r, as a heatmap; changes come from c, the comparison with the earlier
// wave by the same breakdown (nil for none). It reads only what Build and
// Compare let be shown, so a group or figure hidden there is hidden here.
func NewHeatmap(r Results, c *Comparison) Heatmap {
	h := Heatmap{Breakdown: r.Breakdown, Rows: []HeatmapRow{}}
	for _, t := range r.Themes {
		h.Columns = append(h.Columns, HeatmapColumn{Kind: "theme", ID: t.ID, Title: t.Title})
	}
	for _, ind := range r.Indicators {
		h.Columns = append(h.Columns, HeatmapColumn{Kind: "indicator", ID: ind.ID, Title: ind.Title, IndicatorKind: ind.Kind})
	}
	var wholeChange *ComparedFigures
	groupChanges := map[string]*ComparedFigures{}
	if c != nil && !c.Hidden {
		wholeChange = &c.ComparedFigures
		for i := range c.Groups {
			if !c.Groups[i].Hidden {
				groupChanges[c.Groups[i].Value] = &c.Groups[i].ComparedFigures
			}
		}
	}
	n := r.Responses
	h.Whole = HeatmapRow{Value: "", Label: "Everyone", Responses: &n, Cells: heatmapCells(r.Figures, wholeChange)}
	for _, g := range r.Groups {
		row := HeatmapRow{Value: g.Value, Label: g.Label, Hidden: g.Hidden}
		if !g.Hidden {
			row.Responses = g.Responses
			row.Cells = heatmapCells(g.Figures, groupChanges[g.Value])
		}
		h.Rows = append(h.Rows, row)
	}
	return h
}

func heatmapCells(f Figures, changes *ComparedFigures) []HeatmapCell {
	cells := make([]HeatmapCell, 0, len(f.Themes)+len(f.Indicators))
	for _, t := range f.Themes {
		cell := HeatmapCell{Value: t.Score, Band: t.Band, Items: t.Items, WithheldItems: t.Withheld, Withheld: t.Score == nil && t.Withheld > 0}
		if changes != nil && !cell.Withheld && t.Withheld == 0 {
			for _, tc := range changes.Themes {
				if tc.ID == t.ID && tc.Difference != nil {
					m := tc.Movement
					cell.Change = &m
				}
			}
		}
		cells = append(cells, cell)
	}
	for _, ind := range f.Indicators {
		cell := HeatmapCell{Value: ind.Value, Withheld: ind.Hidden}
		if changes != nil && !cell.Withheld {
			for _, ic := range changes.Indicators {
				if ic.ID == ind.ID && ic.Difference != nil {
					m := ic.Movement
					cell.Change = &m
				}
			}
		}
		cells = append(cells, cell)
	}
	return cells
}

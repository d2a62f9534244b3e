package report

import (
	"context"

	"github.com/sayso/sayso/internal/benchmark"
	"github.com/sayso/sayso/internal/format"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// Benchmark is a benchmark as pages show it beside a wave's scores.
type Benchmark struct {
	*benchmark.Benchmark
}

// BenchCell is a benchmark's figure beside one of the wave's, and how far
// the wave's is above it; Has is false when the benchmark has none.
type BenchCell struct {
	Has               bool
	Value, Difference string
}

// Theme sets the benchmark's score of a theme beside the wave's (nil when
// the wave's is withheld: then there is no difference).
func (b *Benchmark) Theme(id string, score *float64) BenchCell {
	v, ok := b.Themes[id]
	return cell(ok, format.Score, v, score)
}

// Indicator does the same for a headline figure of a kind.
func (b *Benchmark) Indicator(id string, kind survey.IndicatorKind, value *float64) BenchCell {
	v, ok := b.Indicators[id]
	return cell(ok, format.IndicatorUnit(kind), v, value)
}

func cell(ok bool, unit string, v float64, ours *float64) BenchCell {
	if !ok {
		return BenchCell{}
	}
	c := BenchCell{Has: true, Value: format.Value(unit, &v), Difference: "–"}
	if ours != nil {
		d := *ours - v
		c.Difference = format.Change(unit, &d)
	}
	return c
}

// FirstBenchmark is the benchmark a survey's pages show: national first,
// then the newest; nil when none is loaded.
func FirstBenchmark(ctx context.Context, db *store.DB, surveyID string) (*Benchmark, error) {
	list, err := benchmark.ForSurvey(ctx, db, surveyID)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &Benchmark{list[0]}, nil
}

// BenchRow is one figure of a wave beside a benchmark's.
type BenchRow struct {
	Title    string
	Withheld bool
	Ours     string
	BenchCell
}

// BenchRows sets a wave's published headline figures and theme scores
// beside the benchmark's, those it has; a figure withheld in the wave has
// no value and no difference.
func (b *Benchmark) Rows(f results.Figures) []BenchRow {
	var out []BenchRow
	for _, ind := range f.Indicators {
		if c := b.Indicator(ind.ID, ind.Kind, ind.Value); c.Has {
			out = append(out, BenchRow{Title: ind.Title, Withheld: ind.Hidden, Ours: format.Value(format.IndicatorUnit(ind.Kind), ind.Value), BenchCell: c})
		}
	}
	for _, t := range f.Themes {
		if c := b.Theme(t.ID, t.Score); c.Has {
			out = append(out, BenchRow{Title: t.Title, Withheld: t.Score == nil && t.Withheld > 0, Ours: format.Value(format.Score, t.Score), BenchCell: c})
		}
	}
	return out
}

// HeatRow is the benchmark as a line of a heatmap.
func (b *Benchmark) HeatRow(columns []results.HeatmapColumn) HeatRow {
	row := HeatRow{Label: "Benchmark: " + b.Title}
	for _, c := range columns {
		v, ok := b.Themes[c.ID]
		if c.Kind == "indicator" {
			v, ok = b.Indicators[c.ID]
		}
		unit := format.ColumnUnit(c)
		cell := HeatCell{Value: "–"}
		if ok {
			cell.Value = format.Value(unit, &v)
		}
		row.Cells = append(row.Cells, cell)
	}
	return row
}

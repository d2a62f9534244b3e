package report

import (
	"context"

	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// Lead is what leads the board report: the key messages and heatmap
// of the later wave, with changes since the earlier, and the later wave's
// figures beside the survey's benchmark.
type Lead struct {
	Messages  []Message
	Heatmap   *HeatTable
	Benchmark *Benchmark
	BenchRows []BenchRow
	// HeatmapBy names the heatmap's breakdown in words.
	HeatmapBy string
	// HeatLines are the heatmap's lines as the report prints them: the
	// whole wave, the benchmark, then each group.
	HeatLines []HeatLine
}

// HeatLine is one line of the report's heatmap, with what a hidden
// group's line needs to say so.
type HeatLine struct {
	HeatRow
	MinGroupSize int
	// Span is how many cells a hidden group's one cell spans.
	Span int
}

func (r *Report) addInsight(ctx context.Context, svc *results.Service, db *store.DB, wave *survey.Wave, later *results.WaveResults) error {
	since := int64(NoComparison)
	if r.Earlier != nil {
		since = r.Earlier.ID
	}
	in, err := Insights(ctx, svc, wave, nil, since)
	if err != nil {
		return err
	}
	r.Messages = in.Messages
	if in.Heatmap != nil {
		r.Heatmap = new(NewHeatTable(*in.Heatmap))
		if b, ok := results.FindBreakdown(r.Definition, in.By); ok {
			r.HeatmapBy = breakdownWords(r, b)
		}
	}
	if r.Benchmark, err = FirstBenchmark(ctx, db, r.Survey); err != nil {
		return err
	}
	if r.Benchmark != nil && !later.Hidden {
		r.BenchRows = r.Benchmark.Rows(later.Figures)
	}
	if r.Heatmap == nil {
		return nil
	}
	rows := []HeatRow{r.Heatmap.Whole}
	if r.Benchmark != nil {
		rows = append(rows, r.Benchmark.HeatRow(r.Heatmap.Columns))
	}
	for _, row := range append(rows, r.Heatmap.Rows...) {
		r.HeatLines = append(r.HeatLines, HeatLine{HeatRow: row, MinGroupSize: r.MinGroupSize, Span: len(r.Heatmap.Columns) + 1})
	}
	return nil
}

// breakdownWords names a declared breakdown by its questions' labels.
func breakdownWords(r *Report, b int) string {
	words := ""
	for i, id := range r.Definition.Breakdowns[b].Questions {
		if i > 0 {
			words += " and "
		}
		if q, ok := r.Definition.Question(id); ok {
			words += q.Label()
		}
	}
	return words
}

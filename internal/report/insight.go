package report

import (
	"context"
	"slices"

	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/survey"
)

// Insight is what a wave's overview leads with: the key messages and a
// heatmap of one breakdown, each change against the wave before.
type Insight struct {
	// Whole is the wave's whole results.
	Whole *results.WaveResults
	// Earlier is the wave the changes are since; nil for none.
	Earlier  *results.WaveInfo
	Messages []Message
	// Heatmap is nil when the survey declares no breakdown or the wave
	// shows nothing.
	Heatmap *results.Heatmap
	// By is the heatmap's breakdown, as the by parameter writes it.
	By []string
}

// Insights reads a wave's key messages and its heatmap by the given
// breakdown (the first declared when by is nil), with changes since the
// wave since: 0 for the wave of the same survey that opened before it,
// NoComparison for none.
func Insights(ctx context.Context, svc *results.Service, wave *survey.Wave, by []string, since int64) (*Insight, error) {
	o, err := overview(ctx, svc, wave, since)
	if err != nil {
		return nil, err
	}
	in := &Insight{Whole: o.Results, Messages: o.Messages}
	var change *results.Comparison
	if o.Change != nil {
		in.Earlier, change = &o.Earlier.Wave, &o.Change.Comparison
	}
	if by == nil && len(wave.Definition.Breakdowns) > 0 {
		by = wave.Definition.Breakdowns[0].Questions
	}
	if by == nil || o.Results.Hidden {
		return in, nil
	}
	grouped, err := svc.ResultsOf(ctx, wave, by)
	if err != nil {
		return nil, err
	}
	in.By = grouped.Breakdown
	var groupChange *results.Comparison
	if in.Earlier != nil {
		c, err := svc.Compare(ctx, in.Earlier.ID, wave.ID, by)
		switch {
		case err == nil:
			groupChange = &c.Comparison
		case survey.Code(err) != survey.ErrInvalid:
			return nil, err
		}
		// An earlier wave without this breakdown leaves the groups without a
		// change; the whole wave's row still has one.
		if groupChange == nil {
			groupChange = &results.Comparison{Hidden: change.Hidden, ComparedFigures: change.ComparedFigures}
		}
	}
	in.Heatmap = new(results.NewHeatmap(grouped.Results, groupChange))
	return in, nil
}

// Overview is a wave at a glance, each part read once: its whole results,
// the wave it is compared with and the change since (both nil for none),
// and the key messages.
type Overview struct {
	Results  *results.WaveResults
	Earlier  *results.WaveResults
	Change   *results.WaveComparison
	Messages []Message
}

// OverviewOf reads a wave's overview, compared with the wave of the same
// survey that opened before it.
func OverviewOf(ctx context.Context, svc *results.Service, wave *survey.Wave) (*Overview, error) {
	return overview(ctx, svc, wave, 0)
}

// ThemesSince are the wave's themes with their change since the earlier
// wave, as Build sets them side by side: a score withheld in either wave
// is not compared. False when there is no change to show: no earlier
// wave, or either wave's results, or the change, hidden.
func (o *Overview) ThemesSince() ([]ThemeRow, bool) {
	if o.Change == nil || o.Change.Hidden || o.Results.Hidden {
		return nil, false
	}
	return themeRows(o.Change.Themes, withheldIn(o.Earlier.Figures), withheldIn(o.Results.Figures)), true
}

// overview reads a wave's overview, compared with the wave since (see
// Insights).
func overview(ctx context.Context, svc *results.Service, wave *survey.Wave, since int64) (*Overview, error) {
	def := wave.Definition
	o := &Overview{}
	var err error
	if o.Results, err = svc.ResultsOf(ctx, wave, nil); err != nil {
		return nil, err
	}
	if since == 0 {
		since = NoComparison
		before, err := waveBefore(ctx, svc, wave)
		if err != nil {
			return nil, err
		}
		if before != nil {
			since = before.ID
		}
	}
	if since != NoComparison {
		if o.Earlier, err = svc.Results(ctx, since, nil); err != nil {
			return nil, err
		}
		if o.Change, err = svc.Compare(ctx, since, wave.ID, nil); err != nil {
			return nil, err
		}
	}
	var groups []results.Results
	for _, b := range def.Breakdowns {
		r, err := svc.ResultsOf(ctx, wave, b.Questions)
		if err != nil {
			return nil, err
		}
		groups = append(groups, r.Results)
	}
	earlierName := ""
	var change *results.Comparison
	if o.Change != nil {
		earlierName, change = o.Earlier.Wave.Name, &o.Change.Comparison
	}
	o.Messages = KeyMessages(def, o.Results.Results, groups, earlierName, change)
	return o, nil
}

// waveBefore is the wave of the same survey that opened just before the
// given one, or nil.
func waveBefore(ctx context.Context, svc *results.Service, wave *survey.Wave) (*results.WaveInfo, error) {
	trend, err := svc.Trend(ctx, wave.SurveyID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(trend.Waves, func(p results.TrendPoint) bool { return p.Wave.ID == wave.ID })
	if i <= 0 {
		return nil, nil
	}
	w := trend.Waves[i-1].Wave
	return &w, nil
}

package report

import (
	"context"
	"slices"

	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// Insight is what a wave's overview leads with: the key messages and a
// heatmap of one breakdown, each change against the wave before.
type Insight struct {
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
func Insights(ctx context.Context, svc *results.Service, db *store.DB, waveID int64, by []string, since int64) (*Insight, error) {
	in, b, err := keyMessages(ctx, svc, db, waveID, since)
	if err != nil {
		return nil, err
	}
	if by == nil && len(b.wave.Definition.Breakdowns) > 0 {
		by = b.wave.Definition.Breakdowns[0].Questions
	}
	if by == nil || b.hidden {
		return in, nil
	}
	grouped, err := svc.Results(ctx, waveID, by)
	if err != nil {
		return nil, err
	}
	in.By = grouped.Breakdown
	var groupChange *results.Comparison
	if in.Earlier != nil {
		c, err := svc.Compare(ctx, in.Earlier.ID, waveID, by)
		switch {
		case err == nil:
			groupChange = &c.Comparison
		case survey.Code(err) != survey.ErrInvalid:
			return nil, err
		}
		// An earlier wave without this breakdown leaves the groups without a
		// change; the whole wave's row still has one.
		if groupChange == nil {
			groupChange = &results.Comparison{Hidden: b.change.Hidden, ComparedFigures: b.change.ComparedFigures}
		}
	}
	h := results.NewHeatmap(grouped.Results, groupChange)
	in.Heatmap = &h
	return in, nil
}

// KeyMessagesOf reads a wave's key messages alone (see Insights), for
// pages that show no heatmap.
func KeyMessagesOf(ctx context.Context, svc *results.Service, db *store.DB, waveID int64) ([]Message, error) {
	in, _, err := keyMessages(ctx, svc, db, waveID, 0)
	if err != nil {
		return nil, err
	}
	return in.Messages, nil
}

// basis is what the heatmap builds on besides the key messages: the wave,
// whether its whole is hidden, and the whole wave's change (nil for none).
type basis struct {
	wave   *survey.Wave
	hidden bool
	change *results.Comparison
}

// keyMessages reads the wave, the wave it is compared with and the key
// messages.
func keyMessages(ctx context.Context, svc *results.Service, db *store.DB, waveID int64, since int64) (*Insight, basis, error) {
	wave, err := db.Wave(ctx, waveID)
	if err != nil {
		return nil, basis{}, err
	}
	def := wave.Definition
	whole, err := svc.Results(ctx, waveID, nil)
	if err != nil {
		return nil, basis{}, err
	}
	in := &Insight{}
	switch since {
	case 0:
		if in.Earlier, err = waveBefore(ctx, svc, wave); err != nil {
			return nil, basis{}, err
		}
	case NoComparison:
	default:
		earlier, err := svc.Results(ctx, since, nil)
		if err != nil {
			return nil, basis{}, err
		}
		in.Earlier = &earlier.Wave
	}
	var change *results.WaveComparison
	if in.Earlier != nil {
		if change, err = svc.Compare(ctx, in.Earlier.ID, waveID, nil); err != nil {
			return nil, basis{}, err
		}
	}
	var groups []results.Results
	for _, b := range def.Breakdowns {
		r, err := svc.Results(ctx, waveID, b.Questions)
		if err != nil {
			return nil, basis{}, err
		}
		groups = append(groups, r.Results)
	}
	earlierName := ""
	var wholeChange *results.Comparison
	if change != nil {
		earlierName, wholeChange = in.Earlier.Name, &change.Comparison
	}
	in.Messages = KeyMessages(def, whole.Results, groups, earlierName, wholeChange)
	return in, basis{wave, whole.Hidden, wholeChange}, nil
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

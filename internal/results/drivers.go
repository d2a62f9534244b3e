package results

import (
	"context"
	"math"

	"github.com/sayso/sayso/internal/survey"
)

// MinDriverResponses is how many must have answered both a theme and an
// outcome for their association to be shown.
const MinDriverResponses = 30

// Association is how strongly a theme goes with an outcome over the whole
// wave: Pearson's correlation between each person's mean of the theme's
// statements and their answer, with its 95% interval (Fisher's z). It is
// absent (nil R) when fewer than MinDriverResponses answered both.
type Association struct {
	Outcome string   `json:"outcome"`
	N       int      `json:"n"`
	R       *float64 `json:"r"`
	Low     *float64 `json:"low,omitempty"`
	High    *float64 `json:"high,omitempty"`
}

// DriverTheme is one theme's associations with each outcome.
type DriverTheme struct {
	ID           string        `json:"id"`
	Title        string        `json:"title"`
	Associations []Association `json:"associations"`
}

// Outcome is a headline figure drivers are measured against.
type Outcome struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Drivers is what matters most here: each theme's association with
// intention to stay and with satisfaction, over the whole wave.
type Drivers struct {
	Wave WaveInfo `json:"wave"`
	// Shown is false when there is nothing to show, and Reason says why.
	Shown    bool          `json:"shown"`
	Reason   string        `json:"reason,omitempty"`
	Outcomes []Outcome     `json:"outcomes"`
	Themes   []DriverTheme `json:"themes"`
}

// outcomes are the survey's headline figures read from one person's
// answer: the mean of a scale (satisfaction) and the share agreeing with
// a statement (intention to stay).
func outcomes(def *survey.Definition) []*survey.Indicator {
	var out []*survey.Indicator
	for _, ind := range def.Indicators {
		if ind.Kind == survey.Mean || ind.Kind == survey.Favourable {
			out = append(out, ind)
		}
	}
	return out
}

// ComputeDrivers works out each theme's association with each outcome from
// the answers of the respondents a publication covers, whole is that
// publication's whole-wave tally. Statements and outcomes it withholds are
// left out, so nothing withheld enters a figure; an outcome that is itself
// a statement of the theme is left out of that theme's mean, so that the
// theme is not correlated with a part of itself.
func ComputeDrivers(def *survey.Definition, whole *Tally, answers []survey.Answers) ([]Outcome, []DriverTheme) {
	var outs []Outcome
	var inds []*survey.Indicator
	for _, ind := range outcomes(def) {
		if !whole.Suppressed[ind.Question] && !whole.SuppressedIndicators[ind.ID] {
			outs, inds = append(outs, Outcome{ID: ind.ID, Title: ind.Title}), append(inds, ind)
		}
	}
	themes := make([]DriverTheme, 0, len(def.Themes))
	for _, th := range def.Themes {
		dt := DriverTheme{ID: th.ID, Title: th.Title, Associations: []Association{}}
		for _, ind := range inds {
			q, _ := def.Question(ind.Question)
			var xs, ys []float64
			for _, a := range answers {
				y, ok := a[ind.Question]
				if !ok {
					continue
				}
				sum, n := 0.0, 0
				for _, item := range def.ThemeQuestions(th.ID) {
					if item.ID == ind.Question || whole.Suppressed[item.ID] {
						continue
					}
					if v, ok := a[item.ID]; ok {
						sum += scoredValue(item, v.Number)
						n++
					}
				}
				if n == 0 {
					continue
				}
				value := y.Number
				if q.Type == survey.Agreement {
					value = scoredValue(q, value)
				}
				xs, ys = append(xs, sum/float64(n)), append(ys, value)
			}
			dt.Associations = append(dt.Associations, associate(ind.ID, xs, ys))
		}
		themes = append(themes, dt)
	}
	return outs, themes
}

// associate is Pearson's r of two samples with its 95% interval by
// Fisher's z transformation; none when too few, or either does not vary.
func associate(outcome string, xs, ys []float64) Association {
	a := Association{Outcome: outcome, N: len(xs)}
	if a.N < MinDriverResponses {
		return a
	}
	r, ok := pearson(xs, ys)
	if !ok {
		return a
	}
	z, half := math.Atanh(r), 1.959963984540054/math.Sqrt(float64(a.N-3))
	low, high := math.Tanh(z-half), math.Tanh(z+half)
	a.R, a.Low, a.High = &r, &low, &high
	return a
}

func pearson(xs, ys []float64) (float64, bool) {
	n := float64(len(xs))
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range xs {
		dx, dy := xs[i]-mx, ys[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0, false
	}
	return sxy / math.Sqrt(sxx*syy), true
}

// Drivers works out what matters most in a wave, from the respondents its
// latest publication covers. Stored responses keep no order, so the
// respondents a publication covers can be told apart from later ones only
// when it covers every response: until then, nothing is shown.
func (s *Service) Drivers(ctx context.Context, waveID int64) (*Drivers, error) {
	wave, err := s.db.Wave(ctx, waveID)
	if err != nil {
		return nil, err
	}
	pub, received, err := s.latest(ctx, wave)
	if err != nil {
		return nil, err
	}
	d := &Drivers{Wave: info(wave, s.now()), Outcomes: []Outcome{}, Themes: []DriverTheme{}}
	switch {
	case !pub.Covers():
		d.Reason = "Nothing of this wave is published yet."
		return d, nil
	case pub.Responses != received:
		d.Reason = "This is worked out from every published response together, so it waits for a publication that covers all the responses received."
		return d, nil
	case len(outcomes(wave.Definition)) == 0 || len(wave.Definition.Themes) == 0:
		d.Reason = "This survey has no themes, or no satisfaction or intention-to-stay figure to set them against."
		return d, nil
	}
	var answers []survey.Answers
	n, err := s.db.ReadResponses(ctx, waveID, func(stored []byte) error {
		a, err := wave.Definition.DecodeStored(stored)
		answers = append(answers, a)
		return err
	})
	if err != nil {
		return nil, err
	}
	if n != pub.Responses {
		d.Reason = "More responses came while this was worked out; reload the page."
		return d, nil
	}
	d.Outcomes, d.Themes = ComputeDrivers(wave.Definition, pub.Whole, answers)
	d.Shown = true
	return d, nil
}

package results

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/sayso/sayso/internal/survey"
)

// Proportion is a share with its 95% interval, from 0 to 1. The interval
// is absent for a share of one answer.
type Proportion struct {
	Count    int       `json:"count"`
	Share    float64   `json:"share"`
	Interval *Interval `json:"interval,omitempty"`
}

// Bucket is one value of a distribution.
type Bucket struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Proportion
}

// Question is the results of one question for one group.
type Question struct {
	ID    string              `json:"id"`
	Type  survey.QuestionType `json:"type"`
	Text  string              `json:"text"`
	Theme string              `json:"theme,omitempty"`
	// Hidden is true when too few in the group answered for the question
	// to be shown, or the anonymity audit withheld it: then it carries no
	// number at all.
	Hidden   bool     `json:"hidden,omitempty"`
	Answered int      `json:"answered"`
	Buckets  []Bucket `json:"distribution,omitempty"`
	// Mean and Median are for agreement, scale and number questions.
	Mean         *float64  `json:"mean,omitempty"`
	MeanInterval *Interval `json:"mean_interval,omitempty"`
	Median       *float64  `json:"median,omitempty"`
	// Score is an agreement item's (mean − 1) / 4 × 100, reverse items
	// flipped, with the three shares that read it. Agree is the share who
	// answered agree or strongly agree as asked: for a negatively worded
	// (reverse) item that is the unfavourable share.
	Score         *float64    `json:"score,omitempty"`
	ScoreInterval *Interval   `json:"score_interval,omitempty"`
	Reverse       bool        `json:"reverse,omitempty"`
	Agree         *Proportion `json:"agree,omitempty"`
	Favourable    *Proportion `json:"favourable,omitempty"`
	Neutral       *Proportion `json:"neutral,omitempty"`
	Unfavourable  *Proportion `json:"unfavourable,omitempty"`
}

// Theme is a theme's score: the mean, over the people who answered any of
// its statements, of each person's mean of the statements they answered
// (reverse items flipped), out of 100. The same per-person sample gives
// the interval and the test of change, so the figure, its change and its
// test are one quantity.
type Theme struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Score    *float64  `json:"score"`
	Interval *Interval `json:"interval,omitempty"`
	Band     string    `json:"band,omitempty"`
	Items    int       `json:"items"`
	// Withheld counts the theme's items hidden in this group; a theme with
	// any withheld is withheld itself, as its score would be another figure.
	// Hidden is set when the score is withheld, for that or because the
	// anonymity audit withheld it.
	Withheld int  `json:"withheld_items,omitempty"`
	Hidden   bool `json:"hidden,omitempty"`
}

// Indicator is a headline figure. Value is a mean for mean indicators, a
// score from -100 to 100 for eNPS, and a percentage otherwise.
type Indicator struct {
	ID       string               `json:"id"`
	Title    string               `json:"title"`
	Kind     survey.IndicatorKind `json:"kind"`
	Hidden   bool                 `json:"hidden,omitempty"`
	Answered int                  `json:"answered"`
	Value    *float64             `json:"value"`
	Interval *Interval            `json:"interval,omitempty"`
}

// Questions computes every question's results from a tally. Segment
// questions are left out: their answers are shown only as the groups of
// the breakdowns.
func Questions(def *survey.Definition, t *Tally) []Question {
	out := make([]Question, 0, len(def.Questions()))
	for _, q := range def.Questions() {
		if q.Segment {
			continue
		}
		out = append(out, question(q, t))
	}
	return out
}

func question(q *survey.Question, t *Tally) Question {
	r := Question{ID: q.ID, Type: q.Type, Text: q.Label(), Theme: q.Theme, Answered: t.Answered[q.ID]}
	if t.Suppressed[q.ID] {
		r.Hidden, r.Answered = true, 0
		return r
	}
	values := t.Values[q.ID]
	if r.Answered == 0 {
		// Nobody answered: no share, no mean, nothing to draw.
		return r
	}
	bucket := func(value, label string, count, of int) Bucket {
		return Bucket{Value: value, Label: label, Proportion: *proportion(count, of)}
	}
	switch q.Type {
	case survey.Agreement:
		for v, label := range survey.AgreementLabels {
			r.Buckets = append(r.Buckets, bucket(strconv.Itoa(v+1), label, values[float64(v+1)], r.Answered))
		}
		scored := scoredCounts(q, values)
		if mean, interval, ok := scored.Mean(); ok {
			r.Mean, r.MeanInterval = ptr(mean), interval.within(1, 5)
			r.Score, r.ScoreInterval = ptr(toScore(mean)), r.MeanInterval.scored()
			fav, neu, unf := scored[4]+scored[5], scored[3], scored[1]+scored[2]
			r.Favourable, r.Neutral, r.Unfavourable = proportion(fav, r.Answered), proportion(neu, r.Answered), proportion(unf, r.Answered)
			r.Reverse, r.Agree = q.Reverse, proportion(values[4]+values[5], r.Answered)
		}
	case survey.Scale, survey.Number:
		if q.Type == survey.Scale {
			for v := q.Min; v <= q.Max; v++ {
				r.Buckets = append(r.Buckets, bucket(format(v), format(v), values[v], r.Answered))
			}
		} else {
			for _, v := range sortedValues(values) {
				r.Buckets = append(r.Buckets, bucket(format(v), format(v), values[v], r.Answered))
			}
		}
		if mean, interval, ok := values.Mean(); ok {
			median, _ := values.Median()
			r.Mean, r.MeanInterval, r.Median = ptr(mean), interval.within(q.Min, q.Max), &median
		}
	case survey.YesNo:
		r.Buckets = []Bucket{bucket("yes", "Yes", values[1], r.Answered), bucket("no", "No", values[0], r.Answered)}
	case survey.Choice, survey.MultiChoice:
		for _, o := range q.Options {
			r.Buckets = append(r.Buckets, bucket(o.Value, o.Label, t.Options[q.ID][o.Value], r.Answered))
		}
	}
	return r
}

// Themes computes each theme's score, interval and band from the tally's
// per-person theme means (see Theme). A theme with a statement withheld
// in the group has no score.
func Themes(def *survey.Definition, t *Tally) []Theme {
	out := make([]Theme, 0, len(def.Themes))
	for _, th := range def.Themes {
		r := Theme{ID: th.ID, Title: th.Title}
		for _, item := range def.ThemeQuestions(th.ID) {
			if t.Suppressed[item.ID] {
				r.Withheld++
			} else {
				r.Items++
			}
		}
		r.Hidden = r.Withheld > 0 || t.Suppressed[themeKey(th.ID)]
		if mean, interval, ok := t.ThemeMeans[th.ID].Mean(); ok && !r.Hidden {
			score := toScore(mean)
			r.Score, r.Interval, r.Band = &score, interval.within(1, 5).scored(), th.Band(score)
		}
		out = append(out, r)
	}
	return out
}

// Indicators computes the headline figures.
func Indicators(def *survey.Definition, t *Tally) []Indicator {
	out := make([]Indicator, 0, len(def.Indicators))
	for _, ind := range def.Indicators {
		values := t.Values[ind.Question]
		r := Indicator{ID: ind.ID, Title: ind.Title, Kind: ind.Kind, Answered: t.Answered[ind.Question]}
		if t.Suppressed[ind.Question] || t.SuppressedIndicators[ind.ID] {
			r.Hidden, r.Answered = true, 0
			out = append(out, r)
			continue
		}
		switch ind.Kind {
		case survey.Mean:
			if mean, interval, ok := values.Mean(); ok {
				q, _ := def.Question(ind.Question)
				r.Value, r.Interval = ptr(mean), interval.within(q.Min, q.Max)
			}
		case survey.ENPS:
			promoters, detractors := values[9]+values[10], 0
			for v, k := range values {
				if v <= 6 {
					detractors += k
				}
			}
			if score, interval, ok := NetScore(promoters, detractors, r.Answered); ok {
				r.Value, r.Interval = ptr(100*score), interval.times(100)
			}
		case survey.Favourable:
			q, _ := def.Question(ind.Question)
			scored := scoredCounts(q, values)
			r.Value, r.Interval = percent(scored[4]+scored[5], r.Answered)
		case survey.Above:
			r.Value, r.Interval = percent(t.Above[ind.ID], r.Answered)
		}
		out = append(out, r)
	}
	return out
}

// scoredValue is an agreement answer as it scores: a reverse item's 5
// (strongly agree that something is wrong) counts as 1.
func scoredValue(q *survey.Question, answer float64) float64 {
	if q.Reverse {
		return 6 - answer
	}
	return answer
}

// scoredCounts is an agreement item's counts as they score.
func scoredCounts(q *survey.Question, values Counts) Counts {
	if !q.Reverse {
		return values
	}
	scored := make(Counts, len(values))
	for v, k := range values {
		scored[scoredValue(q, v)] = k
	}
	return scored
}

func toScore(mean float64) float64 { return (mean - 1) / 4 * 100 }

// within keeps an interval inside the range answers can take: a mean of
// answers from 0 to 10 cannot be 11, however few answers there are. No
// interval stays none.
func (i *Interval) within(low, high float64) *Interval {
	if i == nil {
		return nil
	}
	return &Interval{Low: max(low, i.Low), High: min(high, i.High)}
}

// scored is an interval of a mean from 1 to 5 as a score out of 100.
func (i *Interval) scored() *Interval {
	if i == nil {
		return nil
	}
	return &Interval{toScore(i.Low), toScore(i.High)}
}

// Percent is an interval of a share as percentages; nil for none.
func (i *Interval) Percent() *Interval { return i.times(100) }

// times scales an interval, as from a share to a percentage.
func (i *Interval) times(f float64) *Interval {
	if i == nil {
		return nil
	}
	return &Interval{f * i.Low, f * i.High}
}

// proportion is count of of as a share; nil when of is 0.
func proportion(count, of int) *Proportion {
	share, interval, ok := Share(count, of)
	if !ok {
		return nil
	}
	return &Proportion{Count: count, Share: share, Interval: interval}
}

func percent(count, of int) (*float64, *Interval) {
	share, interval, ok := Share(count, of)
	if !ok {
		return nil, nil
	}
	return ptr(100 * share), interval.times(100)
}

func sortedValues(c Counts) []float64 {
	values := make([]float64, 0, len(c))
	for v := range c {
		values = append(values, v)
	}
	slices.SortFunc(values, cmp.Compare)
	return values
}

func format(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func ptr(v float64) *float64 { return &v }

package results

import (
	"strings"

	"github.com/sayso/sayso/internal/survey"
)

// Movement is one figure in two waves and the test of its change. The
// difference is the later value minus the earlier, in the figure's own
// units: score points, the mean, or percentage points.
type Movement struct {
	Earlier         *float64  `json:"earlier"`
	Later           *float64  `json:"later"`
	EarlierInterval *Interval `json:"earlier_interval,omitempty"`
	LaterInterval   *Interval `json:"later_interval,omitempty"`
	Difference      *float64  `json:"difference"`
	// P and Test are absent when either side has too few answers to test.
	P           *float64 `json:"p,omitempty"`
	Significant bool     `json:"significant"`
	Test        string   `json:"test,omitempty"`
}

func movement(earlier, later *float64, earlierInterval, laterInterval *Interval, test Change, tested bool) Movement {
	m := Movement{Earlier: earlier, Later: later, EarlierInterval: earlierInterval, LaterInterval: laterInterval}
	if earlier == nil || later == nil {
		return m
	}
	m.Difference = ptr(*later - *earlier)
	if tested {
		m.P, m.Significant, m.Test = ptr(test.P), test.Significant, test.Test
	}
	return m
}

// IndicatorChange is a headline figure in two waves.
type IndicatorChange struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Kind  string `json:"kind"`
	Movement
}

// ThemeChange is a theme's score in two waves. Its change is tested on
// each respondent's mean of the theme's items, so that one person counts
// once however many items they answered.
type ThemeChange struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	EarlierBand string `json:"earlier_band,omitempty"`
	LaterBand   string `json:"later_band,omitempty"`
	Movement
}

// QuestionChange is a question in two waves. Figure says what Movement
// measures: an agreement item's score, a scale or number's mean, or the
// percentage answering yes. Choice questions move option by option.
type QuestionChange struct {
	ID string `json:"id"`
	// EarlierID is the question's id in the earlier wave when it was
	// renamed with replaces.
	EarlierID       string `json:"earlier_id,omitempty"`
	Type            string `json:"type"`
	Text            string `json:"text"`
	Theme           string `json:"theme,omitempty"`
	EarlierAnswered int    `json:"earlier_answered"`
	LaterAnswered   int    `json:"later_answered"`
	Figure          string `json:"figure,omitempty"`
	Movement
	Favourable *Movement      `json:"favourable,omitempty"`
	Options    []OptionChange `json:"options,omitempty"`
}

// OptionChange is the percentage choosing one option in two waves.
type OptionChange struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Movement
}

// QuestionRef names a question added, removed or renamed between waves.
type QuestionRef struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	// From is the earlier id of a renamed question.
	From string `json:"from,omitempty"`
}

// ComparedFigures are the changes of the whole of two waves, or of one
// group in both.
type ComparedFigures struct {
	Indicators []IndicatorChange `json:"indicators,omitempty"`
	Themes     []ThemeChange     `json:"themes,omitempty"`
	Questions  []QuestionChange  `json:"questions,omitempty"`
}

// ComparedGroup is one group of a breakdown in two waves. It is hidden
// when it is hidden in either, and then carries no number at all.
type ComparedGroup struct {
	Value            string   `json:"value"`
	Values           []string `json:"values"`
	Label            string   `json:"label"`
	Hidden           bool     `json:"hidden"`
	EarlierResponses *int     `json:"earlier_responses"`
	LaterResponses   *int     `json:"later_responses"`
	ComparedFigures
}

// Comparison is what may be shown of the change between two waves of a
// survey. When either wave is under its threshold only the counts show.
type Comparison struct {
	EarlierResponses int  `json:"earlier_responses"`
	LaterResponses   int  `json:"later_responses"`
	Hidden           bool `json:"hidden"`
	MinGroupSize     int  `json:"min_group_size"`
	ComparedFigures
	Added     []QuestionRef   `json:"added"`
	Removed   []QuestionRef   `json:"removed"`
	Renamed   []QuestionRef   `json:"renamed"`
	Breakdown []string        `json:"breakdown,omitempty"`
	Groups    []ComparedGroup `json:"groups,omitempty"`
}

// WaveData is one wave's definition and latest publication (nil when
// nothing has been published).
type WaveData struct {
	Def *survey.Definition
	Pub *Publication
}

func (w WaveData) responses() int {
	if w.Pub == nil {
		return 0
	}
	return w.Pub.Responses
}

// questionPair is a question of the later definition and, when it was
// asked before, the same question in the earlier one.
type questionPair struct {
	earlier, later *survey.Question
}

// matchQuestions pairs the questions of two definitions by id, or by the
// later question's replaces. A question whose type changed is not the
// same question: it counts as removed and added.
func matchQuestions(earlier, later *survey.Definition) (pairs []questionPair, added, removed, renamed []QuestionRef) {
	matched := map[string]bool{}
	for _, q := range later.Questions() {
		p := questionPair{later: q}
		if e, ok := earlier.Question(q.ID); ok && e.Type == q.Type {
			p.earlier = e
		} else if e, ok := earlier.Question(q.Replaces); ok && q.Replaces != "" && e.Type == q.Type && !hasQuestion(later, e.ID) {
			p.earlier = e
			renamed = append(renamed, QuestionRef{ID: q.ID, Text: q.Label(), From: e.ID})
		}
		if p.earlier == nil {
			added = append(added, QuestionRef{ID: q.ID, Text: q.Label()})
		} else {
			matched[p.earlier.ID] = true
		}
		pairs = append(pairs, p)
	}
	for _, q := range earlier.Questions() {
		if !matched[q.ID] {
			removed = append(removed, QuestionRef{ID: q.ID, Text: q.Label()})
		}
	}
	return pairs, added, removed, renamed
}

func hasQuestion(def *survey.Definition, id string) bool {
	_, ok := def.Question(id)
	return ok
}

// Compare sets two waves of a survey side by side, earlier first, with
// the groups of a breakdown declared in both (none for nil).
func Compare(earlier, later WaveData, by []string) (Comparison, error) {
	k := max(earlier.Def.MinGroupSize, later.Def.MinGroupSize)
	pairs, added, removed, renamed := matchQuestions(earlier.Def, later.Def)
	c := Comparison{
		EarlierResponses: earlier.responses(), LaterResponses: later.responses(), MinGroupSize: k,
		Added: orEmpty(added), Removed: orEmpty(removed), Renamed: orEmpty(renamed),
	}
	earlierBreakdown, laterBreakdown := NoBreakdown, NoBreakdown
	if len(by) > 0 {
		var inEarlier, inLater bool
		earlierBreakdown, inEarlier = FindBreakdown(earlier.Def, by)
		laterBreakdown, inLater = FindBreakdown(later.Def, by)
		if !inEarlier || !inLater {
			return Comparison{}, survey.Errorf(survey.ErrInvalid, "both waves must declare a breakdown by %s to compare by it; the later allows %s", strings.Join(by, " and "), declared(later.Def))
		}
	}
	c.Hidden = !earlier.Pub.Covers() || !later.Pub.Covers()
	if c.Hidden {
		return c, nil
	}
	c.ComparedFigures = compareFigures(earlier.Def, earlier.Pub.Whole, later.Def, later.Pub.Whole, pairs)
	if len(by) == 0 {
		return c, nil
	}
	c.Breakdown = later.Def.Breakdowns[laterBreakdown].Questions
	c.Groups = []ComparedGroup{}
	for _, values := range groupValues(later.Def, later.Def.Breakdowns[laterBreakdown]) {
		g := ComparedGroup{Value: strings.Join(values, ","), Values: values, Label: groupLabel(later.Def, later.Def.Breakdowns[laterBreakdown], values), Hidden: true}
		then, now := earlier.Pub.Groups[groupKey(earlierBreakdown, values)], later.Pub.Groups[groupKey(laterBreakdown, values)]
		if then != nil && now != nil {
			g.Hidden = false
			g.EarlierResponses, g.LaterResponses = ptrInt(then.Responses), ptrInt(now.Responses)
			g.ComparedFigures = compareFigures(earlier.Def, then, later.Def, now, pairs)
		}
		c.Groups = append(c.Groups, g)
	}
	return c, nil
}

func compareFigures(earlierDef *survey.Definition, earlier *Tally, laterDef *survey.Definition, later *Tally, pairs []questionPair) ComparedFigures {
	return ComparedFigures{
		Indicators: compareIndicators(earlierDef, earlier, laterDef, later),
		Themes:     compareThemes(earlierDef, earlier, laterDef, later),
		Questions:  compareQuestions(earlier, later, pairs),
	}
}

func compareIndicators(earlierDef *survey.Definition, earlier *Tally, laterDef *survey.Definition, later *Tally) []IndicatorChange {
	before := map[string]Indicator{}
	for _, ind := range Indicators(earlierDef, earlier) {
		before[ind.ID] = ind
	}
	var out []IndicatorChange
	for i, now := range Indicators(laterDef, later) {
		ind := laterDef.Indicators[i]
		change := IndicatorChange{ID: now.ID, Title: now.Title, Kind: now.Kind}
		then, ok := before[now.ID]
		old := earlierIndicator(earlierDef, now.ID)
		if !ok || old == nil || old.Kind != ind.Kind {
			change.Movement = movement(nil, now.Value, nil, now.Interval, Change{}, false)
			out = append(out, change)
			continue
		}
		var test Change
		var tested bool
		switch ind.Kind {
		case survey.Mean:
			test, tested = Welch(earlier.Values[old.Question], later.Values[ind.Question])
		case survey.ENPS:
			test, tested = Welch(netCounts(earlier.Values[old.Question]), netCounts(later.Values[ind.Question]))
		case survey.Favourable:
			test, tested = TwoProportions(favourable(earlierDef, earlier, old.Question), then.Answered, favourable(laterDef, later, ind.Question), now.Answered)
		case survey.Above:
			test, tested = TwoProportions(earlier.Above[old.ID], then.Answered, later.Above[ind.ID], now.Answered)
		}
		change.Movement = movement(then.Value, now.Value, then.Interval, now.Interval, test, tested)
		out = append(out, change)
	}
	return out
}

func earlierIndicator(def *survey.Definition, id string) *survey.Indicator {
	for _, ind := range def.Indicators {
		if ind.ID == id {
			return ind
		}
	}
	return nil
}

// netCounts recodes 0–10 answers as each person's part in a net score:
// promoters (9–10) 1, detractors (0–6) −1, the rest 0. The net score is
// the mean of these, so Welch's test applies to it as to any mean.
func netCounts(values Counts) Counts {
	net := Counts{}
	for v, k := range values {
		switch {
		case v >= 9:
			net[1] += k
		case v <= 6:
			net[-1] += k
		default:
			net[0] += k
		}
	}
	return net
}

func favourable(def *survey.Definition, t *Tally, questionID string) int {
	q, _ := def.Question(questionID)
	scored := scoredCounts(q, t.Values[questionID])
	return scored[4] + scored[5]
}

func compareThemes(earlierDef *survey.Definition, earlier *Tally, laterDef *survey.Definition, later *Tally) []ThemeChange {
	before := map[string]Theme{}
	for _, th := range Themes(earlierDef, Questions(earlierDef, earlier)) {
		before[th.ID] = th
	}
	var out []ThemeChange
	for _, now := range Themes(laterDef, Questions(laterDef, later)) {
		change := ThemeChange{ID: now.ID, Title: now.Title, LaterBand: now.Band}
		then, ok := before[now.ID]
		if !ok {
			change.Movement = movement(nil, now.Score, nil, nil, Change{}, false)
			out = append(out, change)
			continue
		}
		change.EarlierBand = then.Band
		test, tested := Welch(earlier.ThemeMeans[now.ID], later.ThemeMeans[now.ID])
		change.Movement = movement(then.Score, now.Score, nil, nil, test, tested)
		if then.Withheld > 0 || now.Withheld > 0 {
			// Scores over different items are not the same figure.
			change.Difference = nil
		}
		out = append(out, change)
	}
	return out
}

func compareQuestions(earlier, later *Tally, pairs []questionPair) []QuestionChange {
	var out []QuestionChange
	for _, p := range pairs {
		q := p.later
		if q.Type == survey.Text || q.Segment {
			continue
		}
		now := question(q, later)
		change := QuestionChange{ID: q.ID, Type: string(q.Type), Text: q.Label(), Theme: q.Theme, LaterAnswered: now.Answered}
		if p.earlier == nil {
			out = append(out, change)
			continue
		}
		if p.earlier.ID != q.ID {
			change.EarlierID = p.earlier.ID
		}
		then := question(p.earlier, earlier)
		change.EarlierAnswered = then.Answered
		before, after := earlier.Values[p.earlier.ID], later.Values[q.ID]
		switch q.Type {
		case survey.Agreement:
			change.Figure = "score"
			test, tested := Welch(scoredCounts(p.earlier, before), scoredCounts(q, after))
			change.Movement = movement(then.Score, now.Score, then.ScoreInterval, now.ScoreInterval, test, tested)
			if then.Favourable != nil && now.Favourable != nil {
				m := shareMovement(then.Favourable.Count, then.Answered, now.Favourable.Count, now.Answered)
				change.Favourable = &m
			}
		case survey.Scale, survey.Number:
			change.Figure = "mean"
			test, tested := Welch(before, after)
			change.Movement = movement(then.Mean, now.Mean, then.MeanInterval, now.MeanInterval, test, tested)
		case survey.YesNo:
			change.Figure = "percent yes"
			change.Movement = shareMovement(before[1], then.Answered, after[1], now.Answered)
		case survey.Choice, survey.MultiChoice:
			for _, o := range q.Options {
				option := OptionChange{Value: o.Value, Label: o.Label}
				if _, offered := p.earlier.Option(o.Value); offered {
					option.Movement = shareMovement(earlier.Options[p.earlier.ID][o.Value], then.Answered, later.Options[q.ID][o.Value], now.Answered)
				} else {
					v, i := percent(later.Options[q.ID][o.Value], now.Answered)
					option.Movement = movement(nil, v, nil, i, Change{}, false)
				}
				change.Options = append(change.Options, option)
			}
		}
		out = append(out, change)
	}
	return out
}

// shareMovement is a percentage in two waves, tested with the
// two-proportion z-test.
func shareMovement(x1, n1, x2, n2 int) Movement {
	v1, i1 := percent(x1, n1)
	v2, i2 := percent(x2, n2)
	test, tested := TwoProportions(x1, n1, x2, n2)
	return movement(v1, v2, i1, i2, test, tested)
}

func orEmpty(refs []QuestionRef) []QuestionRef {
	if refs == nil {
		return []QuestionRef{}
	}
	return refs
}

func ptrInt(n int) *int { return &n }

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
	// P is the test's own p-value and PAdjusted the same corrected for the
	// other tests of its Family; both, with Test, are absent when the
	// change was not tested, and NotTested then says why.
	P         *float64 `json:"p,omitempty"`
	PAdjusted *float64 `json:"p_adjusted,omitempty"`
	Family    Family   `json:"family,omitempty"`
	Test      string   `json:"test,omitempty"`
	NotTested Untested `json:"not_tested,omitempty"`
	// Significant is PAdjusted < Alpha; false when not tested.
	Significant bool `json:"significant"`
	// Better says which way the figure is better: "higher" or "lower"; an
	// option of a choice question has no better way, and no direction.
	Better Better `json:"better,omitempty"`
	// Direction is improved or worsened for a significant change, read with
	// Better, and unchanged otherwise.
	Direction Direction `json:"direction,omitempty"`
}

// Family names a set of changes corrected for multiple testing together.
type Family string

const (
	// Primary is the headline indicators and themes of the whole wave,
	// corrected by Holm's method.
	Primary Family = "primary"
	// Secondary is every statement and other question of the whole wave,
	// corrected by Benjamini–Hochberg at 5%.
	Secondary Family = "secondary"
	// Exploratory is every change within the groups of one breakdown,
	// corrected together by Benjamini–Hochberg at 5%.
	Exploratory Family = "exploratory"
)

// Better is the way a figure is better.
type Better string

const (
	Higher Better = "higher"
	Lower  Better = "lower"
)

// Direction is what a change means for staff.
type Direction string

const (
	Improved  Direction = "improved"
	Worsened  Direction = "worsened"
	Unchanged Direction = "unchanged"
)

// tester tests a change; k is the fewest answers either wave needs.
type tester struct{ k int }

func (t tester) means(first, second Counts) (Change, Untested) {
	if first.N() < t.k || second.N() < t.k {
		return Change{}, TooFew
	}
	return Welch(first, second)
}

func (t tester) shares(x1, n1, x2, n2 int) (Change, Untested) {
	if n1 < t.k || n2 < t.k {
		return Change{}, TooFew
	}
	return Proportions(x1, n1, x2, n2)
}

func movement(earlier, later *float64, earlierInterval, laterInterval *Interval, better Better, test Change, untested Untested) Movement {
	m := Movement{Earlier: earlier, Later: later, EarlierInterval: earlierInterval, LaterInterval: laterInterval, Better: better}
	if better != "" {
		m.Direction = Unchanged
	}
	if earlier == nil || later == nil {
		return m
	}
	m.Difference = ptr(*later - *earlier)
	if untested != "" {
		m.NotTested = untested
		return m
	}
	m.P, m.Test = ptr(test.P), test.Test
	return m
}

// correct adjusts the p-values of a family's changes together and labels
// each from its adjusted value.
func correct(family Family, changes []*Movement) {
	var tested []*Movement
	var p []float64
	for _, m := range changes {
		if m.P != nil {
			tested, p = append(tested, m), append(p, *m.P)
		}
	}
	adjusted := BenjaminiHochberg(p)
	if family == Primary {
		adjusted = Holm(p)
	}
	for i, m := range tested {
		m.Family, m.PAdjusted = family, ptr(adjusted[i])
		m.Significant = adjusted[i] < Alpha
		if m.Significant && m.Better != "" {
			m.Direction = Improved
			if (*m.Difference > 0) != (m.Better == Higher) {
				m.Direction = Worsened
			}
		}
	}
}

// IndicatorChange is a headline figure in two waves.
type IndicatorChange struct {
	ID    string               `json:"id"`
	Title string               `json:"title"`
	Kind  survey.IndicatorKind `json:"kind"`
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
	EarlierID       string              `json:"earlier_id,omitempty"`
	Type            survey.QuestionType `json:"type"`
	Text            string              `json:"text"`
	Theme           string              `json:"theme,omitempty"`
	EarlierAnswered int                 `json:"earlier_answered"`
	LaterAnswered   int                 `json:"later_answered"`
	Figure          string              `json:"figure,omitempty"`
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
	test := tester{k: k}
	c.ComparedFigures = compareFigures(test, earlier.Def, earlier.Pub.Whole, later.Def, later.Pub.Whole, pairs)
	primary, secondary := c.ComparedFigures.movements()
	correct(Primary, primary)
	correct(Secondary, secondary)
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
			g.ComparedFigures = compareFigures(test, earlier.Def, then, later.Def, now, pairs)
		}
		c.Groups = append(c.Groups, g)
	}
	var exploratory []*Movement
	for i := range c.Groups {
		primary, secondary := c.Groups[i].ComparedFigures.movements()
		exploratory = append(append(exploratory, primary...), secondary...)
	}
	correct(Exploratory, exploratory)
	return c, nil
}

// movements lists the changes of the figures: the headline indicators and
// themes, then every question's.
func (f *ComparedFigures) movements() (primary, secondary []*Movement) {
	for i := range f.Indicators {
		primary = append(primary, &f.Indicators[i].Movement)
	}
	for i := range f.Themes {
		primary = append(primary, &f.Themes[i].Movement)
	}
	for i := range f.Questions {
		q := &f.Questions[i]
		secondary = append(secondary, &q.Movement)
		if q.Favourable != nil {
			secondary = append(secondary, q.Favourable)
		}
		for j := range q.Options {
			secondary = append(secondary, &q.Options[j].Movement)
		}
	}
	return primary, secondary
}

func compareFigures(test tester, earlierDef *survey.Definition, earlier *Tally, laterDef *survey.Definition, later *Tally, pairs []questionPair) ComparedFigures {
	return ComparedFigures{
		Indicators: compareIndicators(test, earlierDef, earlier, laterDef, later),
		Themes:     compareThemes(test, earlierDef, earlier, laterDef, later),
		Questions:  compareQuestions(test, earlier, later, pairs),
	}
}

// QuestionBetter is the way a question's figure is better: higher for an
// agreement score (negatively worded items are scored the other way
// already), a scale and the share answering yes; lower for a number, as
// the numbers a staff survey asks are workload (caseload, hours).
func QuestionBetter(q *survey.Question) Better {
	switch q.Type {
	case survey.Agreement, survey.Scale, survey.YesNo:
		return Higher
	case survey.Number:
		return Lower
	}
	return ""
}

// IndicatorBetter is the way a headline figure is better: lower for the
// share above a threshold (a caseload over the safe level), the way of its
// question for a mean, and higher otherwise.
func IndicatorBetter(def *survey.Definition, ind *survey.Indicator) Better {
	switch ind.Kind {
	case survey.Above:
		return Lower
	case survey.Mean:
		if q, ok := def.Question(ind.Question); ok {
			return QuestionBetter(q)
		}
	}
	return Higher
}

func compareIndicators(test tester, earlierDef *survey.Definition, earlier *Tally, laterDef *survey.Definition, later *Tally) []IndicatorChange {
	before := map[string]Indicator{}
	for _, ind := range Indicators(earlierDef, earlier) {
		before[ind.ID] = ind
	}
	var out []IndicatorChange
	for i, now := range Indicators(laterDef, later) {
		ind := laterDef.Indicators[i]
		change := IndicatorChange{ID: now.ID, Title: now.Title, Kind: now.Kind}
		better := IndicatorBetter(laterDef, ind)
		then, ok := before[now.ID]
		old := earlierIndicator(earlierDef, now.ID)
		if !ok || old == nil || old.Kind != ind.Kind {
			change.Movement = movement(nil, now.Value, nil, now.Interval, better, Change{}, "")
			out = append(out, change)
			continue
		}
		var result Change
		var untested Untested
		switch ind.Kind {
		case survey.Mean:
			result, untested = test.means(earlier.Values[old.Question], later.Values[ind.Question])
		case survey.ENPS:
			result, untested = test.means(netCounts(earlier.Values[old.Question]), netCounts(later.Values[ind.Question]))
		case survey.Favourable:
			result, untested = test.shares(favourable(earlierDef, earlier, old.Question), then.Answered, favourable(laterDef, later, ind.Question), now.Answered)
		case survey.Above:
			result, untested = test.shares(earlier.Above[old.ID], then.Answered, later.Above[ind.ID], now.Answered)
		}
		change.Movement = movement(then.Value, now.Value, then.Interval, now.Interval, better, result, untested)
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

// compareThemes sets each theme's score beside the earlier one and tests
// the change on the same per-person means the scores are made of. A theme
// withheld in either wave has no score there, so no change.
func compareThemes(test tester, earlierDef *survey.Definition, earlier *Tally, laterDef *survey.Definition, later *Tally) []ThemeChange {
	before := map[string]Theme{}
	for _, th := range Themes(earlierDef, earlier) {
		before[th.ID] = th
	}
	var out []ThemeChange
	for _, now := range Themes(laterDef, later) {
		change := ThemeChange{ID: now.ID, Title: now.Title, LaterBand: now.Band}
		then, ok := before[now.ID]
		if !ok {
			change.Movement = movement(nil, now.Score, nil, now.Interval, Higher, Change{}, "")
			out = append(out, change)
			continue
		}
		change.EarlierBand = then.Band
		result, untested := test.means(earlier.ThemeMeans[now.ID], later.ThemeMeans[now.ID])
		change.Movement = movement(then.Score, now.Score, then.Interval, now.Interval, Higher, result, untested)
		out = append(out, change)
	}
	return out
}

func compareQuestions(test tester, earlier, later *Tally, pairs []questionPair) []QuestionChange {
	var out []QuestionChange
	for _, p := range pairs {
		q := p.later
		if q.Type == survey.Text || q.Segment {
			continue
		}
		now := question(q, later)
		change := QuestionChange{ID: q.ID, Type: q.Type, Text: q.Label(), Theme: q.Theme, LaterAnswered: now.Answered}
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
		better := QuestionBetter(q)
		switch q.Type {
		case survey.Agreement:
			change.Figure = "score"
			result, untested := test.means(scoredCounts(p.earlier, before), scoredCounts(q, after))
			change.Movement = movement(then.Score, now.Score, then.ScoreInterval, now.ScoreInterval, better, result, untested)
			if then.Favourable != nil && now.Favourable != nil {
				m := test.shareMovement(then.Favourable.Count, then.Answered, now.Favourable.Count, now.Answered, Higher)
				change.Favourable = &m
			}
		case survey.Scale, survey.Number:
			change.Figure = "mean"
			result, untested := test.means(before, after)
			change.Movement = movement(then.Mean, now.Mean, then.MeanInterval, now.MeanInterval, better, result, untested)
		case survey.YesNo:
			change.Figure = "percent yes"
			change.Movement = test.shareMovement(before[1], then.Answered, after[1], now.Answered, better)
		case survey.Choice, survey.MultiChoice:
			for _, o := range q.Options {
				option := OptionChange{Value: o.Value, Label: o.Label}
				if _, offered := p.earlier.Option(o.Value); offered {
					option.Movement = test.shareMovement(earlier.Options[p.earlier.ID][o.Value], then.Answered, later.Options[q.ID][o.Value], now.Answered, "")
				} else {
					v, i := percent(later.Options[q.ID][o.Value], now.Answered)
					option.Movement = movement(nil, v, nil, i, "", Change{}, "")
				}
				change.Options = append(change.Options, option)
			}
		}
		out = append(out, change)
	}
	return out
}

// shareMovement is a percentage in two waves, tested as a share.
func (t tester) shareMovement(x1, n1, x2, n2 int, better Better) Movement {
	v1, i1 := percent(x1, n1)
	v2, i2 := percent(x2, n2)
	result, untested := t.shares(x1, n1, x2, n2)
	return movement(v1, v2, i1, i2, better, result, untested)
}

func orEmpty(refs []QuestionRef) []QuestionRef {
	if refs == nil {
		return []QuestionRef{}
	}
	return refs
}

func ptrInt(n int) *int { return &n }

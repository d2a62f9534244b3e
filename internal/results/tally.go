package results

import (
	"maps"
	"strconv"
	"strings"

	"github.com/sayso/sayso/internal/survey"
)

// Tally is the counts for one group of responses (a whole wave, or one
// group of a breakdown): everything its results are computed from, and
// nothing that could tell one response from another.
type Tally struct {
	Responses int
	// Values counts numeric answers by question: agreement (as answered,
	// 1 to 5), scale, number, and yes/no as 1 and 0.
	Values map[string]Counts
	// Options counts choice and multichoice answers by question and option.
	Options map[string]map[string]int
	// Answered counts the responses that answered each question.
	Answered map[string]int
	// Above counts, by indicator, the answers over its threshold.
	Above map[string]int
	// ThemeMeans counts, by theme, each respondent's mean of the theme's
	// items (1 to 5, reverse items flipped): the sample a change in a
	// theme's score is tested on, one value per person.
	ThemeMeans map[string]Counts
	// Suppressed marks the questions, and SuppressedIndicators the above
	// indicators, whose figures a publication withheld from this group:
	// their counts are gone from the tally.
	Suppressed           map[string]bool
	SuppressedIndicators map[string]bool
}

// NewTally makes an empty tally.
func NewTally() *Tally {
	return &Tally{
		Values: map[string]Counts{}, Options: map[string]map[string]int{}, Answered: map[string]int{}, Above: map[string]int{}, ThemeMeans: map[string]Counts{},
		Suppressed: map[string]bool{}, SuppressedIndicators: map[string]bool{},
	}
}

// Add counts one response.
func (t *Tally) Add(def *survey.Definition, answers survey.Answers) {
	t.Responses++
	for id, a := range answers {
		q, ok := def.Question(id)
		if !ok {
			continue
		}
		t.Answered[id]++
		switch q.Type {
		case survey.Agreement, survey.Scale, survey.Number:
			t.count(id, a.Number)
		case survey.YesNo:
			yes := 0.0
			if a.Yes {
				yes = 1
			}
			t.count(id, yes)
		case survey.Choice:
			t.option(id, a.Text)
		case survey.MultiChoice:
			for _, c := range a.Choices {
				t.option(id, c)
			}
		}
	}
	for _, ind := range def.Indicators {
		if ind.Kind != survey.Above {
			continue
		}
		a, ok := answers[ind.Question]
		if ok && a.Number > ind.Threshold.For(answers[ind.Threshold.By].Text) {
			t.Above[ind.ID]++
		}
	}
	for _, th := range def.Themes {
		sum, n := 0.0, 0
		for _, q := range def.ThemeQuestions(th.ID) {
			if a, ok := answers[q.ID]; ok {
				sum += scoredValue(q, a.Number)
				n++
			}
		}
		if n > 0 {
			c := t.ThemeMeans[th.ID]
			if c == nil {
				c = Counts{}
				t.ThemeMeans[th.ID] = c
			}
			c[sum/float64(n)]++
		}
	}
}

func (t *Tally) count(id string, v float64) {
	c := t.Values[id]
	if c == nil {
		c = Counts{}
		t.Values[id] = c
	}
	c[v]++
}

func (t *Tally) option(id, value string) {
	o := t.Options[id]
	if o == nil {
		o = map[string]int{}
		t.Options[id] = o
	}
	o[value]++
}

// suppress withholds a question's figures, and every theme score's sample
// that carries it; or, given a theme's set of respondents (themeSet), the
// theme's score.
func (t *Tally) suppress(def *survey.Definition, id string) {
	if theme, ok := themeOfSet(id); ok {
		t.Suppressed[themeKey(theme)] = true
		delete(t.ThemeMeans, theme)
		return
	}
	t.Suppressed[id] = true
	delete(t.Answered, id)
	delete(t.Values, id)
	delete(t.Options, id)
	if q, ok := def.Question(id); ok && q.Theme != "" {
		delete(t.ThemeMeans, q.Theme)
	}
	for _, ind := range def.Indicators {
		if ind.Question == id {
			t.suppressIndicator(ind.ID)
		}
	}
}

// themeKey marks a theme's score withheld in Suppressed. It cannot be a
// question's id, which is a slug.
func themeKey(theme string) string { return "theme:" + theme }

// themeSet names, among the audit's questions, the respondents who answered
// exactly m of a theme's statements. A theme's score, each person's mean of
// the statements they answered, adds up each such set's answers apart from
// the others: the audit protects them as it protects a question's answerers.
func themeSet(theme string, m int) string { return themeKey(theme) + ":" + strconv.Itoa(m) }

// themeOfSet is the theme a themeSet key names.
func themeOfSet(id string) (string, bool) {
	rest, ok := strings.CutPrefix(id, "theme:")
	if !ok {
		return "", false
	}
	theme, _, ok := strings.Cut(rest, ":")
	return theme, ok
}

func (t *Tally) suppressIndicator(id string) {
	t.SuppressedIndicators[id] = true
	delete(t.Above, id)
}

// Clone copies a tally, so a publication stays as it was.
func (t *Tally) Clone() *Tally {
	// A tally read back from a snapshot may have nil maps where it had
	// empty ones; the clone is counted into, so it gets them all.
	c := NewTally()
	c.Responses = t.Responses
	maps.Copy(c.Answered, t.Answered)
	maps.Copy(c.Above, t.Above)
	maps.Copy(c.Suppressed, t.Suppressed)
	maps.Copy(c.SuppressedIndicators, t.SuppressedIndicators)
	for id, v := range t.Values {
		c.Values[id] = maps.Clone(v)
	}
	for id, v := range t.ThemeMeans {
		c.ThemeMeans[id] = maps.Clone(v)
	}
	for id, o := range t.Options {
		c.Options[id] = maps.Clone(o)
	}
	return c
}

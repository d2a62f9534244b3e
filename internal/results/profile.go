package results

import (
	"slices"
	"strconv"
	"strings"

	"github.com/sayso/sayso/internal/survey"
)

// NotAnswered is the group of those who left a segment question blank. It
// is a group like any other for the anonymity rules.
const NotAnswered = ""

// profileSeparator cannot appear in an option value (a slug).
const profileSeparator = "\x1f"

// profileQuestions are the answers the anonymity audit treats as known to
// an insider: every segment question a breakdown uses, and every question a
// threshold depends on. Sorted.
func profileQuestions(def *survey.Definition) []string {
	var ids []string
	for _, b := range def.Breakdowns {
		ids = append(ids, b.Questions...)
	}
	for _, ind := range def.Indicators {
		if ind.Threshold != nil && ind.Threshold.By != "" {
			ids = append(ids, ind.Threshold.By)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// profileKey is a response's answers to the profile questions.
func profileKey(segments []string, answers survey.Answers) string {
	values := make([]string, len(segments))
	for i, id := range segments {
		values[i] = segmentValue(answers, id)
	}
	return strings.Join(values, profileSeparator)
}

// segmentValue is a response's group for one segment question.
func segmentValue(answers survey.Answers, id string) string {
	a, ok := answers[id]
	switch {
	case !ok:
		return NotAnswered
	case a.Text != "":
		return a.Text
	}
	return survey.YesNoValue(a.Yes)
}

// Cell counts the responses of one profile: how many, and how many answered
// each question. It is what the audit reasons about, and is never shown.
type Cell struct {
	Responses int
	Answered  map[string]int
}

func (c Cell) clone() Cell {
	a := make(map[string]int, len(c.Answered))
	for k, v := range c.Answered {
		a[k] = v
	}
	return Cell{Responses: c.Responses, Answered: a}
}

// groupValues lists every group of a breakdown: each combination of its
// questions' values, not answered included.
func groupValues(def *survey.Definition, b survey.Breakdown) [][]string {
	combos := [][]string{{}}
	for _, id := range b.Questions {
		var next [][]string
		for _, c := range combos {
			for _, v := range questionValues(def, id) {
				next = append(next, append(slices.Clone(c), v))
			}
		}
		combos = next
	}
	return combos
}

// questionValues are the values a choice or yes/no answer can take, not
// answered last.
func questionValues(def *survey.Definition, id string) []string {
	q, _ := def.Question(id)
	values := []string{}
	if q.Type == survey.YesNo {
		values = append(values, "yes", "no")
	}
	for _, o := range q.Options {
		values = append(values, o.Value)
	}
	return append(values, NotAnswered)
}

// thresholdGroup is the answers to a threshold's question held to one
// threshold.
type thresholdGroup struct {
	threshold string
	values    []string
}

// thresholdGroups splits the answers to the question a threshold depends
// on by the threshold each is held to, in the question's order: answers
// held to the same threshold are never told apart by the indicator.
func thresholdGroups(def *survey.Definition, t *survey.Threshold) []thresholdGroup {
	var out []thresholdGroup
	for _, v := range questionValues(def, t.By) {
		key := strconv.FormatFloat(t.For(v), 'g', -1, 64)
		i := slices.IndexFunc(out, func(g thresholdGroup) bool { return g.threshold == key })
		if i < 0 {
			i = len(out)
			out = append(out, thresholdGroup{threshold: key})
		}
		out[i].values = append(out[i].values, v)
	}
	return out
}

package report

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/sayso/sayso/internal/format"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/survey"
)

// Message is one key message: a plain sentence read from the figures,
// and the theme an action on it would answer ("" for none).
type Message struct {
	// Kind is strongest, weakest, improved, worsened, group or workload.
	Kind  string `json:"kind"`
	Text  string `json:"text"`
	Theme string `json:"theme,omitempty"`
}

// groupGap is how far below the whole wave a shown group's theme score
// must be to be a key message, in score points.
const groupGap = 10

// groupMessages bounds the groups furthest below the whole that are named.
const groupMessages = 3

// KeyMessages reads what matters most from a wave's published figures:
// the strongest and weakest themes, the significant changes since the
// earlier wave (change, nil for none), the shown groups furthest below
// the whole (groups, one set of results per declared breakdown), and
// caseload and hours against the safe level. It reads only what the
// publication shows, so no hidden group or withheld figure is ever named.
func KeyMessages(def *survey.Definition, whole results.Results, groups []results.Results, earlier string, change *results.Comparison) []Message {
	if whole.Hidden {
		return nil
	}
	var out []Message
	var scored []results.Theme
	for _, t := range whole.Themes {
		if t.Score != nil {
			scored = append(scored, t)
		}
	}
	if len(scored) >= 2 {
		best := slices.MaxFunc(scored, func(a, b results.Theme) int { return cmp.Compare(*a.Score, *b.Score) })
		worst := slices.MinFunc(scored, func(a, b results.Theme) int { return cmp.Compare(*a.Score, *b.Score) })
		out = append(out,
			Message{Kind: "strongest", Theme: best.ID, Text: fmt.Sprintf("Strongest theme: %s, %s out of 100 (%s).", best.Title, format.Figure(best.Score, 0), best.Band)},
			Message{Kind: "weakest", Theme: worst.ID, Text: fmt.Sprintf("Weakest theme: %s, %s out of 100 (%s).", worst.Title, format.Figure(worst.Score, 0), worst.Band)})
	}
	if change != nil && !change.Hidden {
		for _, ind := range change.Indicators {
			out = appendChange(out, ind.Title, "", format.IndicatorUnit(ind.Kind), ind.Movement, earlier)
		}
		for _, t := range change.Themes {
			out = appendChange(out, t.Title, t.ID, format.Score, t.Movement, earlier)
		}
	}
	out = append(out, belowWhole(whole, groups)...)
	return append(out, workload(def, whole)...)
}

// appendChange adds a message for a change its test calls significant.
func appendChange(out []Message, title, theme, unit string, m results.Movement, earlier string) []Message {
	v := format.Judge(m)
	if v.Class != "improved" && v.Class != "worsened" {
		return out
	}
	text := fmt.Sprintf("%s: %s since %s, from %s to %s (%s, %s).", title, lower(v.Words), earlier,
		format.Value(unit, m.Earlier), format.Value(unit, m.Later), format.Change(unit, m.Difference), format.Tested(m))
	return append(out, Message{Kind: v.Class, Theme: theme, Text: text})
}

func lower(s string) string {
	if s == "" {
		return s
	}
	b := []byte(s)
	if b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}

// belowWhole names the shown groups whose theme scores are furthest below
// the whole wave's, largest gap first.
func belowWhole(whole results.Results, breakdowns []results.Results) []Message {
	type gap struct {
		group, theme, title string
		score, everyone     float64
	}
	wholeScore := map[string]float64{}
	for _, t := range whole.Themes {
		if t.Score != nil {
			wholeScore[t.ID] = *t.Score
		}
	}
	var gaps []gap
	for _, b := range breakdowns {
		for _, g := range b.Groups {
			if g.Hidden {
				continue
			}
			for _, t := range g.Themes {
				everyone, ok := wholeScore[t.ID]
				if t.Score == nil || !ok || everyone-*t.Score < groupGap {
					continue
				}
				gaps = append(gaps, gap{group: g.Label, theme: t.ID, title: t.Title, score: *t.Score, everyone: everyone})
			}
		}
	}
	slices.SortStableFunc(gaps, func(a, b gap) int { return cmp.Compare(a.score-a.everyone, b.score-b.everyone) })
	var out []Message
	for _, g := range gaps[:min(len(gaps), groupMessages)] {
		out = append(out, Message{Kind: "group", Theme: g.theme, Text: fmt.Sprintf("%s: %s scores %.0f, %.0f below everyone (%.0f).", g.group, g.title, g.score, g.everyone-g.score, g.everyone)})
	}
	return out
}

// workload reads each caseload share over its safe level, and the hours
// people work.
func workload(def *survey.Definition, whole results.Results) []Message {
	var out []Message
	for _, ind := range whole.Indicators {
		if ind.Kind != survey.Above || ind.Hidden || ind.Value == nil {
			continue
		}
		out = append(out, Message{Kind: "workload", Theme: sectionTheme(def, indicatorQuestion(def, ind.ID)), Text: fmt.Sprintf("%s: %s of those who answered.", ind.Title, format.Percentage(ind.Value))})
	}
	for _, q := range whole.Questions {
		dq, ok := def.Question(q.ID)
		if !ok || dq.Type != survey.Number || dq.Unit != "hours" || q.Hidden || q.Mean == nil {
			continue
		}
		out = append(out, Message{Kind: "workload", Theme: sectionTheme(def, q.ID), Text: fmt.Sprintf("Hours worked (“%s”): mean %s hours a week, median %s.", dq.Label(), format.Figure(q.Mean, 1), format.Figure(q.Median, 0))})
	}
	return out
}

// sectionTheme is the theme an action on a number question answers: the
// theme of the first statement in the question's section, if any.
func sectionTheme(def *survey.Definition, questionID string) string {
	for _, s := range def.Sections {
		if !slices.ContainsFunc(s.Questions, func(q *survey.Question) bool { return q.ID == questionID }) {
			continue
		}
		for _, q := range s.Questions {
			if q.Theme != "" {
				return q.Theme
			}
		}
	}
	return ""
}

func indicatorQuestion(def *survey.Definition, id string) string {
	for _, ind := range def.Indicators {
		if ind.ID == id {
			return ind.Question
		}
	}
	return ""
}

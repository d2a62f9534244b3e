package results

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/sayso/sayso/internal/survey"
)

// WaveTally is everything a wave's results are made from: the counts for
// the whole wave and for every group of every declared breakdown, the
// profiles that size every group, and the comments.
type WaveTally struct {
	// Format is tallyFormat when the tally was made; a published snapshot
	// of another format is counted again rather than read.
	Format   int
	Whole    *Tally
	Groups   map[string]*Tally // by groupKey(breakdown, values)
	Profiles *Profiles
	Comments map[string][]string // text answers by question
}

// NewWaveTally makes an empty tally for a wave of the definition.
func NewWaveTally(def *survey.Definition) *WaveTally {
	return &WaveTally{Format: tallyFormat, Whole: NewTally(), Groups: map[string]*Tally{}, Profiles: NewProfiles(def), Comments: map[string][]string{}}
}

// tallyFormat changes whenever WaveTally or Tally gain or lose a field.
const tallyFormat = 2

func groupKey(breakdown int, values []string) string {
	return strconv.Itoa(breakdown) + profileSeparator + strings.Join(values, profileSeparator)
}

// Add counts one response everywhere it belongs.
func (w *WaveTally) Add(def *survey.Definition, answers survey.Answers) {
	w.Whole.Add(def, answers)
	w.Profiles.Add(answers)
	for b, breakdown := range def.Breakdowns {
		values := make([]string, len(breakdown.Questions))
		for i, id := range breakdown.Questions {
			values[i] = segmentValue(answers, id)
		}
		key := groupKey(b, values)
		t := w.Groups[key]
		if t == nil {
			t = NewTally()
			w.Groups[key] = t
		}
		t.Add(def, answers)
	}
	for _, q := range def.Questions() {
		if a, ok := answers[q.ID]; ok && q.Type == survey.Text && strings.TrimSpace(a.Text) != "" {
			w.Comments[q.ID] = append(w.Comments[q.ID], a.Text)
		}
	}
}

// Clone copies a wave tally, for a snapshot that must not move.
func (w *WaveTally) Clone() *WaveTally {
	c := &WaveTally{Format: w.Format, Whole: w.Whole.Clone(), Groups: make(map[string]*Tally, len(w.Groups)), Profiles: w.Profiles.Clone(), Comments: make(map[string][]string, len(w.Comments))}
	for k, t := range w.Groups {
		c.Groups[k] = t.Clone()
	}
	for q, texts := range w.Comments {
		c.Comments[q] = slices.Clone(texts)
	}
	return c
}

// Figures are the results of the whole wave or of one group.
type Figures struct {
	Indicators []Indicator `json:"indicators,omitempty"`
	Themes     []Theme     `json:"themes,omitempty"`
	Questions  []Question  `json:"questions,omitempty"`
}

func figures(def *survey.Definition, t *Tally) Figures {
	questions := Questions(def, t)
	return Figures{Indicators: Indicators(def, t), Themes: Themes(def, questions), Questions: questions}
}

// GroupResults is one group of a breakdown. A hidden group carries no
// number at all: no count, no figure.
type GroupResults struct {
	Value     string   `json:"value"`
	Values    []string `json:"values"`
	Label     string   `json:"label"`
	Hidden    bool     `json:"hidden"`
	Responses *int     `json:"responses"`
	Figures
}

// Results is what may be shown of a wave. Under k responses, only the
// count (and so the response rate) is shown.
type Results struct {
	Responses    int  `json:"responses"`
	Hidden       bool `json:"hidden"`
	MinGroupSize int  `json:"min_group_size"`
	Figures
	Breakdown []string       `json:"breakdown,omitempty"`
	Groups    []GroupResults `json:"groups,omitempty"`
}

// NoBreakdown asks Build for the whole wave only.
const NoBreakdown = -1

// Build assembles what may be shown of a wave tally, with the groups of
// one declared breakdown (or NoBreakdown).
func Build(def *survey.Definition, w *WaveTally, breakdown int) Results {
	k := def.MinGroupSize
	r := Results{Responses: w.Whole.Responses, Hidden: w.Whole.Responses < k, MinGroupSize: k}
	if r.Hidden {
		return r
	}
	r.Figures = figures(def, w.Whole)
	if breakdown == NoBreakdown {
		return r
	}
	r.Breakdown = def.Breakdowns[breakdown].Questions
	r.Groups = []GroupResults{}
	for _, g := range Visibility(def, k, w.Profiles) {
		if g.Breakdown != breakdown {
			continue
		}
		gr := GroupResults{Value: g.Key(), Values: g.Values, Label: groupLabel(def, def.Breakdowns[breakdown], g.Values), Hidden: g.Hidden}
		if !g.Hidden {
			n := g.Responses
			gr.Responses = &n
			gr.Figures = figures(def, w.Groups[groupKey(breakdown, g.Values)])
		}
		r.Groups = append(r.Groups, gr)
	}
	return r
}

func groupLabel(def *survey.Definition, b survey.Breakdown, values []string) string {
	labels := make([]string, len(values))
	for i, id := range b.Questions {
		q, _ := def.Question(id)
		switch o, ok := q.Option(values[i]); {
		case values[i] == NotAnswered:
			labels[i] = "Not answered"
		case ok:
			labels[i] = o.Label
		default:
			labels[i] = strings.ToUpper(values[i][:1]) + values[i][1:]
		}
	}
	return strings.Join(labels, ", ")
}

// FindBreakdown returns the index of the declared breakdown by the given
// question ids, in any order, or false when none is declared.
func FindBreakdown(def *survey.Definition, questions []string) (int, bool) {
	key := survey.Breakdown{Questions: questions}.Key()
	for i, b := range def.Breakdowns {
		if b.Key() == key {
			return i, true
		}
	}
	return 0, false
}

// Comment is one free-text answer as it may be shown: with no segment, no
// date beyond the wave's, and contact details masked.
type Comment struct {
	Question string `json:"question"`
	Text     string `json:"text"`
}

var (
	emailPattern = regexp.MustCompile(`[\p{L}0-9._%+-]+@[\p{L}0-9.-]+\.[\p{L}]{2,}`)
	// UK and international phone numbers: ten or more digits, with spaces,
	// dots, dashes or brackets between, and an optional leading +.
	phonePattern = regexp.MustCompile(`\+?\(?\d[\d\s().-]{8,}\d`)
)

// Mask hides email addresses and phone numbers in a comment.
func Mask(text string) string {
	text = emailPattern.ReplaceAllString(text, "[email removed]")
	return phonePattern.ReplaceAllStringFunc(text, func(s string) string {
		digits := 0
		for _, r := range s {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if digits < 10 {
			return s
		}
		return "[phone number removed]"
	})
}

// Comments returns a wave's comments, question by question, masked and in
// an order shuffled by the seed, so their order says nothing of when they
// came. Under k responses there are none.
func Comments(def *survey.Definition, w *WaveTally, seed uint64) []Comment {
	if w.Whole.Responses < def.MinGroupSize {
		return []Comment{}
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := []Comment{}
	for _, q := range def.Questions() {
		texts := slices.Clone(w.Comments[q.ID])
		rng.Shuffle(len(texts), func(i, j int) { texts[i], texts[j] = texts[j], texts[i] })
		for _, t := range texts {
			out = append(out, Comment{Question: q.ID, Text: Mask(t)})
		}
	}
	return out
}

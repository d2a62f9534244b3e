package results

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/sayso/sayso/internal/survey"
)

// WaveTally is everything a wave's results are made from, as counted: the
// counts for the whole wave and for every group of every declared
// breakdown, and the cells the anonymity audit reasons about. Comments are
// not kept: a publication reads them from the database, so that nothing
// holds them in the order they came.
type WaveTally struct {
	// Format is tallyFormat when the tally was made; a publication of
	// another format is not read.
	Format   int
	Whole    *Tally
	Groups   map[string]*Tally // by groupKey(breakdown, values)
	Segments []string          // the profile questions, as profileQuestions gives them
	Cells    map[string]Cell   // by profileKey
}

// NewWaveTally makes an empty tally for a wave of the definition.
func NewWaveTally(def *survey.Definition) *WaveTally {
	return &WaveTally{Format: tallyFormat, Whole: NewTally(), Groups: map[string]*Tally{}, Segments: profileQuestions(def), Cells: map[string]Cell{}}
}

// tallyFormat changes whenever WaveTally, Tally or Publication gain or lose
// a field.
const tallyFormat = 3

func groupKey(breakdown int, values []string) string {
	return strconv.Itoa(breakdown) + profileSeparator + strings.Join(values, profileSeparator)
}

// Add counts one response everywhere it belongs.
func (w *WaveTally) Add(def *survey.Definition, answers survey.Answers) {
	w.Whole.Add(def, answers)
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
	key := profileKey(w.Segments, answers)
	c, ok := w.Cells[key]
	if !ok {
		c = Cell{Answered: map[string]int{}}
	}
	c.Responses++
	for id := range answers {
		c.Answered[id]++
	}
	for _, th := range def.Themes {
		m := 0
		for _, q := range def.ThemeQuestions(th.ID) {
			if _, ok := answers[q.ID]; ok {
				m++
			}
		}
		if m > 0 {
			c.Answered[themeSet(th.ID, m)]++
		}
	}
	w.Cells[key] = c
}

// Clone copies a wave tally.
func (w *WaveTally) Clone() *WaveTally {
	c := &WaveTally{Format: w.Format, Whole: w.Whole.Clone(), Groups: make(map[string]*Tally, len(w.Groups)), Segments: w.Segments, Cells: make(map[string]Cell, len(w.Cells))}
	for k, t := range w.Groups {
		c.Groups[k] = t.Clone()
	}
	for k, cell := range w.Cells {
		c.Cells[k] = cell.clone()
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
	return Figures{Indicators: Indicators(def, t), Themes: Themes(def, t), Questions: Questions(def, t)}
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
	// Themes are the themes whose keywords the comment contains.
	Themes []string `json:"themes"`
	// Safeguarding is set when the comment speaks of bullying,
	// harassment, racism, threats or self-harm: a principal social worker
	// reads these first.
	Safeguarding bool `json:"safeguarding"`
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

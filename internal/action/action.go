// Package action is "You said, we did": what the organisation did, or
// will do, about what staff said in a wave, tied to the theme or question
// it answers, and published back to staff when it is ready to be read.
package action

import (
	"slices"
	"strings"

	"github.com/sayso/sayso/internal/survey"
	"github.com/sayso/sayso/internal/ukdate"
)

// Status is how far an action has got.
type Status string

const (
	Planned    Status = "planned"
	InProgress Status = "in progress"
	Done       Status = "done"
)

// Text is a status as a sentence starts it: "In progress".
func (s Status) Text() string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// Statuses lists every status in the order work goes.
var Statuses = []Status{Planned, InProgress, Done}

// Lengths an action's texts are held to: a title is a line, the two
// accounts a short paragraph each.
const (
	MaxTitle = 120
	MaxText  = 2000
	MaxOwner = 120
)

// Action is one "You said, we did" entry. The validate tags are the shape
// any request must have; Check then holds it against its wave.
type Action struct {
	ID     int64 `json:"id"`
	WaveID int64 `json:"wave_id" validate:"required,gt=0"`
	// Theme or Question says what the action answers: exactly one is set.
	Theme     string `json:"theme,omitempty" validate:"max=64"`
	Question  string `json:"question,omitempty" validate:"max=64"`
	Title     string `json:"title" validate:"required,max=120"`
	StaffSaid string `json:"staff_said" validate:"required,max=2000"`
	WeDid     string `json:"we_did" validate:"required,max=2000"`
	Owner     string `json:"owner" validate:"required,max=120"`
	Status    Status `json:"status" validate:"required,oneof=planned 'in progress' done"`
	// Due is a day, or empty for none.
	Due       string `json:"due,omitempty"`
	Published bool   `json:"published"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

// Check holds an action against the definition of its wave: it answers
// exactly one theme or question, and that theme or question was asked. A
// due day typed the British way (31/03/2027) is rewritten as an ISO date.
func (a *Action) Check(def *survey.Definition) error {
	for _, f := range []struct{ name, text string }{{"title", a.Title}, {"staff_said", a.StaffSaid}, {"we_did", a.WeDid}, {"owner", a.Owner}} {
		if strings.TrimSpace(f.text) == "" {
			return survey.Errorf(survey.ErrInvalid, "%s is empty: every action needs a title, what staff said, what was done and an owner", f.name)
		}
	}
	if !slices.Contains(Statuses, a.Status) {
		return survey.Errorf(survey.ErrInvalid, "status %q is not planned, in progress or done", a.Status)
	}
	if err := a.CheckSubject(def); err != nil {
		return err
	}
	if a.Due != "" {
		due, err := ukdate.Parse(a.Due)
		if err != nil {
			return survey.Errorf(survey.ErrInvalid, "due %q is not a day: write it as 31/03/2026 or 2026-03-31", a.Due)
		}
		a.Due = due
	}
	return nil
}

// CheckSubject says whether an action answers exactly one theme or
// question, and one the definition asked.
func (a *Action) CheckSubject(def *survey.Definition) error {
	switch {
	case a.Theme == "" && a.Question == "":
		return survey.Errorf(survey.ErrInvalid, "say which theme or question the action answers: give theme or question")
	case a.Theme != "" && a.Question != "":
		return survey.Errorf(survey.ErrInvalid, "an action answers one theme or one question: give theme or question, not both")
	case a.Theme != "":
		if _, ok := def.Theme(a.Theme); !ok {
			return survey.Errorf(survey.ErrInvalid, "theme %q is not a theme of this wave's survey", a.Theme)
		}
	default:
		if _, ok := def.Question(a.Question); !ok {
			return survey.Errorf(survey.ErrInvalid, "question %q is not a question of this wave's survey", a.Question)
		}
	}
	return nil
}

// ThemeOf is the theme an action answers: its own, or its question's;
// empty for a question outside every theme.
func (a *Action) ThemeOf(def *survey.Definition) string {
	if a.Theme != "" {
		return a.Theme
	}
	if q, ok := def.Question(a.Question); ok {
		return q.Theme
	}
	return ""
}

// About names what an action answers, in the wave's own words.
func (a *Action) About(def *survey.Definition) string {
	if t, ok := def.Theme(a.Theme); ok {
		return t.Title
	}
	if q, ok := def.Question(a.Question); ok {
		return q.Label()
	}
	return ""
}

// Overdue says whether an action is past its due date, today given as a
// day (year-month-day), and not done.
func (a *Action) Overdue(today string) bool {
	return a.Due != "" && a.Due < today && a.Status != Done
}

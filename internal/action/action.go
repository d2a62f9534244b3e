// Package action is "You said, we did": what the organisation did, or
// will do, about what staff said in a wave, tied to the theme or question
// it answers, and published back to staff when it is ready to be read.
package action

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

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

// Lengths an action's texts are held to, in characters: a title is a
// line, the two accounts a short paragraph each.
const (
	MaxTitle = 120
	MaxText  = 2000
	MaxOwner = 120
)

// Action is one "You said, we did" entry. Validate holds it to its
// limits and against its wave, for every edge.
type Action struct {
	ID     int64 `json:"id"`
	WaveID int64 `json:"wave_id"`
	// Theme or Question says what the action answers: exactly one is set.
	Theme     string `json:"theme,omitempty"`
	Question  string `json:"question,omitempty"`
	Title     string `json:"title"`
	StaffSaid string `json:"staff_said"`
	WeDid     string `json:"we_did"`
	Owner     string `json:"owner"`
	Status    Status `json:"status"`
	// Due is a day, or empty for none.
	Due       string `json:"due,omitempty"`
	Published bool   `json:"published"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

// Validate holds an action to its limits and against the definition of
// its wave, and says what is wrong field by field, keyed by the names the
// API uses, in the order the form asks them.
func (a *Action) Validate(def *survey.Definition) error {
	var faults []survey.FieldError
	text := func(field, value, what string, limit int) {
		switch {
		case strings.TrimSpace(value) == "":
			faults = append(faults, survey.FieldError{Field: field, Message: "Enter " + what})
		case !utf8.ValidString(value) || utf8.RuneCountInString(value) > limit:
			faults = append(faults, survey.FieldError{Field: field, Message: fmt.Sprintf("Shorten %s to %d characters or fewer", what, limit)})
		}
	}
	text("title", a.Title, "a title", MaxTitle)
	if f := a.subjectFault(def); f != nil {
		faults = append(faults, *f)
	}
	text("staff_said", a.StaffSaid, "what staff said", MaxText)
	text("we_did", a.WeDid, "what was done or will be done", MaxText)
	text("owner", a.Owner, "who owns the action", MaxOwner)
	if !slices.Contains(Statuses, a.Status) {
		faults = append(faults, survey.FieldError{Field: "status", Message: "Choose how far the action has got: planned, in progress or done"})
	}
	if a.Due != "" {
		due, err := ukdate.Parse(a.Due)
		if err != nil {
			faults = append(faults, survey.FieldError{Field: "due", Message: "Enter the due date as a real day, like 31/03/2027"})
		} else {
			a.Due = due
		}
	}
	return survey.Invalid(faults)
}

// subjectFault says what is wrong with what an action answers: it must
// be exactly one theme or question, and one the definition asked. The
// fault is keyed by the field that holds the wrong value.
func (a *Action) subjectFault(def *survey.Definition) *survey.FieldError {
	const choose = "Choose the theme or question the action answers"
	switch {
	case a.Theme == "" && a.Question == "":
		return &survey.FieldError{Field: "theme", Message: choose}
	case a.Theme != "" && a.Question != "":
		return &survey.FieldError{Field: "question", Message: choose + ": one of them, not both"}
	case a.Theme != "":
		if _, ok := def.Theme(a.Theme); !ok {
			return &survey.FieldError{Field: "theme", Message: fmt.Sprintf("%s: theme %q is not a theme of this wave's survey", choose, a.Theme)}
		}
	default:
		if _, ok := def.Question(a.Question); !ok {
			return &survey.FieldError{Field: "question", Message: fmt.Sprintf("%s: question %q is not a question of this wave's survey", choose, a.Question)}
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

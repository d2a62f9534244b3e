package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/survey"
)

// The wave's frozen definition as the API shows it. Fields that do not
// apply to a question's type are left out.
type apiSurvey struct {
	ID           string       `json:"id"`
	Title        string       `json:"title"`
	Intro        string       `json:"intro,omitempty"`
	Wave         string       `json:"wave"`
	MinGroupSize int          `json:"min_group_size"`
	Sections     []apiSection `json:"sections"`
}

type apiSection struct {
	ID        string        `json:"id"`
	Title     string        `json:"title"`
	Intro     string        `json:"intro,omitempty"`
	Questions []apiQuestion `json:"questions"`
}

type apiQuestion struct {
	ID        string      `json:"id"`
	Type      string      `json:"type"`
	Text      string      `json:"text"`
	Hint      string      `json:"hint,omitempty"`
	Required  bool        `json:"required"`
	Options   []apiOption `json:"options,omitempty"`
	Labels    []string    `json:"labels,omitempty"`
	Min       *float64    `json:"min,omitempty"`
	Max       *float64    `json:"max,omitempty"`
	MinLabel  string      `json:"min_label,omitempty"`
	MaxLabel  string      `json:"max_label,omitempty"`
	Unit      string      `json:"unit,omitempty"`
	MaxLength int         `json:"max_length,omitempty"`
	ShowIf    *apiShowIf  `json:"show_if,omitempty"`
	Segment   bool        `json:"segment,omitempty"`
	Theme     string      `json:"theme,omitempty"`
}

type apiOption struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// apiShowIf carries Equals as a string for a choice question and as true
// or false for a yes/no question: the same encoding as the answer.
type apiShowIf struct {
	Question string `json:"question"`
	Equals   any    `json:"equals"`
}

func (s *Server) apiSurveyShow(c echo.Context) error {
	entry, err := s.db.Enter(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	def := entry.Wave.Definition
	out := apiSurvey{ID: def.ID, Title: def.Title, Intro: def.Intro, Wave: entry.Wave.Name, MinGroupSize: def.MinGroupSize}
	for _, sec := range def.Sections {
		as := apiSection{ID: sec.ID, Title: sec.Title, Intro: sec.Intro, Questions: []apiQuestion{}}
		for _, q := range sec.Questions {
			as.Questions = append(as.Questions, questionJSON(def, q))
		}
		out.Sections = append(out.Sections, as)
	}
	return c.JSON(http.StatusOK, out)
}

func questionJSON(def *survey.Definition, q *survey.Question) apiQuestion {
	aq := apiQuestion{ID: q.ID, Type: string(q.Type), Text: q.Text, Hint: q.Hint, Required: q.Required, Segment: q.Segment, Theme: q.Theme}
	bounds := func(lo, hi float64) { aq.Min, aq.Max = &lo, &hi }
	switch q.Type {
	case survey.Agreement:
		bounds(1, 5)
		aq.Labels = survey.AgreementLabels[:]
	case survey.Scale:
		bounds(q.Min, q.Max)
		aq.MinLabel, aq.MaxLabel = q.MinLabel, q.MaxLabel
	case survey.Number:
		bounds(q.Min, q.Max)
		aq.Unit = q.Unit
	case survey.Choice, survey.MultiChoice:
		for _, o := range q.Options {
			aq.Options = append(aq.Options, apiOption{Value: o.Value, Label: o.Label})
		}
	case survey.Text:
		aq.MaxLength = q.MaxLength
	}
	if c := q.ShowIf; c != nil {
		var equals any = c.Value
		if target, _ := def.Question(c.Question); target.Type == survey.YesNo {
			equals = c.Value == "yes"
		}
		aq.ShowIf = &apiShowIf{Question: c.Question, Equals: equals}
	}
	return aq
}

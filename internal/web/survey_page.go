package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

type sectionPage struct {
	layout
	Code, CSRF    string
	Index         int
	Number, Of    int
	Title, Intro  string
	ReturnToCheck bool
	Questions     []questionView
	Hidden        []hiddenField
	Errors        []summaryError
}

type summaryError struct{ Anchor, Message string }

type checkPage struct {
	layout
	Code, CSRF string
	Sections   []checkSection
	Hidden     []hiddenField
	Errors     []summaryError
}

type checkSection struct {
	Index int
	Title string
	Rows  []checkRow
}

type checkRow struct {
	Question string
	Answer   []string
	Error    string
}

// surveyPage moves a respondent through the survey. Every page posts here
// with all the answers so far; _at says which page was posted and _go which
// button was pressed.
func (s *Server) surveyPage(c echo.Context) error {
	entry, err := s.db.Enter(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return survey.Errorf(survey.ErrInvalid, "The form could not be read.")
	}
	f, err := readAnswersForm(entry.Wave.Definition, form)
	if err != nil {
		return err
	}
	at, action := form.Get("_at"), form.Get("_go")
	switch {
	case at == "start":
		return s.showSection(c, f, firstOf(f.visibleSections()), false, nil)
	case at == "check" && action == "submit":
		return s.submitForm(c, entry, f)
	case at == "check" && strings.HasPrefix(action, "edit-"):
		i, err := strconv.Atoi(strings.TrimPrefix(action, "edit-"))
		if err != nil || i < 0 || i >= len(f.def.Sections) {
			return survey.Errorf(survey.ErrInvalid, "The form asked for a section that does not exist.")
		}
		return s.showSection(c, f, i, true, nil)
	}
	i, err := strconv.Atoi(at)
	if err != nil || i < 0 || i >= len(f.def.Sections) {
		return survey.Errorf(survey.ErrInvalid, "The form does not say which page it came from.")
	}
	returnToCheck := form.Get("_return") == "check"
	switch action {
	case "back":
		if returnToCheck {
			return s.showCheck(c, f, nil)
		}
		if prev := f.neighbour(i, -1); prev >= 0 {
			return s.showSection(c, f, prev, false, nil)
		}
		return s.surveyStart(c)
	case "next":
		if problems := f.check(f.def.Sections[i].Questions); len(problems) > 0 {
			return s.showSection(c, f, i, returnToCheck, problems)
		}
		if next := f.neighbour(i, 1); next >= 0 && !returnToCheck {
			return s.showSection(c, f, next, false, nil)
		}
		return s.showCheck(c, f, nil)
	}
	return survey.Errorf(survey.ErrInvalid, "The form was sent without pressing one of its buttons.")
}

func firstOf(sections []int) int {
	if len(sections) == 0 {
		return 0
	}
	return sections[0]
}

func (s *Server) showSection(c echo.Context, f *answersForm, i int, returnToCheck bool, problems map[string]string) error {
	section := f.def.Sections[i]
	visible := f.visibleSections()
	number := 1
	for n, v := range visible {
		if v == i {
			number = n + 1
		}
	}
	p := sectionPage{
		layout: layout{PageTitle: section.Title, Service: f.def.Title, HasErrors: len(problems) > 0},
		Code:   c.Param("code"), CSRF: csrfToken(c),
		Index: i, Number: number, Of: len(visible), Title: section.Title, Intro: section.Intro,
		ReturnToCheck: returnToCheck,
		Hidden:        f.hiddenFields(section.Questions),
	}
	for _, q := range f.visibleQuestions(section.Questions) {
		v := f.questionView(q, problems[q.ID])
		p.Questions = append(p.Questions, v)
		if v.Error != "" {
			p.Errors = append(p.Errors, summaryError{Anchor: v.ID, Message: v.Error})
		}
	}
	status := http.StatusOK
	if len(problems) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return s.render(c, status, "section", p)
}

func (s *Server) showCheck(c echo.Context, f *answersForm, problems map[string]string) error {
	p := checkPage{
		layout: layout{PageTitle: "Check your answers", Service: f.def.Title, HasErrors: len(problems) > 0},
		Code:   c.Param("code"), CSRF: csrfToken(c),
		Hidden: f.hiddenFields(nil),
	}
	for _, i := range f.visibleSections() {
		section := f.def.Sections[i]
		cs := checkSection{Index: i, Title: section.Title}
		for _, q := range f.visibleQuestions(section.Questions) {
			a, answered := f.answers[q.ID]
			row := checkRow{Question: q.Label(), Answer: display(q, a, answered), Error: problems[q.ID]}
			if row.Error != "" {
				p.Errors = append(p.Errors, summaryError{Anchor: "section-" + strconv.Itoa(i), Message: row.Error})
			}
			cs.Rows = append(cs.Rows, row)
		}
		p.Sections = append(p.Sections, cs)
	}
	status := http.StatusOK
	if len(problems) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return s.render(c, status, "check", p)
}

// submitForm stores a finished response, or shows what is still wrong.
func (s *Server) submitForm(c echo.Context, entry *store.Entry, f *answersForm) error {
	if problems := f.check(f.def.Questions()); len(problems) > 0 {
		return s.showCheck(c, f, problems)
	}
	if err := s.db.Submit(c.Request().Context(), entry, f.def.EncodeAnswers(f.answers)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/thanks")
}

// surveyThanks confirms a response was stored. It names no survey and no
// code, so it can be shown after an invitation code is spent.
func (s *Server) surveyThanks(c echo.Context) error {
	return s.render(c, http.StatusOK, "thanks", struct{ layout }{layout{PageTitle: "Thank you", Service: "Sayso"}})
}

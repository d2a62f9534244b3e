package web

import (
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/action"
	"github.com/sayso/sayso/internal/survey"
)

// aboutOption is one theme or question an action can answer, in the
// form's one field for both.
type aboutOption struct {
	Value, Label string
}

// actionFormPage is the form that adds or changes an action, shared by
// actionNew, actionEdit, actionCreate and actionUpdate.
type actionFormPage struct {
	staffLayout
	Wave     *survey.Wave
	ActionID int64
	Themes   []aboutOption
	Others   []aboutOption
	Statuses []action.Status
	Form     map[string]string
	Errors   []summaryError
}

// storedAction is the action the path names, with its wave.
func (s *Server) storedAction(c echo.Context) (*action.Action, *survey.Wave, error) {
	id, err := actionIDParam(c)
	if err != nil {
		return nil, nil, err
	}
	a, err := s.db.Action(c.Request().Context(), id)
	if err != nil {
		return nil, nil, err
	}
	w, err := s.db.Wave(c.Request().Context(), a.WaveID)
	return a, w, err
}

// aboutValue is the form's value for what an action answers.
func aboutValue(a *action.Action) string {
	if a.Theme != "" {
		return "theme:" + a.Theme
	}
	return "question:" + a.Question
}

// readActionForm reads the form into an action of the wave; the store
// holds it to the action's rules.
func readActionForm(c echo.Context, w *survey.Wave) (*action.Action, map[string]string) {
	form := map[string]string{}
	for _, f := range []string{"title", "staff_said", "we_did", "owner", "status", "due", "about", "published"} {
		form[f] = strings.TrimSpace(c.FormValue(f))
	}
	a := &action.Action{WaveID: w.ID, Title: form["title"], StaffSaid: form["staff_said"], WeDid: form["we_did"], Owner: form["owner"],
		Status: action.Status(form["status"]), Due: form["due"], Published: form["published"] == "true"}
	kind, id, _ := strings.Cut(form["about"], ":")
	switch kind {
	case "theme":
		a.Theme = id
	case "question":
		a.Question = id
	}
	return a, form
}

// actionFormErrors are an action's field faults anchored to the form,
// which asks for the theme or question in one field.
func actionFormErrors(err error) []summaryError {
	errs := fieldErrors(err)
	for i, e := range errs {
		if e.Anchor == "theme" || e.Anchor == "question" {
			errs[i].Anchor = "about"
		}
	}
	return errs
}

func (s *Server) renderActionForm(c echo.Context, status int, w *survey.Wave, actionID int64, form map[string]string, errs []summaryError) error {
	title := "Add an action"
	if actionID != 0 {
		title = "Change an action"
	}
	page := actionFormPage{staffLayout: s.staffLayout(c, title, "actions"), Wave: w, ActionID: actionID, Statuses: action.Statuses, Form: form, Errors: errs}
	page.HasErrors = len(errs) > 0
	for _, t := range w.Definition.Themes {
		page.Themes = append(page.Themes, aboutOption{"theme:" + t.ID, t.Title})
	}
	for _, q := range w.Definition.Questions() {
		if q.Type != survey.Text && !q.Segment {
			page.Others = append(page.Others, aboutOption{"question:" + q.ID, q.Label()})
		}
	}
	return s.render(c, status, "action_form", page)
}

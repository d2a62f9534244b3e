package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/action"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// actionView is an action as the pages show it: with its wave's name and
// what it answers in words.
type actionView struct {
	*action.Action
	WaveName string
	About    string
	// Late is set when the action is past its due date and not done.
	Late bool
}

type waveActions struct {
	Wave    *survey.Wave
	Actions []actionView
}

type actionsPage struct {
	staffLayout
	Waves  []waveActions
	Notice string
	// Overdue lists the actions past their due date and not done, first.
	Overdue []actionView
}

// actionsList answers GET /actions: every action, wave by wave, for any
// signed-in account; admins also get the links that change them.
func (s *Server) actionsList(c echo.Context) error {
	waves, err := s.actionsByWave(c, store.ActionFilter{})
	if err != nil {
		return err
	}
	page := actionsPage{staffLayout: s.staffLayout(c, "You said, we did", "actions"), Waves: waves}
	page.Notice = map[string]string{"added": "The action is added.", "saved": "The action is saved.", "deleted": "The action is deleted."}[c.QueryParam("done")]
	for _, w := range waves {
		for _, a := range w.Actions {
			if a.Late {
				page.Overdue = append(page.Overdue, a)
			}
		}
	}
	return s.render(c, http.StatusOK, "actions", page)
}

// actionsByWave lists the actions a filter chooses under every wave,
// newest first; waves without any are left out when only published ones
// are asked for.
func (s *Server) actionsByWave(c echo.Context, filter store.ActionFilter) ([]waveActions, error) {
	ctx := c.Request().Context()
	waves, err := s.db.Waves(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.db.Actions(ctx, filter)
	if err != nil {
		return nil, err
	}
	var out []waveActions
	today := time.Now().Format(survey.DateLayout)
	for _, w := range waves {
		wa := waveActions{Wave: w}
		for _, a := range list {
			if a.WaveID == w.ID {
				wa.Actions = append(wa.Actions, actionView{Action: a, WaveName: w.Name, About: a.About(w.Definition), Late: a.Overdue(today)})
			}
		}
		if len(wa.Actions) > 0 || !filter.PublishedOnly {
			out = append(out, wa)
		}
	}
	return out, nil
}

type aboutOption struct {
	Value, Label string
}

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

// actionNew answers GET /admin/actions/new?wave=ID: the form for an
// action on what staff said in a wave. Without a wave, or with one that
// is not there, it asks which wave first.
func (s *Server) actionNew(c echo.Context) error {
	raw := c.QueryParam("wave")
	if raw == "" && c.QueryParam("asked") == "" {
		return s.renderActionWave(c, http.StatusOK, nil)
	}
	id, err := parseID("wave", raw)
	if err != nil {
		return s.renderActionWave(c, http.StatusBadRequest, []summaryError{{"wave", "Choose the wave whose results the action answers"}})
	}
	w, err := s.db.Wave(c.Request().Context(), id)
	if survey.Code(err) == survey.ErrNotFound {
		return s.renderActionWave(c, http.StatusNotFound, []summaryError{{"wave", "There is no such wave: choose one of these"}})
	}
	if err != nil {
		return err
	}
	// A key message links here with the theme it is about already chosen.
	return s.renderActionForm(c, http.StatusOK, w, 0, map[string]string{"status": string(action.Planned), "about": c.QueryParam("about")}, nil)
}

type actionWavePage struct {
	staffLayout
	Waves  []*survey.Wave
	Errors []summaryError
}

// renderActionWave asks which wave a new action answers.
func (s *Server) renderActionWave(c echo.Context, status int, errs []summaryError) error {
	waves, err := s.db.Waves(c.Request().Context())
	if err != nil {
		return err
	}
	page := actionWavePage{staffLayout: s.staffLayout(c, "Which wave is the action about?", "actions"), Waves: waves, Errors: errs}
	page.HasErrors = len(errs) > 0
	return s.render(c, status, "action_wave", page)
}

// actionEdit answers GET /admin/actions/:id.
func (s *Server) actionEdit(c echo.Context) error {
	a, w, err := s.storedAction(c)
	if err != nil {
		return err
	}
	form := map[string]string{
		"title": a.Title, "staff_said": a.StaffSaid, "we_did": a.WeDid, "owner": a.Owner, "status": string(a.Status), "due": a.Due,
		"about": aboutValue(a), "published": strconv.FormatBool(a.Published),
	}
	return s.renderActionForm(c, http.StatusOK, w, a.ID, form, nil)
}

// actionCreate answers POST /admin/actions.
func (s *Server) actionCreate(c echo.Context) error {
	id, err := parseID("wave", c.FormValue("wave"))
	if err != nil {
		return err
	}
	w, err := s.db.Wave(c.Request().Context(), id)
	if err != nil {
		return err
	}
	a, form := readActionForm(c, w)
	err = s.db.CreateAction(c.Request().Context(), a)
	if errs := actionFormErrors(err); len(errs) > 0 {
		return s.renderActionForm(c, http.StatusBadRequest, w, 0, form, errs)
	}
	if err != nil {
		return err
	}
	if err := s.audit(c, "add action", actionDetail(a)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/actions?done=added")
}

// actionUpdate answers POST /admin/actions/:id.
func (s *Server) actionUpdate(c echo.Context) error {
	stored, w, err := s.storedAction(c)
	if err != nil {
		return err
	}
	a, form := readActionForm(c, w)
	a.ID = stored.ID
	err = s.db.UpdateAction(c.Request().Context(), a)
	if errs := actionFormErrors(err); len(errs) > 0 {
		return s.renderActionForm(c, http.StatusBadRequest, w, stored.ID, form, errs)
	}
	if err != nil {
		return err
	}
	if err := s.audit(c, "change action", actionDetail(a)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/actions?done=saved")
}

// actionDelete answers POST /admin/actions/:id/delete.
func (s *Server) actionDelete(c echo.Context) error {
	a, _, err := s.storedAction(c)
	if err != nil {
		return err
	}
	if err := s.db.DeleteAction(c.Request().Context(), a.ID); err != nil {
		return err
	}
	if err := s.audit(c, "delete action", actionDetail(a)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/actions?done=deleted")
}

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

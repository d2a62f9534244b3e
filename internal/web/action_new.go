package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/action"
	"github.com/sayso/sayso/internal/survey"
)

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

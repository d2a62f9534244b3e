package web

import (
	"net/http"
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

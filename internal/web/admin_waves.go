package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/survey"
)

type adminWaveRow struct {
	*survey.Wave
	Status      string
	Link        string
	CodesIssued int
}

type adminWavesPage struct {
	staffLayout
	Waves   []adminWaveRow
	Surveys []*survey.Source
	Errors  []summaryError
	Form    map[string]string
	Notice  string
}

// adminWaves answers GET /admin/waves.
func (s *Server) adminWaves(c echo.Context) error {
	return s.renderAdminWaves(c, http.StatusOK, nil, nil, c.QueryParam("done"))
}

func (s *Server) renderAdminWaves(c echo.Context, status int, errs []summaryError, form map[string]string, notice string) error {
	ctx := c.Request().Context()
	waves, err := s.db.Waves(ctx)
	if err != nil {
		return err
	}
	page := adminWavesPage{staffLayout: s.staffLayout(c, "Waves", "waves"), Surveys: s.catalogue.Sources(), Errors: errs, Form: form}
	page.HasErrors = len(errs) > 0
	switch notice {
	case "opened", "closed", "reopened", "headcount":
		page.Notice = map[string]string{"opened": "The wave is open.", "closed": "The wave is closed.", "reopened": "The wave is open again.", "headcount": "The headcount is saved."}[notice]
	}
	now := time.Now()
	for _, w := range waves {
		row := adminWaveRow{Wave: w, Status: string(w.Status(now))}
		if w.LinkCode != "" {
			row.Link = s.baseURL + "/s/" + w.LinkCode
		}
		if row.CodesIssued, err = s.db.CodesIssued(ctx, w.ID); err != nil {
			return err
		}
		page.Waves = append(page.Waves, row)
	}
	return s.render(c, status, "admin_waves", page)
}

// waveFieldRefused shows the waves page again with why a wave's own form
// was refused, beside its field, and what was typed in it. The page has
// the form only for an open wave: for any other, the error page says why.
func (s *Server) waveFieldRefused(c echo.Context, param string, waveID int64, typed string, err error) error {
	w, waveErr := s.db.Wave(c.Request().Context(), waveID)
	if waveErr != nil {
		return waveErr
	}
	if w.Status(time.Now()) != survey.StatusOpen {
		return err
	}
	id := waveFieldID(param, waveID)
	return s.renderAdminWaves(c, http.StatusBadRequest, []summaryError{{id, upperFirst(err.Error())}}, map[string]string{id: typed}, "")
}

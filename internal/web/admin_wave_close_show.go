package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/survey"
)

type adminWaveClosePage struct {
	staffLayout
	Wave *survey.Wave
}

// adminWaveCloseShow answers GET /admin/waves/:id/close: what closing the
// wave means, and the one button that does it. Closing stops answers at
// once, so it is never a single click from the list of waves.
func (s *Server) adminWaveCloseShow(c echo.Context) error {
	w, err := s.waveParam(c)
	if err != nil {
		return err
	}
	ctx, id := c.Request().Context(), w.ID
	if w.Status(time.Now()) == survey.StatusClosed {
		return survey.Errorf(survey.ErrConflict, "%s is closed already. Reopen it from the Waves page.", w.Name)
	}
	if w.Responses, err = s.db.CountResponses(ctx, id); err != nil {
		return err
	}
	page := adminWaveClosePage{staffLayout: s.staffLayout(c, "Close "+w.Name, "waves"), Wave: w}
	return s.render(c, http.StatusOK, "admin_wave_close", page)
}

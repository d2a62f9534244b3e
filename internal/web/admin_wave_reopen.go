package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
)

// adminWaveReopen answers POST /admin/waves/:id/reopen: a closed wave
// takes answers again, through the same link and unused codes.
func (s *Server) adminWaveReopen(c echo.Context) error {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.db.ReopenWave(c.Request().Context(), id); err != nil {
		return err
	}
	if err := s.audit(c, "reopen wave", fmt.Sprintf("wave %d", id)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/waves?done=reopened")
}

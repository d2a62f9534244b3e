package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
)

// adminWaveClose answers POST /admin/waves/:id/close, the confirmation
// page's button.
func (s *Server) adminWaveClose(c echo.Context) error {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.db.CloseWave(c.Request().Context(), id); err != nil {
		return err
	}
	if err := s.audit(c, "close wave", fmt.Sprintf("wave %d", id)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/waves?done=closed")
}

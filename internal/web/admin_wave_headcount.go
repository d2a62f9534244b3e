package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/survey"
)

// adminWaveHeadcount answers POST /admin/waves/:id/headcount.
func (s *Server) adminWaveHeadcount(c echo.Context) error {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	raw := strings.TrimSpace(c.FormValue("headcount"))
	headcount, err := strconv.Atoi(raw)
	if err != nil {
		headcount = -1 // out of range: the store words the fault
	}
	err = s.db.SetHeadcount(c.Request().Context(), id, headcount)
	if survey.Code(err) == survey.ErrInvalid {
		return s.waveFieldRefused(c, "headcount", id, raw, err)
	}
	if err != nil {
		return err
	}
	if err := s.audit(c, "set headcount", fmt.Sprintf("wave %d: %d", id, headcount)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/waves?done=headcount")
}

package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

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

package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

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

package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
)

// adminWaveGroupHeadcounts answers POST /admin/waves/:id/group-headcounts:
// the headcount of each group of one breakdown, for their response rates.
// A form with any field wrong stores nothing.
func (s *Server) adminWaveGroupHeadcounts(c echo.Context) error {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	by, err := formBreakdown(c)
	if err != nil {
		return err
	}
	wave, err := s.db.Wave(c.Request().Context(), id)
	if err != nil {
		return err
	}
	page, err := s.responseRates(c, wave, by)
	if err != nil {
		return err
	}
	values := readGroupHeadcounts(c, &page)
	if len(page.Errors) > 0 {
		page.HasErrors = true
		return s.render(c, http.StatusBadRequest, "response_rates", page)
	}
	if err := s.db.SetGroupHeadcounts(c.Request().Context(), id, page.By, values); err != nil {
		return err
	}
	if err := s.audit(c, "set group headcounts", fmt.Sprintf("wave %d, by %s: %d groups", id, page.By, len(values))); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/waves/%d/response-rates?by=%s&done=saved", id, url.QueryEscape(page.By)))
}

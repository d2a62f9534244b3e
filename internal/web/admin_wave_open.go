package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// adminWaveOpen answers POST /admin/waves: a new wave of a shipped survey.
func (s *Server) adminWaveOpen(c echo.Context) error {
	form := map[string]string{}
	for _, f := range []string{"survey", "name", "headcount", "max_responses", "access", "closes"} {
		form[f] = strings.TrimSpace(c.FormValue(f))
	}
	src, ok := s.catalogue.Survey(form["survey"])
	// A number that does not read is out of range, so the domain words
	// its fault as it words any other.
	headcount, maxResponses := wholeNumber(form["headcount"]), wholeNumber(form["max_responses"])
	access := survey.Access(form["access"])
	settings := survey.WaveSettings{Name: form["name"], Access: access, Headcount: headcount, MaxResponses: maxResponses, ClosesOn: survey.TypedDay(form["closes"])}
	var errs []summaryError
	if !ok {
		errs = append(errs, summaryError{"survey", "Choose the survey to run"})
	}
	errs = append(errs, fieldErrors(settings.Validate(time.Now().Format(survey.DateLayout)))...)
	if len(errs) > 0 {
		return s.renderAdminWaves(c, http.StatusBadRequest, errs, form, "")
	}
	w, err := s.db.OpenWave(c.Request().Context(), store.NewWave{Source: src, Name: settings.Name, Access: access, Headcount: headcount, MaxResponses: maxResponses, ClosesOn: settings.ClosesOn})
	if fields := fieldErrors(err); len(fields) > 0 {
		return s.renderAdminWaves(c, http.StatusBadRequest, fields, form, "")
	}
	if err != nil {
		return err
	}
	if err := s.audit(c, "open wave", fmt.Sprintf("wave %d %q of %s", w.ID, w.Name, w.SurveyID)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/waves?done=opened")
}

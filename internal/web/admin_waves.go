package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/store"
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
	settings := survey.WaveSettings{Name: form["name"], Access: access, Headcount: headcount, MaxResponses: maxResponses, ClosesOn: form["closes"]}
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

// adminWaveCodes answers POST /admin/waves/:id/codes with a CSV of new
// invitation codes: the one time they can be read.
func (s *Server) adminWaveCodes(c echo.Context) error {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	raw := strings.TrimSpace(c.FormValue("count"))
	count := wholeNumber(raw)
	if err := survey.CheckCodeBatch(count); err != nil {
		return s.waveFieldRefused(c, "count", id, raw, err)
	}
	ctx := c.Request().Context()
	wave, err := s.db.Wave(ctx, id)
	if err != nil {
		return err
	}
	if !wave.Access.AllowsCodes() {
		return survey.Errorf(survey.ErrInvalid, "Wave %q is reached by its link only, so it takes no invitation codes", wave.Name)
	}
	codes, err := s.db.CreateCodes(ctx, id, count)
	if err != nil {
		return err
	}
	if err := s.audit(c, "create codes", fmt.Sprintf("wave %d: %d codes", id, count)); err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"code", "link"}) // writes to a buffer cannot fail
	for _, code := range codes {
		_ = w.Write([]string{code, s.baseURL + "/s/" + code})
	}
	w.Flush()
	c.Response().Header().Set("Cache-Control", "no-store")
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="wave-%d-codes.csv"`, id))
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
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

// audit records an admin action by the signed-in account.
func (s *Server) audit(c echo.Context, action, detail string) error {
	return s.db.Audit(c.Request().Context(), currentAccount(c).Email, action, detail)
}

// upperFirst starts a store message, written to follow other words, as a
// sentence for a form's error summary.
func upperFirst(msg string) string {
	if msg == "" {
		return msg
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
}

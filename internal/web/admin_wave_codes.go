package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/survey"
)

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

package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// responseRequest is the body of POST /api/v1/responses.
type responseRequest struct {
	Code    string         `json:"code" validate:"required,max=64"`
	Answers map[string]any `json:"answers" validate:"required"`
}

// apiResponseCreate stores one response. The body of a success names
// nothing: no id, no time, nothing that could be matched to the response.
func (s *Server) apiResponseCreate(c echo.Context) error {
	var req responseRequest
	if err := decodeJSONRequest(c.Request(), &req, "a response"); err != nil {
		return err
	}
	entry, err := s.db.Enter(c.Request().Context(), req.Code)
	if err != nil {
		return err
	}
	def := entry.Wave.Definition
	answers, errs := def.DecodeJSON(req.Answers)
	if len(errs) == 0 {
		errs = def.Check(def.Questions(), answers)
	}
	if len(errs) > 0 {
		return errs
	}
	if err := s.db.Submit(c.Request().Context(), entry, def.EncodeAnswers(answers)); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]string{"status": "received"})
}

package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/submission"
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
	err := decodeJSONRequest(c.Request(), &req, "a response")
	// Whatever follows, the map of answers goes back to its pool.
	defer releaseAnswers(req.Answers)
	if err != nil {
		return err
	}
	entry, err := s.db.Enter(c.Request().Context(), req.Code)
	if err != nil {
		return err
	}
	answers, errs := entry.Wave.Definition.DecodeJSON(req.Answers)
	if len(errs) > 0 {
		return errs
	}
	if err := s.submissions.Submit(c.Request().Context(), submission.Response{Entry: entry, Answers: answers}); err != nil {
		return err
	}
	return c.JSONBlob(http.StatusCreated, received)
}

// received is the body of every success, written out once: it is the
// same for every response.
var received = []byte(`{"status":"received"}` + "\n")

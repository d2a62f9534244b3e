package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/survey"
)

// responseRequest is the body of POST /api/v1/responses.
type responseRequest struct {
	Code    string         `json:"code" validate:"required,max=64"`
	Answers map[string]any `json:"answers" validate:"required"`
}

var requestValidator = validator.New(validator.WithRequiredStructEnabled())

// apiResponseCreate stores one response. The body of a success names
// nothing: no id, no time, nothing that could be matched to the response.
func (s *Server) apiResponseCreate(c echo.Context) error {
	req, err := readResponseRequest(c.Request().Body)
	if err != nil {
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

// readResponseRequest reads the body strictly: valid UTF-8 (encoding/json
// would quietly replace bad bytes), one JSON object with known fields only,
// and the shape the validator checks.
func readResponseRequest(body io.Reader) (*responseRequest, error) {
	raw, err := io.ReadAll(body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, echo.NewHTTPError(http.StatusRequestEntityTooLarge)
	}
	if err != nil {
		return nil, survey.Errorf(survey.ErrInvalid, "the request body could not be read")
	}
	if !utf8.Valid(raw) {
		return nil, survey.Errorf(survey.ErrInvalid, "the request body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var req responseRequest
	if err := dec.Decode(&req); err != nil {
		return nil, survey.Errorf(survey.ErrInvalid, "the request body is not valid JSON for a response: %s", jsonProblem(err))
	}
	if dec.More() {
		return nil, survey.Errorf(survey.ErrInvalid, "the request body has more than one JSON value")
	}
	if err := requestValidator.Struct(req); err != nil {
		var fieldErrs validator.ValidationErrors
		if errors.As(err, &fieldErrs) {
			names := make([]string, len(fieldErrs))
			for i, fe := range fieldErrs {
				names[i] = fmt.Sprintf("%q is %s", strings.ToLower(fe.Field()), describeTag(fe))
			}
			return nil, survey.Errorf(survey.ErrInvalid, "the request is not a response: %s", strings.Join(names, "; "))
		}
		return nil, err
	}
	return &req, nil
}

func describeTag(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "required"
	case "max":
		return "too long (at most " + fe.Param() + " characters)"
	}
	return "not valid (" + fe.Tag() + ")"
}

// jsonProblem describes a decoding error without echoing the body.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("syntax error at byte %d", syntax.Offset)
	case errors.As(err, &typeErr):
		want, known := map[string]string{"string": "a string", "map[string]interface {}": "an object of answers by question id"}[typeErr.Type.String()]
		if !known {
			want = "of another type"
		}
		return fmt.Sprintf("%q must be %s", typeErr.Field, want)
	case errors.Is(err, io.EOF):
		return "the body is empty"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the body ends too soon"
	}
	return err.Error()
}

package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
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

// requestValidator names fields by their JSON names, as callers wrote them.
var requestValidator = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		return name
	})
	return v
}()

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

// readResponseRequest reads a response's body strictly.
func readResponseRequest(body io.Reader) (*responseRequest, error) {
	var req responseRequest
	if err := decodeStrict(body, &req, "a response"); err != nil {
		return nil, err
	}
	return &req, nil
}

// decodeStrict reads a JSON body into v strictly: valid UTF-8 (encoding/json
// would quietly replace bad bytes), one JSON object with known fields only,
// and the shape v's validate tags ask for. what names v in messages.
func decodeStrict(body io.Reader, v any, what string) error {
	raw, err := io.ReadAll(body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
	}
	if err != nil {
		return survey.Errorf(survey.ErrInvalid, "the request body could not be read")
	}
	if !utf8.Valid(raw) {
		return survey.Errorf(survey.ErrInvalid, "the request body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return survey.Errorf(survey.ErrInvalid, "the request body is not valid JSON for %s: %s", what, jsonProblem(err))
	}
	if dec.More() {
		return survey.Errorf(survey.ErrInvalid, "the request body has more than one JSON value")
	}
	if err := requestValidator.Struct(v); err != nil {
		var fieldErrs validator.ValidationErrors
		if errors.As(err, &fieldErrs) {
			names := make([]string, len(fieldErrs))
			for i, fe := range fieldErrs {
				names[i] = fmt.Sprintf("%q is %s", fe.Field(), describeTag(fe))
			}
			return survey.Errorf(survey.ErrInvalid, "the request is not %s: %s", what, strings.Join(names, "; "))
		}
		return err
	}
	return nil
}

func describeTag(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "required"
	case "max":
		return "too long (at most " + fe.Param() + " characters)"
	case "gt":
		return "not a positive number"
	case "oneof":
		return "not one of " + strings.ReplaceAll(fe.Param(), "'", "\"")
	case "datetime":
		return "not a day written as " + fe.Param()
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
		want, known := map[string]string{
			"string": "a string", "map[string]interface {}": "an object of answers by question id",
			"int64": "a whole number", "bool": "true or false", "action.Status": "a string",
		}[typeErr.Type.String()]
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

package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/survey"
)

// requestValidator names fields by their JSON names, as callers wrote them.
var requestValidator = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		return name
	})
	return v
}()

// requestBody is the body limitBody read, or, for a request that did not
// pass through it, the body read now.
func requestBody(r *http.Request) ([]byte, error) {
	if b, ok := r.Body.(*readBody); ok {
		return b.unread(), nil
	}
	return io.ReadAll(r.Body)
}

// decodeJSONRequest is the one reader of every JSON request body. It
// reads the body into v strictly: sent as application/json in UTF-8 (415
// otherwise), valid UTF-8 (encoding/json would quietly replace bad bytes),
// one JSON value with known fields only and no key written twice at any
// depth (encoding/json would keep the last), and the shape v's validate
// tags ask for. what names v in messages.
func decodeJSONRequest(r *http.Request, v any, what string) error {
	mediaType, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if charset, named := params["charset"]; err != nil || mediaType != "application/json" || named && !strings.EqualFold(charset, "utf-8") {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "The request body must be JSON in UTF-8, sent with the header Content-Type: application/json.")
	}
	// The body was read whole, within the limit, before the handler ran.
	raw, err := requestBody(r)
	if err != nil {
		return survey.Errorf(survey.ErrInvalid, "the request body could not be read")
	}
	if !utf8.Valid(raw) {
		return survey.Errorf(survey.ErrInvalid, "the request body is not valid UTF-8")
	}
	if quick, ok := v.(quickDecoder); ok && quick.decodeQuickly(raw) {
		return validateRequest(v, what)
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
	if key := repeatedKey(raw); key != "" {
		return survey.Errorf(survey.ErrInvalid, "the request body has the key %q more than once; write each key once", key)
	}
	return validateRequest(v, what)
}

// quickDecoder is a request body with a reader of its own for the bodies
// it meets most, which must take only what decodeJSONRequest takes, into
// the same values; what it declines is read the strict way.
type quickDecoder interface {
	decodeQuickly(raw []byte) bool
}

// validateRequest holds a decoded body to its validate tags.
func validateRequest(v any, what string) error {
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
		// By kind, so a named type (an action's status) reads as what it is.
		want, known := map[reflect.Kind]string{
			reflect.String: "a string", reflect.Map: "an object of answers by question id",
			reflect.Int64: "a whole number", reflect.Bool: "true or false",
		}[typeErr.Type.Kind()]
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

// repeatedKey is the first key written twice in one object of a valid
// JSON document, named by its path such as answers.team, or "". Keys
// are compared without regard to case, as encoding/json matches them to
// fields. It walks the bytes once: every response passes through it, and
// the decoder's token reader cost a fifth of a submission.
func repeatedKey(raw []byte) string {
	s := &keyScanner{raw: raw}
	return s.value("")
}

// keyScanner reads a document that encoding/json has already found valid.
type keyScanner struct {
	raw []byte
	i   int
}

func (s *keyScanner) space() {
	for s.i < len(s.raw) && (s.raw[s.i] == ' ' || s.raw[s.i] == '\t' || s.raw[s.i] == '\n' || s.raw[s.i] == '\r') {
		s.i++
	}
}

func (s *keyScanner) value(path string) string {
	s.space()
	if s.i >= len(s.raw) {
		return ""
	}
	switch s.raw[s.i] {
	case '{':
		s.i++
		seen := map[string]bool{}
		for {
			s.space()
			switch s.raw[s.i] {
			case '}':
				s.i++
				return ""
			case ',':
				s.i++
				s.space()
			}
			key := s.text()
			name := key
			if path != "" {
				name = path + "." + key
			}
			folded := key
			if strings.ContainsFunc(key, func(r rune) bool { return r >= 'A' && r <= 'Z' || r > unicode.MaxASCII }) {
				folded = strings.ToLower(key)
			}
			if seen[folded] {
				return name
			}
			seen[folded] = true
			s.space()
			s.i++ // the colon
			if repeated := s.value(name); repeated != "" {
				return repeated
			}
		}
	case '[':
		s.i++
		for index := 0; ; index++ {
			s.space()
			switch s.raw[s.i] {
			case ']':
				s.i++
				return ""
			case ',':
				s.i++
			}
			if repeated := s.value(path + "[" + strconv.Itoa(index) + "]"); repeated != "" {
				return repeated
			}
		}
	case '"':
		s.text()
	default: // a number, true, false or null
		for s.i < len(s.raw) && !strings.ContainsRune(",]} \t\n\r", rune(s.raw[s.i])) {
			s.i++
		}
	}
	return ""
}

// text reads a string, decoding escapes the way encoding/json does.
func (s *keyScanner) text() string {
	start, escaped := s.i, false
	for s.i++; s.raw[s.i] != '"'; s.i++ {
		if s.raw[s.i] == '\\' {
			s.i++
			escaped = true
		}
	}
	s.i++
	if !escaped {
		return string(s.raw[start+1 : s.i-1])
	}
	var decoded string
	_ = json.Unmarshal(s.raw[start:s.i], &decoded) // valid: the decoder read it
	return decoded
}

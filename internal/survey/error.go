package survey

import (
	"errors"
	"fmt"
	"strings"
)

// ErrorCode says what kind of failure an Error is, so each layer can answer
// it in its own terms (the web layer maps codes to HTTP statuses in one place).
type ErrorCode string

const (
	ErrInvalid      ErrorCode = "invalid"      // the request is wrong
	ErrNotFound     ErrorCode = "not_found"    // no such thing
	ErrConflict     ErrorCode = "conflict"     // it clashes with what is stored, such as a used code
	ErrGone         ErrorCode = "gone"         // it existed but is over, such as a closed wave or one at its cap
	ErrUnauthorised ErrorCode = "unauthorised" // who is asking is not known
	ErrForbidden    ErrorCode = "forbidden"    // who is asking is known, and may not do this
	ErrUnavailable  ErrorCode = "unavailable"  // the data cannot be read or written now (disk full, read-only, I/O); trying later may work
)

// Error is a failure the domain expects, with a message fit for the person
// who caused it.
type Error struct {
	Code    ErrorCode
	Message string
	// Cause is the underlying failure, for logs; never shown.
	Cause error
	// Fields are a validator's faults, each keyed by the field it is
	// about, in the order a form asks them; Message joins them.
	Fields []FieldError
}

// FieldError is what is wrong with one field, worded for the person who
// filled it in; every edge (form, API, command line) shows these words.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Invalid is the one error a validator returns for its field faults, or
// nil when there are none.
func Invalid(fields []FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	messages := make([]string, len(fields))
	for i, f := range fields {
		messages[i] = f.Message
	}
	return &Error{Code: ErrInvalid, Message: strings.Join(messages, "; "), Fields: fields}
}

// Fields returns the field faults of a validator's error anywhere in
// err's chain, or nil.
func Fields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

func (e *Error) Error() string { return e.Message }

func (e *Error) Unwrap() error { return e.Cause }

// Errorf makes an Error with a formatted message.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Code returns the code of an Error anywhere in err's chain, or "" when err
// is not one (an unexpected, internal failure).
func Code(err error) ErrorCode {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

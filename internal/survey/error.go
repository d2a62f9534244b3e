package survey

import (
	"errors"
	"fmt"
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
	ErrUnavailable  ErrorCode = "unavailable"  // the data cannot be read or written now (disk full, read-only, I/O); trying later may work
)

// Error is a failure the domain expects, with a message fit for the person
// who caused it.
type Error struct {
	Code    ErrorCode
	Message string
	// Cause is the underlying failure, for logs; never shown.
	Cause error
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

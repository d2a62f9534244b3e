package web

import (
	"strconv"
	"strings"

	"github.com/sayso/sayso/internal/survey"
)

// fieldErrors are a validator's field faults as a form's error summary
// shows them, each anchored to its field; nil for any other error.
func fieldErrors(err error) []summaryError {
	var out []summaryError
	for _, f := range survey.Fields(err) {
		out = append(out, summaryError{f.Field, f.Message})
	}
	return out
}

// wholeNumber reads a form's number field: empty is 0, and anything that
// is not a whole number is -1, outside every range, so the domain's
// validator words the fault as it words any other.
func wholeNumber(raw string) int {
	if raw == "" {
		return 0
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		return -1
	}
	return n
}

// upperFirst starts a store message, written to follow other words, as a
// sentence for a form's error summary.
func upperFirst(msg string) string {
	if msg == "" {
		return msg
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
}

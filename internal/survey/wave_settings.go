package survey

import (
	"fmt"
	"github.com/sayso/sayso/internal/ukdate"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The limits of what an admin writes when opening a wave or making its
// codes; the admin pages, the command line and the store all check them
// here.
const (
	MaxWaveName     = 100
	MaxHeadcount    = 1_000_000
	MaxResponsesCap = 1_000_000
	// MaxCodeBatch bounds one batch of invitation codes: a batch is made
	// in one request and one transaction, and a larger list is made in
	// several.
	MaxCodeBatch = 10_000
)

// WaveSettings are what an admin chooses when opening a wave.
type WaveSettings struct {
	Name      string
	Access    Access
	Headcount int
	// MaxResponses caps the responses the wave takes; 0 for no cap.
	MaxResponses int
	ClosesOn     string // a day, or empty
}

// TypedDay reads a day as someone typed it at an edge (31/12/2026,
// 31 December 2026, 2026-12-31...) as the ISO date the settings hold; text
// that is no day comes back as typed, for Validate to refuse.
func TypedDay(text string) string {
	if day, err := ukdate.Parse(text); err == nil {
		return day
	}
	return text
}

// Validate holds the settings to their limits, today given as a day, and
// says what is wrong field by field, keyed by the admin form's names.
func (w WaveSettings) Validate(today string) error {
	var faults []FieldError
	if w.Name == "" || !utf8.ValidString(w.Name) || utf8.RuneCountInString(w.Name) > MaxWaveName {
		faults = append(faults, FieldError{"name", fmt.Sprintf("Enter a name for the wave of at most %d characters, like Health check 2026", MaxWaveName)})
	}
	if f := CheckHeadcount(w.Headcount); f != nil {
		faults = append(faults, *f)
	}
	if w.MaxResponses < 0 || w.MaxResponses > MaxResponsesCap {
		faults = append(faults, FieldError{"max_responses", fmt.Sprintf("The most responses the wave takes must be a whole number from 1 to %s, or 0 or empty for no limit", grouped(MaxResponsesCap))})
	}
	if !slices.Contains(Accesses, w.Access) {
		faults = append(faults, FieldError{"access", "Choose how staff will reach the survey: link, codes or both"})
	}
	if w.ClosesOn != "" {
		if _, err := time.Parse(DateLayout, w.ClosesOn); err != nil {
			faults = append(faults, FieldError{"closes", "Enter the closing date as a real date, like 31/12/2026"})
		} else if w.ClosesOn < today {
			faults = append(faults, FieldError{"closes", fmt.Sprintf("The closing date %s has already passed", w.ClosesOn)})
		}
	}
	return Invalid(faults)
}

// CheckHeadcount holds a wave's headcount, set when it opens or later, to
// its range.
func CheckHeadcount(headcount int) *FieldError {
	if headcount < 0 || headcount > MaxHeadcount {
		return &FieldError{"headcount", fmt.Sprintf("Headcount must be a whole number from 0 to %s", grouped(MaxHeadcount))}
	}
	return nil
}

// CheckCodeBatch holds the size of a batch of invitation codes to its
// range.
func CheckCodeBatch(count int) error {
	if count < 1 || count > MaxCodeBatch {
		return Invalid([]FieldError{{"count", fmt.Sprintf("The number of codes must be a whole number from 1 to %s", grouped(MaxCodeBatch))}})
	}
	return nil
}

// grouped writes a limit with commas between thousands, as the messages
// show it: 1,000,000.
func grouped(n int) string {
	digits := strconv.Itoa(n)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}

// Package ukdate reads the days people type in the United Kingdom and
// writes them back in words. It is the one date parser every edge (admin
// forms, the API, the command line) uses.
package ukdate

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Layout is how a day is stored: the ISO date.
const Layout = "2006-01-02"

// ErrNotADate is text that is not a real day in any accepted form.
var ErrNotADate = errors.New("enter a real date, such as 31/12/2026 or 2026-12-31")

// Parse reads a day as day, month and year (31/12/2026, 31 12 2026,
// 31-12-2026, 31.12.2026, 31 December 2026, 31 Dec 2026) or as an ISO date
// (2026-12-31), and returns it as an ISO date. A two-digit year is refused:
// it is ambiguous.
func Parse(text string) (string, error) {
	text = strings.TrimSpace(text)
	if t, err := time.Parse(Layout, text); err == nil {
		return t.Format(Layout), nil
	}
	fields := strings.FieldsFunc(text, func(r rune) bool { return r == '/' || r == '-' || r == '.' || r == ' ' || r == ',' })
	if len(fields) != 3 || len(fields[2]) != 4 {
		return "", ErrNotADate
	}
	day, errDay := strconv.Atoi(fields[0])
	year, errYear := strconv.Atoi(fields[2])
	month, errMonth := strconv.Atoi(fields[1])
	if errMonth != nil {
		month = monthNamed(fields[1])
	}
	if errDay != nil || errYear != nil || month < 1 || month > 12 || day < 1 || day > 31 {
		return "", ErrNotADate
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return "", ErrNotADate // 31/02 and the like
	}
	return t.Format(Layout), nil
}

// monthNamed is the number of a month written in words (or its first
// three letters), 0 for none.
func monthNamed(name string) int {
	name = strings.ToLower(name)
	if len(name) < 3 {
		return 0
	}
	for m := time.January; m <= time.December; m++ {
		full := strings.ToLower(m.String())
		if name == full || name == full[:3] || (len(name) >= 4 && strings.HasPrefix(full, name)) {
			return int(m)
		}
	}
	return 0
}

// Long writes an ISO date in words, as GOV.UK does: 31 December 2026. Text
// that is not an ISO date is returned as it is.
func Long(iso string) string {
	t, err := time.Parse(Layout, iso)
	if err != nil {
		return iso
	}
	return t.Format("2 January 2006")
}

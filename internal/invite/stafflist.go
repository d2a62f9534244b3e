// Package invite sends a wave's invitation codes by email and reminds those
// whose code is unused: it reads staff lists, writes the emails, sends them
// through SMTP at a steady pace with retries, and runs the reminder
// schedule. Nobody is shown which address has answered, only counts.
package invite

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/sayso/sayso/internal/store"
)

// Problem is one thing wrong with a staff list, at a line of the file (0
// for the file as a whole).
type Problem struct {
	Line    int
	Message string
}

func (p Problem) String() string {
	if p.Line == 0 {
		return p.Message
	}
	return fmt.Sprintf("Line %d: %s", p.Line, p.Message)
}

// ListProblems refuses a staff list: every problem found, in line order.
// Nothing of a refused list is stored or sent.
type ListProblems []Problem

func (ps ListProblems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return "the staff list was not used, and nothing was sent:\n" + strings.Join(lines, "\n")
}

// maxAddressLength is the longest address SMTP carries.
const maxAddressLength = 254

// headerNames are the column names taken to hold the addresses.
var headerNames = map[string]bool{"email": true, "e-mail": true, "email address": true, "e-mail address": true, "address": true, "mail": true}

// ReadStaffList reads a CSV of email addresses: one a line, or a column
// named email (or e-mail, email address) among others, which are ignored
// and never stored. It must be UTF-8. Each address is returned once, in
// lower case, in the order of the file; any problem refuses the whole list.
func ReadStaffList(data []byte) ([]string, error) {
	addresses, _, err := readStaffList(data)
	return addresses, err
}

// readStaffList is ReadStaffList, with the line of each address.
func readStaffList(data []byte) ([]string, map[string]int, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || bytes.IndexByte(data, 0) >= 0:
		return nil, nil, ListProblems{{0, "The file is in UTF-16 (Unicode text), not UTF-8: save it as CSV UTF-8 and upload it again"}}
	case len(bytes.TrimSpace(data)) == 0:
		return nil, nil, ListProblems{{0, "The file is empty: it needs one email address a line"}}
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	var problems ListProblems
	for i, line := range bytes.Split(data, []byte("\n")) {
		if !utf8.Valid(line) {
			problems = append(problems, Problem{i + 1, "this line is not UTF-8 text: save the file as CSV UTF-8 and upload it again"})
		}
	}
	if len(problems) > 0 {
		return nil, nil, problems
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	column := -1
	seen := map[string]int{}
	var addresses []string
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var parseErr *csv.ParseError
		if errors.As(err, &parseErr) {
			problems = append(problems, Problem{parseErr.Line, "this line is not valid CSV: " + parseErr.Err.Error()})
			continue
		}
		if err != nil {
			return nil, nil, ListProblems{{0, "The file could not be read: " + err.Error()}}
		}
		line, _ := r.FieldPos(0)
		// The first row read says which column holds the addresses.
		if column < 0 {
			if column = headerColumn(record); column >= 0 {
				continue
			}
			if column = addressColumn(record); column < 0 {
				problems = append(problems, Problem{line, "no column holds email addresses: give one address a line, or name the column email"})
				return nil, nil, problems
			}
		}
		if column >= len(record) || strings.TrimSpace(record[column]) == "" {
			if strings.TrimSpace(strings.Join(record, "")) != "" {
				problems = append(problems, Problem{line, "there is no email address on this line"})
			}
			continue
		}
		line, _ = r.FieldPos(column)
		address := strings.ToLower(strings.TrimSpace(record[column]))
		if msg := checkAddress(address); msg != "" {
			problems = append(problems, Problem{line, msg})
			continue
		}
		if earlier, ok := seen[address]; ok {
			problems = append(problems, Problem{line, fmt.Sprintf("%s is on line %d already", address, earlier)})
			continue
		}
		seen[address] = line
		addresses = append(addresses, address)
		if len(addresses) > store.MaxInvitations {
			return nil, nil, ListProblems{{0, fmt.Sprintf("The file has more than %d addresses", store.MaxInvitations)}}
		}
	}
	if len(problems) > 0 {
		return nil, nil, problems
	}
	if len(addresses) == 0 {
		return nil, nil, ListProblems{{0, "The file has no email address: it needs one email address a line"}}
	}
	return addresses, seen, nil
}

// headerColumn is the column a header row names for addresses, or -1 when
// the row is not a header.
func headerColumn(record []string) int {
	for i, cell := range record {
		if headerNames[strings.ToLower(strings.TrimSpace(cell))] {
			return i
		}
	}
	return -1
}

// addressColumn is the first column of a row without a header that holds
// something like an address, or -1.
func addressColumn(record []string) int {
	for i, cell := range record {
		if strings.Contains(cell, "@") {
			return i
		}
	}
	return -1
}

// checkAddress says what is wrong with an address, or "" when it is one
// mail can be sent to: a bare address with a domain name, no name around it.
func checkAddress(address string) string {
	quoted := "“" + address + "”"
	if len(address) > maxAddressLength {
		return fmt.Sprintf("%s is longer than an email address can be (%d characters)", quoted, maxAddressLength)
	}
	parsed, err := mail.ParseAddress(address)
	if err != nil || parsed.Address != address || parsed.Name != "" {
		return quoted + " is not an email address, like name@council.gov.uk"
	}
	domain := address[strings.LastIndexByte(address, '@')+1:]
	if !strings.Contains(domain, ".") || strings.HasSuffix(domain, ".") || strings.HasPrefix(domain, "[") {
		return quoted + " has no full domain after the @, like council.gov.uk"
	}
	return ""
}

package main

import (
	"regexp"
	"strings"
	"testing"
)

func TestUsersAndTokens(t *testing.T) {
	db := newDatabase(t)
	withStdin := func(input string, args ...string) (int, string, string) {
		t.Helper()
		previous := stdin
		stdin = strings.NewReader(input)
		defer func() { stdin = previous }()
		return sayso(t, append(args, "--db", db)...)
	}

	if status, out, errOut := withStdin("a long enough password\n", "user", "add", "--email", "PSW@Council.gov.uk", "--role", "admin"); status != 0 || out != "Added psw@council.gov.uk (admin).\n" {
		t.Fatalf("user add: %d %q %q", status, out, errOut)
	}
	for _, c := range []struct {
		name, input string
		args        []string
		want        string
	}{
		{"the same email again", "another long password\n", []string{"--email", "psw@council.gov.uk", "--role", "viewer"}, "already an account for psw@council.gov.uk"},
		{"not an email", "a long enough password\n", []string{"--email", "psw", "--role", "viewer"}, `"psw" is not an email address`},
		{"unknown role", "a long enough password\n", []string{"--email", "b@council.gov.uk", "--role", "owner"}, `role must be admin or viewer, not "owner"`},
		{"short password", "short\n", []string{"--email", "b@council.gov.uk", "--role", "viewer"}, "at least 12 characters"},
		{"no password", "", []string{"--email", "b@council.gov.uk", "--role", "viewer"}, "no password given"},
	} {
		status, _, errOut := withStdin(c.input, append([]string{"user", "add"}, c.args...)...)
		if status != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: %d %q, want %q", c.name, status, errOut, c.want)
		}
	}
	withStdin("viewer password 1\n", "user", "add", "--email", "board@council.gov.uk", "--role", "viewer")
	status, out, _ := withStdin("", "user", "list")
	if status != 0 || !regexp.MustCompile(`(?s)EMAIL\s+ROLE\s+CREATED\nboard@council.gov.uk\s+viewer\s+\S+\npsw@council.gov.uk\s+admin`).MatchString(out) {
		t.Errorf("user list: %d\n%s", status, out)
	}
	if strings.Contains(out, "password") || strings.Contains(out, "$2a$") {
		t.Errorf("user list shows a password or hash:\n%s", out)
	}

	status, out, _ = withStdin("", "token", "create", "--email", "psw@council.gov.uk")
	if status != 0 || !regexp.MustCompile(`^sayso_[A-Za-z0-9_-]{43}\n$`).MatchString(out) {
		t.Errorf("token create: %d %q", status, out)
	}
	if status, _, errOut := withStdin("", "token", "create", "--email", "nobody@council.gov.uk"); status != 1 || !strings.Contains(errOut, "no account for nobody@council.gov.uk") {
		t.Errorf("token for a missing account: %d %q", status, errOut)
	}
	for _, args := range [][]string{{"user", "add", "--help"}, {"user", "list", "--help"}, {"token", "create", "--help"}, {"wave", "open", "--help"}, {"user", "--help"}} {
		if status, out, _ := sayso(t, args...); status != 0 || !strings.Contains(out, "Usage: sayso "+args[0]) {
			t.Errorf("sayso %v: %d %q", args, status, out)
		}
	}
	if status, _, errOut := sayso(t, "user", "remove"); status != 2 || !strings.Contains(errOut, `unknown subcommand "remove"`) {
		t.Errorf("unknown subcommand: %d %q", status, errOut)
	}
}

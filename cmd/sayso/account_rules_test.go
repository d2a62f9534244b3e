package main

import (
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/survey"
)

// TestTheCommandLineWordsEachAccountRuleAsTheDomainDoes: the bad email,
// role and password the accounts forms are tested with are refused by
// `sayso user` with the account validator's own messages, and nothing is
// stored.
func TestTheCommandLineWordsEachAccountRuleAsTheDomainDoes(t *testing.T) {
	db := newDatabase(t)
	bad := account.NewAccount{Email: "psw", Role: "owner", Password: "short"}
	_, _, _, err := bad.Validate()
	faults := survey.Fields(err)
	if len(faults) != 3 {
		t.Fatalf("the domain finds %d faults, want 3: %v", len(faults), err)
	}
	withStdin := func(input string, args ...string) (int, string) {
		t.Helper()
		previous := stdin
		stdin = strings.NewReader(input)
		defer func() { stdin = previous }()
		status, _, errOut := sayso(t, append(args, "--db", db)...)
		return status, errOut
	}
	status, errOut := withStdin(bad.Password+"\n", "user", "add", "--email", bad.Email, "--role", bad.Role)
	for _, f := range faults {
		if status != 1 || !strings.Contains(errOut, f.Message) {
			t.Errorf("user add, the %s: %d %q, want %q", f.Field, status, errOut, f.Message)
		}
	}
	if status, errOut := withStdin(bad.Password+"\n", "user", "password", "--email", "admin@example.org"); status != 1 || !strings.Contains(errOut, faults[2].Message) {
		t.Errorf("user password: %d %q, want %q", status, errOut, faults[2].Message)
	}
	if status, errOut := withStdin("", "user", "role", "--email", "admin@example.org", "--role", bad.Role); status != 1 || !strings.Contains(errOut, faults[1].Message) {
		t.Errorf("user role: %d %q, want %q", status, errOut, faults[1].Message)
	}
	if status, out := withStdin("", "user", "list"); status != 0 || strings.Contains(out, "psw") {
		t.Errorf("after the refusals, user list: %d %q", status, out)
	}
}

package main

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/store"
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
		{"common password", "password1234\n", []string{"--email", "b@council.gov.uk", "--role", "viewer"}, "one of the most common passwords"},
		{"twelve spaces", strings.Repeat(" ", 12) + "\n", []string{"--email", "b@council.gov.uk", "--role", "viewer"}, "only spaces or invisible characters"},
		{"no password", "", []string{"--email", "b@council.gov.uk", "--role", "viewer"}, "no password given"},
	} {
		status, _, errOut := withStdin(c.input, append([]string{"user", "add"}, c.args...)...)
		if status != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: %d %q, want %q", c.name, status, errOut, c.want)
		}
	}
	withStdin("viewer password 1\n", "user", "add", "--email", "board@council.gov.uk", "--role", "viewer")
	status, out, _ := withStdin("", "user", "list")
	if status != 0 || !regexp.MustCompile(`(?s)EMAIL\s+ROLE\s+STATE\s+CREATED\nboard@council.gov.uk\s+viewer\s+active\s+\S+\npsw@council.gov.uk\s+admin\s+active`).MatchString(out) {
		t.Errorf("user list: %d\n%s", status, out)
	}
	if strings.Contains(out, "password") || strings.Contains(out, "$2a$") {
		t.Errorf("user list shows a password or hash:\n%s", out)
	}

	status, out, errOut := withStdin("", "token", "create", "--email", "psw@council.gov.uk")
	if status != 0 || !regexp.MustCompile(`^sayso_[A-Za-z0-9_-]{43}\n$`).MatchString(out) || !strings.Contains(errOut, "Token 1 of psw@council.gov.uk, expires") {
		t.Errorf("token create: %d %q %q", status, out, errOut)
	}
	if status, _, errOut := withStdin("", "token", "create", "--email", "nobody@council.gov.uk"); status != 1 || !strings.Contains(errOut, "no account for nobody@council.gov.uk") {
		t.Errorf("token for a missing account: %d %q", status, errOut)
	}
	for _, args := range [][]string{{"user", "add", "--help"}, {"user", "list", "--help"}, {"token", "create", "--help"}, {"wave", "open", "--help"}, {"user", "--help"},
		{"user", "password", "--help"}, {"user", "role", "--help"}, {"user", "disable", "--help"}, {"user", "enable", "--help"}, {"user", "delete", "--help"},
		{"token", "--help"}, {"token", "list", "--help"}, {"token", "revoke", "--help"}} {
		if status, out, _ := sayso(t, args...); status != 0 || !strings.Contains(out, "Usage: sayso "+args[0]) {
			t.Errorf("sayso %v: %d %q", args, status, out)
		}
	}
	if status, _, errOut := sayso(t, "user", "remove"); status != 2 || !strings.Contains(errOut, `unknown subcommand "remove"`) {
		t.Errorf("unknown subcommand: %d %q", status, errOut)
	}
}

// TestAccessIsTakenAwayFromTheCommandLine walks an account's access through
// every command that changes it, checking the database after each, and the
// audit log at the end.
func TestAccessIsTakenAwayFromTheCommandLine(t *testing.T) {
	ctx := context.Background()
	path := newDatabase(t)
	cli := func(input string, args ...string) (int, string, string) {
		t.Helper()
		previous := stdin
		stdin = strings.NewReader(input)
		defer func() { stdin = previous }()
		return sayso(t, append(args, "--db", path)...)
	}
	must := func(input string, args ...string) string {
		t.Helper()
		status, out, errOut := cli(input, args...)
		if status != 0 {
			t.Fatalf("sayso %v: %d %q", args, status, errOut)
		}
		return out
	}
	// check opens the database between commands, as a second process would.
	check := func(see func(*store.DB)) {
		t.Helper()
		db, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		see(db)
	}
	tokenWorks := func(token string) (works bool) {
		t.Helper()
		check(func(db *store.DB) {
			_, err := db.AccountForToken(ctx, token)
			works = err == nil
		})
		return works
	}

	must("the first admin's password\n", "user", "add", "--email", "admin@example.org", "--role", "admin")
	must("the viewer's first password\n", "user", "add", "--email", "viv@example.org", "--role", "viewer")
	vivToken := strings.TrimSpace(must("", "token", "create", "--email", "viv@example.org", "--expires", "30d"))
	adminToken := strings.TrimSpace(must("", "token", "create", "--email", "admin@example.org"))
	list := must("", "token", "list")
	if !regexp.MustCompile(`(?s)ID\s+EMAIL\s+CREATED\s+LAST USED\s+EXPIRES\n2\s+admin@example.org\s+\S+\s+never\s+\S+\n1\s+viv@example.org\s+\S+\s+never\s+\S+\n$`).MatchString(list) ||
		strings.Contains(list, vivToken) || strings.Contains(list, "sayso_") {
		t.Errorf("token list:\n%s", list)
	}
	check(func(db *store.DB) {
		tokens, _ := db.Tokens(ctx)
		if len(tokens) != 2 {
			t.Fatalf("tokens %+v", tokens)
		}
		created, _ := time.Parse(time.RFC3339, tokens[1].CreatedAt)
		expires, _ := time.Parse(time.RFC3339, tokens[1].ExpiresAt)
		if expires.Sub(created) != 30*24*time.Hour {
			t.Errorf("--expires 30d made %+v", tokens[1])
		}
		created, _ = time.Parse(time.RFC3339, tokens[0].CreatedAt)
		expires, _ = time.Parse(time.RFC3339, tokens[0].ExpiresAt)
		if expires.Sub(created) != 90*24*time.Hour {
			t.Errorf("the default lifetime made %+v", tokens[0])
		}
	})

	for _, c := range []struct {
		name, input string
		args        []string
		status      int
		want        string
	}{
		{"a lifetime in weeks", "", []string{"token", "create", "--email", "viv@example.org", "--expires", "3w"}, 1, `a token lasts 1d to 365d (days), not "3w"`},
		{"a lifetime too long", "", []string{"token", "create", "--email", "viv@example.org", "--expires", "400d"}, 1, "1d to 365d"},
		{"revoke without an id", "", []string{"token", "revoke"}, 2, "give the id of one token"},
		{"revoke a word", "", []string{"token", "revoke", "all"}, 2, "give the id of one token"},
		{"revoke a missing token", "", []string{"token", "revoke", "99"}, 1, "There is no API token 99"},
		{"an unknown role", "", []string{"user", "role", "--email", "viv@example.org", "--role", "owner"}, 1, `role must be admin or viewer, not "owner"`},
		{"a missing account", "", []string{"user", "disable", "--email", "nobody@example.org"}, 1, "There is no account for nobody@example.org"},
		{"no email", "", []string{"user", "delete"}, 1, `"" is not an email address`},
		{"an email given bare", "", []string{"user", "delete", "viv@example.org"}, 1, "name the account with --email"},
		{"a common new password", "qwerty123456\n", []string{"user", "password", "--email", "viv@example.org"}, 1, "one of the most common passwords"},
		{"a blank new password", "\t\t\t\t\t\t            \n", []string{"user", "password", "--email", "viv@example.org"}, 1, "only spaces or invisible characters"},
		{"the last admin disabled", "", []string{"user", "disable", "--email", "admin@example.org"}, 1, "admin@example.org is the last active admin and cannot be disabled"},
		{"the last admin deleted", "", []string{"user", "delete", "--email", "admin@example.org"}, 1, "cannot be deleted: make another account an admin first"},
		{"the last admin made a viewer", "", []string{"user", "role", "--email", "admin@example.org", "--role", "viewer"}, 1, "cannot be made a viewer"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if status, _, errOut := cli(c.input, c.args...); status != c.status || !strings.Contains(errOut, c.want) {
				t.Errorf("%d %q, want %d and %q", status, errOut, c.status, c.want)
			}
		})
	}
	if !tokenWorks(vivToken) || !tokenWorks(adminToken) {
		t.Fatal("a refused command took access away")
	}

	if out := must("a brand new password\n", "user", "password", "--email", "viv@example.org"); !strings.Contains(out, "sessions and API tokens are revoked") {
		t.Errorf("user password: %q", out)
	}
	if tokenWorks(vivToken) {
		t.Error("a token outlived its account's password reset")
	}
	vivToken = strings.TrimSpace(must("", "token", "create", "--email", "viv@example.org"))
	must("", "user", "disable", "--email", "viv@example.org")
	if tokenWorks(vivToken) {
		t.Error("a disabled account's token works")
	}
	if status, _, errOut := cli("", "token", "create", "--email", "viv@example.org"); status != 1 || !strings.Contains(errOut, "is disabled: enable it first") {
		t.Errorf("a token for a disabled account: %d %q", status, errOut)
	}
	if list := must("", "user", "list"); !regexp.MustCompile(`viv@example.org\s+viewer\s+disabled`).MatchString(list) {
		t.Errorf("user list after disabling:\n%s", list)
	}
	must("", "user", "enable", "--email", "viv@example.org")
	must("", "user", "role", "--email", "viv@example.org", "--role", "admin")
	if list := must("", "user", "list"); !regexp.MustCompile(`viv@example.org\s+admin\s+active`).MatchString(list) {
		t.Errorf("user list after enabling and promoting:\n%s", list)
	}
	// With a second admin, the first may go.
	must("", "user", "role", "--email", "admin@example.org", "--role", "viewer")
	if out := must("", "token", "revoke", "2"); out != "Revoked token 2 of admin@example.org.\n" {
		t.Errorf("token revoke: %q", out)
	}
	if tokenWorks(adminToken) {
		t.Error("a revoked token works")
	}
	must("", "user", "delete", "--email", "admin@example.org")
	if list := must("", "user", "list"); strings.Contains(list, "admin@example.org") {
		t.Errorf("a deleted account is listed:\n%s", list)
	}

	check(func(db *store.DB) {
		entries, err := db.AuditLog(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			if e.Actor != "command line" {
				t.Errorf("audit entry by %q: %+v", e.Actor, e)
			}
			got = append(got, e.Action+": "+e.Detail)
		}
		slices.Reverse(got)
		want := []string{
			"add account: admin@example.org as admin",
			"add account: viv@example.org as viewer",
			"create token: token 1 of viv@example.org, expires",
			"create token: token 2 of admin@example.org, expires",
			"reset password: viv@example.org",
			"create token: token 3 of viv@example.org, expires",
			"disable account: viv@example.org",
			"enable account: viv@example.org",
			"change role: viv@example.org to admin",
			"change role: admin@example.org to viewer",
			"revoke token: token 2 of admin@example.org",
			"delete account: admin@example.org",
		}
		if len(got) != len(want) {
			t.Fatalf("audit log:\n%s", strings.Join(got, "\n"))
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) {
				t.Errorf("audit entry %d: %q, want %q", i, got[i], want[i])
			}
		}
	})
}

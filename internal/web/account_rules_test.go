package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/sayso/sayso/internal/account"
)

// TestEachAccountRuleIsWordedOnceForEveryEdge sends the accounts forms the
// same bad email, role and password: each is refused with the account
// validator's own message, keyed to its field, and the store refuses the
// same email and role with the same words. Nothing is stored or audited.
// The command line's side is in cmd/sayso.
func TestEachAccountRuleIsWordedOnceForEveryEdge(t *testing.T) {
	f := newResultsFixture(t)
	ctx := context.Background()
	_, admin := f.signIn()
	bad := account.NewAccount{Email: "psw", Role: "owner", Password: "short"}
	_, _, _, err := bad.Validate()
	email, role, password := domainMessage(t, err, account.FieldEmail), domainMessage(t, err, account.FieldRole), domainMessage(t, err, account.FieldPassword)
	before, _ := f.db.Accounts(ctx)

	status, page := f.adminForm(admin, "/admin/accounts", url.Values{"email": {bad.Email}, "role": {bad.Role}, "password": {bad.Password}})
	if want := []string{email, role, password}; status != http.StatusBadRequest || !slices.Equal(errorSummary(t, page), want) {
		t.Errorf("adding an account: %d %q, want %q", status, errorSummary(t, page), want)
	}
	doc := parsePage(t, page)
	for _, id := range []string{"email-error", "role-error", "password-error"} {
		if byID(doc, id) == nil {
			t.Errorf("no message beside the field: #%s", id)
		}
	}
	status, page = f.adminForm(admin, "/admin/accounts/password", url.Values{"email": {"viewer@example.org"}, "password": {bad.Password}})
	if status != http.StatusBadRequest || !slices.Equal(errorSummary(t, page), []string{password}) || byID(parsePage(t, page), "reset-password-error") == nil {
		t.Errorf("resetting a password: %d %q, want %q beside the field", status, errorSummary(t, page), password)
	}
	status, page = f.adminForm(admin, "/admin/accounts/role", url.Values{"email": {"viewer@example.org"}, "role": {bad.Role}})
	if status != http.StatusBadRequest || !slices.Equal(errorSummary(t, page), []string{role}) {
		t.Errorf("changing a role: %d %q, want %q", status, errorSummary(t, page), role)
	}

	_, err = f.db.CreateAccount(ctx, bad.Email, account.Role(bad.Role), account.PasswordHash{})
	if domainMessage(t, err, account.FieldEmail) != email || domainMessage(t, err, account.FieldRole) != role || domainMessage(t, err, account.FieldPassword) == "" {
		t.Errorf("the store refuses the account with %v", err)
	}
	if err := f.db.SetRole(ctx, "viewer@example.org", account.Role(bad.Role)); domainMessage(t, err, account.FieldRole) != role {
		t.Errorf("the store refuses the role with %v", err)
	}
	if after, _ := f.db.Accounts(ctx); len(after) != len(before) || after[len(after)-1].Role != account.Viewer {
		t.Errorf("accounts changed by bad values: %d, were %d", len(after), len(before))
	}
	if got := f.auditActions(); len(got) != 0 {
		t.Errorf("refusals were audited: %q", got)
	}
}

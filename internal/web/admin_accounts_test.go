package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/account"
	"golang.org/x/net/html/atom"
)

// tokenWorks says whether an API token still reads the results API: 200,
// or the same 401 as a token that never existed.
func (f *resultsFixture) tokenWorks(token string) bool {
	f.t.Helper()
	status, body := f.get("/api/v1/actions", "Bearer "+token)
	_, never := f.get("/api/v1/actions", "Bearer "+account.NewToken())
	switch {
	case status == http.StatusOK:
		return true
	case status == http.StatusUnauthorized && body == never:
		return false
	}
	f.t.Fatalf("a token got %d %s, not 200 nor the 401 of a bad token (%s)", status, body, never)
	return false
}

// adminForm posts a form of the accounts page as the admin browser.
func (f *resultsFixture) adminForm(admin *http.Client, path string, form url.Values) (int, string) {
	f.t.Helper()
	form.Set("_csrf", f.csrfFor(admin))
	return f.send(admin, "POST", path, form)
}

// auditActions lists the audit log's entries, oldest first, as
// "actor: action: detail".
func (f *resultsFixture) auditActions() []string {
	f.t.Helper()
	entries, err := f.db.AuditLog(context.Background(), 100)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for i := len(entries) - 1; i >= 0; i-- {
		out = append(out, entries[i].Actor+": "+entries[i].Action+": "+entries[i].Detail)
	}
	return out
}

func (f *resultsFixture) tokenID(email string) string {
	f.t.Helper()
	tokens, err := f.db.Tokens(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	for _, t := range tokens {
		if t.Email == email {
			return strconv.FormatInt(t.ID, 10)
		}
	}
	f.t.Fatalf("no token of %s", email)
	return ""
}

func TestRevokedExpiredAndResetTokensGet401(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		// takeAway ends the viewer's token somehow; it is given the
		// token's id and a signed-in admin.
		takeAway func(f *resultsFixture, admin *http.Client)
		audit    string
	}{
		{"revoked on the accounts page", func(f *resultsFixture, admin *http.Client) {
			if status, to := f.adminForm(admin, "/admin/tokens/revoke", url.Values{"token": {f.tokenID("viewer@example.org")}}); status != http.StatusSeeOther || to != "/admin/accounts?done=revoked" {
				t.Fatalf("revoking: %d %s", status, to)
			}
		}, "admin@example.org: revoke token: token 1 of viewer@example.org"},
		{"expired", func(f *resultsFixture, admin *http.Client) {
			// A token made already past its expiry stands for one whose
			// days have run out: the server's clock is the real one.
			if _, err := f.db.RevokeToken(ctx, 1); err != nil {
				t.Fatal(err)
			}
			var err error
			if f.viewer, _, err = f.db.CreateToken(ctx, "viewer@example.org", -time.Second); err != nil {
				t.Fatal(err)
			}
		}, ""},
		{"password reset by an admin", func(f *resultsFixture, admin *http.Client) {
			if status, to := f.adminForm(admin, "/admin/accounts/password", url.Values{"email": {"viewer@example.org"}, "password": {"a reset password 22"}}); status != http.StatusSeeOther || to != "/admin/accounts?done=reset" {
				t.Fatalf("resetting: %d %s", status, to)
			}
		}, "admin@example.org: reset password: viewer@example.org"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newResultsFixture(t)
			_, admin := f.signIn()
			if !f.tokenWorks(f.viewer) {
				t.Fatal("the viewer's token does not work to begin with")
			}
			c.takeAway(f, admin)
			if f.tokenWorks(f.viewer) {
				t.Error("the token still works")
			}
			if !f.tokenWorks(f.admin) {
				t.Error("the admin's token stopped working too")
			}
			if got := f.auditActions(); c.audit != "" && (len(got) != 1 || got[0] != c.audit) {
				t.Errorf("audit log %q, want %q", got, c.audit)
			}
		})
	}
}

func TestAccountsPageListsTokensWithoutTheirSecrets(t *testing.T) {
	f := newResultsFixture(t)
	_, admin := f.signIn()
	f.tokenWorks(f.viewer)
	status, page := f.send(admin, "GET", "/admin/accounts", nil)
	if status != http.StatusOK {
		t.Fatalf("accounts page: %d", status)
	}
	// A token's row is headed by its number: its account, then when it
	// was made and when it was last used.
	var rows [][]string
	for th := range parsePage(t, page).Descendants() {
		if th.DataAtom != atom.Th || attrOf(th, "scope") != "row" {
			continue
		}
		if _, err := strconv.Atoi(textOf(th)); err != nil {
			continue
		}
		cells := rowHeaded(t, page, textOf(th)).cells
		if len(cells) < 3 {
			t.Fatalf("token %s has %d cells", textOf(th), len(cells))
		}
		rows = append(rows, []string{textOf(th), textOf(cells[0]), textOf(cells[2])})
	}
	if len(rows) != 2 || rows[0][1] != "admin@example.org" || rows[0][2] != "never" || rows[1][1] != "viewer@example.org" || rows[1][2] == "never" {
		t.Errorf("token rows %q", rows)
	}
	for _, secret := range []string{f.viewer, f.admin, strings.TrimPrefix(f.viewer, "sayso_")} {
		if strings.Contains(page, secret) {
			t.Error("the accounts page shows a token")
		}
	}
	for _, bad := range []string{"", "abc", "0", "-1"} {
		if status, page := f.adminForm(admin, "/admin/tokens/revoke", url.Values{"token": {bad}}); status != http.StatusBadRequest || !strings.Contains(page, "Choose an API token to revoke") {
			t.Errorf("revoking token %q: %d", bad, status)
		}
	}
	if status, page := f.adminForm(admin, "/admin/tokens/revoke", url.Values{"token": {"99"}}); status != http.StatusNotFound || !strings.Contains(page, "There is no API token 99") {
		t.Errorf("revoking a missing token: %d %.300s", status, page)
	}
	if !f.tokenWorks(f.viewer) || !f.tokenWorks(f.admin) || len(f.auditActions()) != 0 {
		t.Error("a refused revocation changed something")
	}
}

func TestDisabledAccountLosesEveryAccess(t *testing.T) {
	f := newResultsFixture(t)
	viewer, admin := f.signIn()
	if status, _ := f.send(viewer, "GET", "/dashboard", nil); status != http.StatusOK {
		t.Fatalf("the viewer's session does not open the dashboard: %d", status)
	}
	if status, to := f.adminForm(admin, "/admin/accounts/disable", url.Values{"email": {"viewer@example.org"}}); status != http.StatusSeeOther || to != "/admin/accounts?done=disabled" {
		t.Fatalf("disabling: %d %s", status, to)
	}
	if _, page := f.send(admin, "GET", "/admin/accounts?done=disabled", nil); !strings.Contains(page, "The account is disabled") ||
		!regexp.MustCompile(`viewer@example.org</th><td class="govuk-table__cell">viewer</td>\s*<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--grey">disabled`).MatchString(page) {
		t.Errorf("the accounts page after disabling: %.3000s", page)
	}
	if status, to := f.send(viewer, "GET", "/dashboard", nil); status != http.StatusSeeOther || !strings.HasPrefix(to, "/login") {
		t.Errorf("the disabled account's existing session: %d %s", status, to)
	}
	if f.tokenWorks(f.viewer) {
		t.Error("the disabled account's token works")
	}
	signIn := func(password string) (int, string) {
		b := f.newBrowser()
		_, page := f.send(b, "GET", "/login", nil)
		return f.send(b, "POST", "/login", url.Values{"_csrf": {csrfOf(t, page)}, "email": {"viewer@example.org"}, "password": {password}})
	}
	if status, page := signIn(staffPassword); status != http.StatusUnauthorized || !strings.Contains(page, "This account is disabled") {
		t.Errorf("signing in to a disabled account: %d %.300s", status, page)
	}
	// Without the password, a disabled account looks like any wrong one.
	if status, page := signIn("not the password"); status != http.StatusUnauthorized || strings.Contains(page, "disabled") || !strings.Contains(page, "The email address or password is not right") {
		t.Errorf("a wrong password for a disabled account: %d %.300s", status, page)
	}

	if status, to := f.adminForm(admin, "/admin/accounts/enable", url.Values{"email": {"viewer@example.org"}}); status != http.StatusSeeOther || to != "/admin/accounts?done=enabled" {
		t.Fatalf("enabling: %d %s", status, to)
	}
	if status, to := signIn(staffPassword); status != http.StatusSeeOther || to != "/dashboard" {
		t.Errorf("signing in once enabled: %d %s", status, to)
	}
	if f.tokenWorks(f.viewer) {
		t.Error("enabling brought the revoked token back")
	}
	want := []string{"admin@example.org: disable account: viewer@example.org", "admin@example.org: enable account: viewer@example.org"}
	if got := f.auditActions(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log %q, want %q", got, want)
	}
}

func TestDeletedAccountIsGone(t *testing.T) {
	f := newResultsFixture(t)
	viewer, admin := f.signIn()
	if status, page := f.adminForm(admin, "/admin/accounts/delete", url.Values{"email": {"viewer@example.org"}}); status != http.StatusBadRequest || !strings.Contains(page, "Tick the box to confirm") {
		t.Errorf("deleting unconfirmed: %d", status)
	}
	if !f.tokenWorks(f.viewer) {
		t.Fatal("an unconfirmed deletion took the token")
	}
	if status, to := f.adminForm(admin, "/admin/accounts/delete", url.Values{"email": {"viewer@example.org"}, "confirm": {"yes"}}); status != http.StatusSeeOther || to != "/admin/accounts?done=deleted" {
		t.Fatalf("deleting: %d %s", status, to)
	}
	if status, _ := f.send(viewer, "GET", "/dashboard", nil); status != http.StatusSeeOther {
		t.Errorf("the deleted account's session: %d", status)
	}
	if f.tokenWorks(f.viewer) {
		t.Error("the deleted account's token works")
	}
	if status, page := f.adminForm(admin, "/admin/accounts/delete", url.Values{"email": {"viewer@example.org"}, "confirm": {"yes"}}); status != http.StatusNotFound || !strings.Contains(page, "There is no account for viewer@example.org") {
		t.Errorf("deleting twice: %d", status)
	}
	if _, page := f.send(admin, "GET", "/admin/accounts", nil); strings.Contains(page, "viewer@example.org") {
		t.Error("the deleted account is still listed")
	}
}

func TestRoleChangeAppliesAtOnce(t *testing.T) {
	f := newResultsFixture(t)
	viewer, admin := f.signIn()
	newAction := `{"wave_id": ` + strconv.FormatInt(f.thisYear.ID, 10) + `, "theme": "workload", "title": "T", "staff_said": "S", "we_did": "W", "owner": "O", "status": "planned"}`
	if status, _ := f.send(viewer, "GET", "/admin/waves", nil); status != http.StatusForbidden {
		t.Fatalf("a viewer on the waves page: %d", status)
	}
	if status, _ := f.api("POST", "/api/v1/actions", f.viewer, newAction); status != http.StatusForbidden {
		t.Fatalf("a viewer's token adding an action: %d", status)
	}
	if status, to := f.adminForm(admin, "/admin/accounts/role", url.Values{"email": {"viewer@example.org"}, "role": {"admin"}}); status != http.StatusSeeOther || to != "/admin/accounts?done=role" {
		t.Fatalf("promoting: %d %s", status, to)
	}
	// The session under the old role is over; a new one has the new role.
	if status, _ := f.send(viewer, "GET", "/admin/waves", nil); status != http.StatusSeeOther {
		t.Errorf("the session from before the role change: %d", status)
	}
	promoted := f.login("viewer@example.org")
	if status, _ := f.send(promoted, "GET", "/admin/waves", nil); status != http.StatusOK {
		t.Errorf("signed in again as an admin, the waves page: %d", status)
	}
	if status, body := f.api("POST", "/api/v1/actions", f.viewer, newAction); status != http.StatusCreated {
		t.Errorf("the promoted account's token adding an action: %d %s", status, body)
	}

	// Now two admins: the first may be made a viewer, and is at once.
	if status, _ := f.adminForm(admin, "/admin/accounts/role", url.Values{"email": {"admin@example.org"}, "role": {"viewer"}}); status != http.StatusSeeOther {
		t.Fatalf("demoting: %d", status)
	}
	if status, _ := f.send(admin, "GET", "/admin/accounts", nil); status != http.StatusSeeOther {
		t.Errorf("the demoted admin's old session: %d", status)
	}
	if status, _ := f.api("POST", "/api/v1/actions", f.admin, newAction); status != http.StatusForbidden {
		t.Errorf("the demoted admin's token adding an action: %d", status)
	}
	if status, _ := f.adminForm(promoted, "/admin/accounts/role", url.Values{"email": {"admin@example.org"}, "role": {"owner"}}); status != http.StatusBadRequest {
		t.Errorf("an unknown role: %d", status)
	}
}

func TestTheLastActiveAdminIsKept(t *testing.T) {
	f := newResultsFixture(t)
	_, admin := f.signIn()
	for _, c := range []struct {
		path string
		form url.Values
		what string
	}{
		{"/admin/accounts/disable", url.Values{"email": {"admin@example.org"}}, "disabled"},
		{"/admin/accounts/delete", url.Values{"email": {"admin@example.org"}, "confirm": {"yes"}}, "deleted"},
		{"/admin/accounts/role", url.Values{"email": {"admin@example.org"}, "role": {"viewer"}}, "made a viewer"},
	} {
		t.Run(c.what, func(t *testing.T) {
			status, page := f.adminForm(admin, c.path, c.form)
			want := "admin@example.org is the last active admin and cannot be " + c.what + ": make another account an admin first"
			if status != http.StatusConflict || !strings.Contains(html.UnescapeString(page), want) || !strings.Contains(page, "govuk-error-summary") {
				t.Errorf("%d, want 409 with %q: %.400s", status, want, page)
			}
		})
	}
	if status, _ := f.send(admin, "GET", "/admin/accounts", nil); status != http.StatusOK {
		t.Errorf("the last admin was signed out: %d", status)
	}
	if !f.tokenWorks(f.admin) || len(f.auditActions()) != 0 {
		t.Error("a refused change took access away or was audited")
	}
	accounts, _ := f.db.Accounts(context.Background())
	if len(accounts) != 2 || accounts[0].Role != account.Admin || accounts[0].Disabled {
		t.Errorf("accounts %+v", accounts)
	}
	if status, page := f.adminForm(admin, "/admin/accounts/disable", url.Values{"email": {"nobody@example.org"}}); status != http.StatusNotFound || !strings.Contains(page, "There is no account for nobody@example.org") {
		t.Errorf("disabling a missing account: %d", status)
	}
	if status, page := f.adminForm(admin, "/admin/accounts/enable", url.Values{"email": {"not an email"}}); status != http.StatusBadRequest || !strings.Contains(page, "Choose an account") {
		t.Errorf("enabling no account: %d", status)
	}
}

func TestCommonAndBlankPasswordsAreRefusedOnForms(t *testing.T) {
	f := newResultsFixture(t)
	_, admin := f.signIn()
	cases := []struct {
		name, password, message string
	}{
		{"common", "password1234", "The password is one of the most common passwords, which are tried first: choose another"},
		{"common in capitals", "QWERTY123456", "one of the most common passwords"},
		{"twelve spaces", strings.Repeat(" ", 12), "The password must not be only spaces or invisible characters"},
		{"tabs and newlines", "\t\t\t\t\n\n\n\n\r\r\r\r", "only spaces or invisible characters"},
		{"short", "short", "The password must be at least 12 characters"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, page := f.adminForm(admin, "/admin/accounts", url.Values{"email": {"new@example.org"}, "role": {"viewer"}, "password": {c.password}})
			if status != http.StatusBadRequest || !strings.Contains(page, `<p class="govuk-error-message" id="password-error"><span class="govuk-visually-hidden">Error:</span> `) ||
				!strings.Contains(page, c.message) || !strings.Contains(page, `value="new@example.org"`) {
				t.Errorf("adding an account: %d %.300s", status, page)
			}
			status, page = f.adminForm(admin, "/admin/accounts/password", url.Values{"email": {"viewer@example.org"}, "password": {c.password}})
			if status != http.StatusBadRequest || !strings.Contains(page, `id="reset-password-error"`) || !strings.Contains(page, c.message) {
				t.Errorf("resetting a password: %d %.300s", status, page)
			}
		})
	}
	accounts, _ := f.db.Accounts(context.Background())
	if len(accounts) != 2 || !f.tokenWorks(f.viewer) || len(f.auditActions()) != 0 {
		t.Errorf("a refused password changed something: %d accounts", len(accounts))
	}
	f.login("viewer@example.org") // the old password still signs in
}

func TestViewerChangesOwnPassword(t *testing.T) {
	f := newResultsFixture(t)
	// Changing a password counts against the sign-in limit, and this test
	// signs in and checks passwords more often than it allows.
	f.server = httptestServer(t, New(Config{Logger: discardLogger(), LoginRate: 100}, f.db))
	here := f.login("viewer@example.org")
	elsewhere := f.login("viewer@example.org")
	status, page := f.send(here, "GET", "/account/password", nil)
	if status != http.StatusOK || !strings.Contains(page, "Change your password") {
		t.Fatalf("the password page: %d", status)
	}
	if status, to := f.send(f.newBrowser(), "GET", "/account/password", nil); status != http.StatusSeeOther || !strings.HasPrefix(to, "/login") {
		t.Errorf("the password page without signing in: %d %s", status, to)
	}
	change := func(current, password, again string) (int, string) {
		return f.send(here, "POST", "/account/password", url.Values{"_csrf": {f.csrfFor(here)}, "current": {current}, "password": {password}, "again": {again}})
	}
	for _, c := range []struct {
		name, current, password, again, field, message string
	}{
		{"wrong current password", "not my password", "a brand new password 1", "a brand new password 1", "current", "Your current password is not right"},
		{"no current password", "", "a brand new password 1", "a brand new password 1", "current", "Your current password is not right"},
		{"common new password", staffPassword, "password1234", "password1234", "password", "one of the most common passwords"},
		{"blank new password", staffPassword, strings.Repeat(" ", 14), strings.Repeat(" ", 14), "password", "only spaces or invisible characters"},
		{"the same password", staffPassword, staffPassword, staffPassword, "password", "not your current one"},
		{"typed differently twice", staffPassword, "a brand new password 1", "a brand new password 2", "again", "Enter the same new password twice"},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, page := change(c.current, c.password, c.again)
			if status != http.StatusBadRequest || !strings.Contains(page, `id="`+c.field+`-error"`) || !strings.Contains(page, c.message) {
				t.Errorf("%d, want 400 with %q at %s: %.300s", status, c.message, c.field, page)
			}
		})
	}
	if status, _ := f.send(elsewhere, "GET", "/dashboard", nil); status != http.StatusOK {
		t.Fatal("a refused change ended the other session")
	}

	if status, to := change(staffPassword, "a brand new password 1", "a brand new password 1"); status != http.StatusSeeOther || to != "/account/password?done=changed" {
		t.Fatalf("changing: %d %s", status, to)
	}
	if status, page := f.send(here, "GET", "/account/password?done=changed", nil); status != http.StatusOK || !strings.Contains(page, "Your password is changed") {
		t.Errorf("this session after the change: %d", status)
	}
	if status, _ := f.send(elsewhere, "GET", "/dashboard", nil); status != http.StatusSeeOther {
		t.Errorf("the other session after the change: %d", status)
	}
	if !f.tokenWorks(f.viewer) {
		t.Error("changing one's own password revoked one's token")
	}
	b := f.newBrowser()
	_, login := f.send(b, "GET", "/login", nil)
	if status, _ := f.send(b, "POST", "/login", url.Values{"_csrf": {csrfOf(t, login)}, "email": {"viewer@example.org"}, "password": {staffPassword}}); status != http.StatusUnauthorized {
		t.Errorf("the old password signs in: %d", status)
	}
	if status, _ := f.send(b, "POST", "/login", url.Values{"_csrf": {csrfOf(t, login)}, "email": {"viewer@example.org"}, "password": {"a brand new password 1"}}); status != http.StatusSeeOther {
		t.Errorf("the new password does not sign in: %d", status)
	}
	if got := f.auditActions(); len(got) != 1 || got[0] != "viewer@example.org: change own password: viewer@example.org" {
		t.Errorf("audit log %q", got)
	}
}

// TestOwnPasswordChangesAreLimitedLikeSignIns: the page checks a password,
// so a stolen session must not make it a way round the sign-in limit.
func TestOwnPasswordChangesAreLimitedLikeSignIns(t *testing.T) {
	f := newResultsFixture(t)
	f.server = httptestServer(t, New(Config{Logger: discardLogger(), LoginRate: 3}, f.db))
	b := f.login("viewer@example.org") // the first of three attempts
	var statuses []int
	for range 3 {
		status, _ := f.send(b, "POST", "/account/password", url.Values{"_csrf": {f.csrfFor(b)}, "current": {"a guessed password"}, "password": {"a brand new password 1"}, "again": {"a brand new password 1"}})
		statuses = append(statuses, status)
	}
	if fmt.Sprint(statuses) != "[400 400 429]" {
		t.Errorf("three guesses at the current password: %v", statuses)
	}
}

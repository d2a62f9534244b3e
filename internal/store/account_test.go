package store

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/survey"
)

// firstHash and secondHash are real password hashes, made once each:
// bcrypt takes a quarter of a second, and the store takes only a hash
// account.HashPassword made.
var (
	firstHash  = sync.OnceValues(func() (account.PasswordHash, error) { return account.HashPassword("the first long password") })
	secondHash = sync.OnceValues(func() (account.PasswordHash, error) { return account.HashPassword("the second long password") })
)

// hashOf is one of the hashes above.
func hashOf(t testing.TB, made func() (account.PasswordHash, error)) account.PasswordHash {
	t.Helper()
	hash, err := made()
	if err != nil {
		t.Fatal(err)
	}
	return hash
}

func TestAccountsAndTokens(t *testing.T) {
	db, path := openTestDB(t)
	ctx := context.Background()
	hash, err := account.HashPassword("a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	psw, err := db.CreateAccount(ctx, "psw@council.gov.uk", account.Admin, hash)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateAccount(ctx, "psw@council.gov.uk", account.Viewer, hash); survey.Code(err) != survey.ErrConflict {
		t.Errorf("a second account for the same email: %v", err)
	}
	if _, err := db.CreateAccount(ctx, "board@council.gov.uk", account.Viewer, hash); err != nil {
		t.Fatal(err)
	}
	all, err := db.Accounts(ctx)
	if err != nil || len(all) != 2 || all[0].Email != "board@council.gov.uk" || all[1].Role != account.Admin {
		t.Fatalf("accounts: %+v %v", all, err)
	}

	token, _, err := db.CreateToken(ctx, "psw@council.gov.uk", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.CreateToken(ctx, "nobody@council.gov.uk", time.Hour); survey.Code(err) != survey.ErrNotFound {
		t.Errorf("a token for a missing account: %v", err)
	}
	got, err := db.AccountForToken(ctx, token)
	if err != nil || got.ID != psw.ID || got.Role != account.Admin {
		t.Errorf("AccountForToken = %+v, %v", got, err)
	}
	for _, bad := range []string{"", "nonsense", account.NewToken(), token + "x", strings.ToUpper(token)} {
		if _, err := db.AccountForToken(ctx, bad); survey.Code(err) != survey.ErrUnauthorised {
			t.Errorf("AccountForToken(%q) = %v, want unauthorised", bad, err)
		}
	}

	db.Close()
	var stored []byte
	for _, suffix := range []string{"", "-wal"} {
		data, _ := os.ReadFile(path + suffix)
		stored = append(stored, data...)
	}
	for _, secret := range []string{token, strings.TrimPrefix(token, "sayso_"), "a long enough password"} {
		if strings.Contains(string(stored), secret) {
			t.Errorf("the database holds %q", secret)
		}
	}
}

// accessFixture is a database with two admins and a viewer, a clock the
// test moves, and helpers that say whether a session or token still opens.
type accessFixture struct {
	t     *testing.T
	db    *DB
	clock time.Time
}

func newAccessFixture(t *testing.T) *accessFixture {
	t.Helper()
	db, _ := openTestDB(t)
	f := &accessFixture{t: t, db: db, clock: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	db.now = func() time.Time { return f.clock }
	for email, role := range map[string]account.Role{"ann@example.org": account.Admin, "bob@example.org": account.Admin, "viv@example.org": account.Viewer} {
		if _, err := db.CreateAccount(context.Background(), email, role, hashOf(t, firstHash)); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// access signs an account in and makes it a token.
func (f *accessFixture) access(email string) (session, token string) {
	f.t.Helper()
	ctx := context.Background()
	a, _, err := f.db.Credentials(ctx, email)
	if err != nil {
		f.t.Fatal(err)
	}
	if session, err = f.db.CreateSession(ctx, a.ID); err != nil {
		f.t.Fatal(err)
	}
	if token, _, err = f.db.CreateToken(ctx, email, 90*24*time.Hour); err != nil {
		f.t.Fatal(err)
	}
	return session, token
}

func (f *accessFixture) sessionOpens(id string) bool {
	f.t.Helper()
	_, err := f.db.SessionAccount(context.Background(), id, DefaultSessionLimits)
	if err != nil && survey.Code(err) != survey.ErrUnauthorised {
		f.t.Fatal(err)
	}
	return err == nil
}

func (f *accessFixture) tokenOpens(token string) bool {
	f.t.Helper()
	_, err := f.db.AccountForToken(context.Background(), token)
	if err != nil && survey.Code(err) != survey.ErrUnauthorised {
		f.t.Fatal(err)
	}
	return err == nil
}

func TestTokensExpireAndAreListedAndRevoked(t *testing.T) {
	f := newAccessFixture(t)
	ctx := context.Background()
	short, shortInfo, err := f.db.CreateToken(ctx, "viv@example.org", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if shortInfo.ExpiresAt != "2026-12-02T09:00:00Z" || shortInfo.CreatedAt != "2026-12-01T09:00:00Z" {
		t.Errorf("made %+v", shortInfo)
	}
	long, _, err := f.db.CreateToken(ctx, "ann@example.org", 30*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	listed, err := f.db.Tokens(ctx)
	if err != nil || len(listed) != 2 || listed[0].Email != "ann@example.org" || listed[1].ID != shortInfo.ID || listed[1].LastUsedAt != "" {
		t.Fatalf("tokens: %+v %v", listed, err)
	}

	f.clock = f.clock.Add(2 * time.Hour)
	if !f.tokenOpens(short) || !f.tokenOpens(long) {
		t.Fatal("new tokens do not open")
	}
	listed, _ = f.db.Tokens(ctx)
	if listed[1].LastUsedAt != "2026-12-01T11:00:00Z" {
		t.Errorf("last use not recorded: %+v", listed[1])
	}

	f.clock = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	if f.tokenOpens(short) {
		t.Error("a token opens at the moment it expires")
	}
	if !f.tokenOpens(long) {
		t.Error("a token with days left does not open")
	}
	listed, _ = f.db.Tokens(ctx)
	if len(listed) != 2 || !listed[1].Expired(f.clock) || listed[0].Expired(f.clock) {
		t.Errorf("an expired token is not listed as expired: %+v", listed)
	}

	revoked, err := f.db.RevokeToken(ctx, listed[0].ID)
	if err != nil || revoked.Email != "ann@example.org" {
		t.Fatalf("revoking: %+v %v", revoked, err)
	}
	if f.tokenOpens(long) {
		t.Error("a revoked token opens")
	}
	if _, err := f.db.RevokeToken(ctx, listed[0].ID); survey.Code(err) != survey.ErrNotFound {
		t.Errorf("revoking twice: %v", err)
	}
	if _, _, err := f.db.CreateToken(ctx, "nobody@example.org", time.Hour); survey.Code(err) != survey.ErrNotFound {
		t.Errorf("a token for nobody: %v", err)
	}
}

func TestAccessIsTakenAway(t *testing.T) {
	ctx := context.Background()
	second := hashOf(t, secondHash)
	for _, c := range []struct {
		name         string
		change       func(*DB) error
		sessionsLive bool // the account's sessions survive
		tokensLive   bool // the account's tokens survive
		check        func(*testing.T, *DB)
	}{
		{"password reset", func(db *DB) error { return db.SetPassword(ctx, "viv@example.org", second) }, false, false,
			func(t *testing.T, db *DB) {
				if _, hash, err := db.Credentials(ctx, "viv@example.org"); err != nil || hash != second.Stored() {
					t.Errorf("the password is not changed: %q %v", hash, err)
				}
			}},
		{"disabled", func(db *DB) error { return db.DisableAccount(ctx, "viv@example.org") }, false, false,
			func(t *testing.T, db *DB) {
				if a, _, err := db.Credentials(ctx, "viv@example.org"); err != nil || !a.Disabled || a.State() != "disabled" {
					t.Errorf("not disabled: %+v %v", a, err)
				}
				if _, _, err := db.CreateToken(ctx, "viv@example.org", time.Hour); survey.Code(err) != survey.ErrConflict {
					t.Errorf("a token for a disabled account: %v", err)
				}
			}},
		{"deleted", func(db *DB) error { return db.DeleteAccount(ctx, "viv@example.org") }, false, false,
			func(t *testing.T, db *DB) {
				if _, _, err := db.Credentials(ctx, "viv@example.org"); survey.Code(err) != survey.ErrUnauthorised {
					t.Errorf("a deleted account signs in: %v", err)
				}
				if err := db.DeleteAccount(ctx, "viv@example.org"); survey.Code(err) != survey.ErrNotFound {
					t.Errorf("deleting twice: %v", err)
				}
			}},
		{"made an admin", func(db *DB) error { return db.SetRole(ctx, "viv@example.org", account.Admin) }, false, true,
			func(t *testing.T, db *DB) {
				if a, _, _ := db.Credentials(ctx, "viv@example.org"); a.Role != account.Admin {
					t.Errorf("role %q", a.Role)
				}
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newAccessFixture(t)
			session, token := f.access("viv@example.org")
			otherSession, otherToken := f.access("ann@example.org")
			if !f.sessionOpens(session) || !f.tokenOpens(token) {
				t.Fatal("access does not open before the change")
			}
			if err := c.change(f.db); err != nil {
				t.Fatal(err)
			}
			if got := f.sessionOpens(session); got != c.sessionsLive {
				t.Errorf("the session opens: %v, want %v", got, c.sessionsLive)
			}
			if got := f.tokenOpens(token); got != c.tokensLive {
				t.Errorf("the token opens: %v, want %v", got, c.tokensLive)
			}
			if !f.sessionOpens(otherSession) || !f.tokenOpens(otherToken) {
				t.Error("another account lost its access")
			}
			c.check(t, f.db)
		})
	}
}

func TestDisabledAccountIsEnabledAgainWithoutItsOldAccess(t *testing.T) {
	f := newAccessFixture(t)
	ctx := context.Background()
	session, token := f.access("viv@example.org")
	if err := f.db.DisableAccount(ctx, "viv@example.org"); err != nil {
		t.Fatal(err)
	}
	if err := f.db.EnableAccount(ctx, "viv@example.org"); err != nil {
		t.Fatal(err)
	}
	if a, _, err := f.db.Credentials(ctx, "viv@example.org"); err != nil || a.Disabled {
		t.Errorf("not enabled: %+v %v", a, err)
	}
	if f.sessionOpens(session) || f.tokenOpens(token) {
		t.Error("enabling brought back the access that disabling revoked")
	}
	if _, token, err := f.db.CreateToken(ctx, "viv@example.org", time.Hour); err != nil || token == nil {
		t.Errorf("a new token after enabling: %v", err)
	}
	for _, change := range []func(string) error{
		func(e string) error { return f.db.EnableAccount(ctx, e) },
		func(e string) error { return f.db.DisableAccount(ctx, e) },
		func(e string) error { return f.db.SetRole(ctx, e, account.Viewer) },
		func(e string) error { return f.db.SetPassword(ctx, e, hashOf(t, secondHash)) },
	} {
		if err := change("nobody@example.org"); survey.Code(err) != survey.ErrNotFound {
			t.Errorf("changing a missing account: %v", err)
		}
	}
}

func TestTheLastActiveAdminStays(t *testing.T) {
	f := newAccessFixture(t)
	ctx := context.Background()
	// Two admins: one of them may go.
	if err := f.db.DisableAccount(ctx, "bob@example.org"); err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func() error{
		"disabled":      func() error { return f.db.DisableAccount(ctx, "ann@example.org") },
		"deleted":       func() error { return f.db.DeleteAccount(ctx, "ann@example.org") },
		"made a viewer": func() error { return f.db.SetRole(ctx, "ann@example.org", account.Viewer) },
	} {
		err := change()
		if survey.Code(err) != survey.ErrConflict || !strings.Contains(err.Error(), "ann@example.org is the last active admin and cannot be "+name) {
			t.Errorf("the last active admin %s: %v", name, err)
		}
	}
	if a, _, _ := f.db.Credentials(ctx, "ann@example.org"); a.Disabled || a.Role != account.Admin {
		t.Errorf("the last admin changed: %+v", a)
	}
	// A disabled admin does not count, and may itself be changed freely.
	if err := f.db.SetRole(ctx, "bob@example.org", account.Viewer); err != nil {
		t.Errorf("demoting a disabled admin: %v", err)
	}
	if err := f.db.SetRole(ctx, "viv@example.org", account.Admin); err != nil {
		t.Fatal(err)
	}
	if err := f.db.DeleteAccount(ctx, "ann@example.org"); err != nil {
		t.Errorf("with another admin, deleting one: %v", err)
	}
}

func TestChangingOwnPasswordEndsOtherSessions(t *testing.T) {
	f := newAccessFixture(t)
	ctx := context.Background()
	here, token := f.access("viv@example.org")
	elsewhere, _ := f.access("viv@example.org")
	a, _, _ := f.db.Credentials(ctx, "viv@example.org")
	second := hashOf(t, secondHash)
	if err := f.db.ChangeOwnPassword(ctx, a.ID, second, here); err != nil {
		t.Fatal(err)
	}
	if !f.sessionOpens(here) || f.sessionOpens(elsewhere) || !f.tokenOpens(token) {
		t.Errorf("after the change: here %v, elsewhere %v, token %v; want true, false, true", f.sessionOpens(here), f.sessionOpens(elsewhere), f.tokenOpens(token))
	}
	if _, hash, _ := f.db.Credentials(ctx, "viv@example.org"); hash != second.Stored() {
		t.Errorf("hash %q", hash)
	}
	if err := f.db.DisableAccount(ctx, "viv@example.org"); err != nil {
		t.Fatal(err)
	}
	if err := f.db.ChangeOwnPassword(ctx, a.ID, second, here); survey.Code(err) != survey.ErrUnauthorised {
		t.Errorf("a disabled account changed its password: %v", err)
	}
}

// TestTokensMadeBeforeExpiryGetTheDefault upgrades a database from before
// migration 0006 with a token in it: the token goes on working, with the
// default 90 days counted from the upgrade.
func TestTokensMadeBeforeExpiryGetTheDefault(t *testing.T) {
	ctx := context.Background()
	token := account.NewToken()
	hash, _ := account.HashToken(token)
	db := upgradedFrom(t, 6, func(old *sql.DB) {
		if _, err := old.ExecContext(ctx, `INSERT INTO accounts (id, email, role, password_hash, created_at) VALUES (1, 'psw@example.org', 'admin', 'x', '2024-01-01T00:00:00Z');
		INSERT INTO tokens (hash, account_id, created_at) VALUES (?, 1, '2024-01-01T00:00:00Z')`, hash); err != nil {
			t.Fatal(err)
		}
	})
	if a, err := db.AccountForToken(ctx, token); err != nil || a.Email != "psw@example.org" {
		t.Fatalf("the old token after the upgrade: %+v %v", a, err)
	}
	var upgraded string
	if err := db.read.QueryRowContext(ctx, "SELECT applied_at FROM schema_migrations WHERE version = 6").Scan(&upgraded); err != nil {
		t.Fatal(err)
	}
	tokens, err := db.Tokens(ctx)
	if err != nil || len(tokens) != 1 {
		t.Fatalf("tokens: %+v %v", tokens, err)
	}
	at, _ := time.Parse(time.RFC3339, upgraded)
	expires, err := time.Parse(time.RFC3339, tokens[0].ExpiresAt)
	if err != nil || expires.Sub(at).Round(time.Hour) != 90*24*time.Hour || tokens[0].CreatedAt != "2024-01-01T00:00:00Z" {
		t.Errorf("the old token: %+v, upgraded at %s", tokens[0], upgraded)
	}
}

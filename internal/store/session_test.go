package store

import (
	"context"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/survey"
)

func TestSessionsExpireAndEnd(t *testing.T) {
	ctx := context.Background()
	db, _ := openTestDB(t)
	clock := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	db.now = func() time.Time { return clock }
	a, err := db.CreateAccount(ctx, "psw@example.org", account.Viewer, hashOf(t, firstHash))
	if err != nil {
		t.Fatal(err)
	}
	limits := SessionLimits{Idle: 30 * time.Minute, Absolute: 2 * time.Hour}
	live := func(id string) bool {
		t.Helper()
		got, err := db.SessionAccount(ctx, id, limits)
		if err != nil && survey.Code(err) != survey.ErrUnauthorised {
			t.Fatal(err)
		}
		return err == nil && got.ID == a.ID && got.Email == "psw@example.org"
	}

	id, err := db.CreateSession(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !live(id) || live("sayso_"+id[6:len(id)-1]+"x") || live("not-a-session") || live("") {
		t.Fatal("only the session's own id opens it")
	}
	// Used every 20 minutes, it stays alive past the idle limit...
	for range 5 {
		clock = clock.Add(20 * time.Minute)
		if !live(id) {
			t.Fatalf("a session used 20 minutes ago has ended at %s", clock)
		}
	}
	// ...but not past the absolute limit.
	clock = clock.Add(21 * time.Minute)
	if live(id) {
		t.Error("a session outlived its absolute limit")
	}

	idle, _ := db.CreateSession(ctx, a.ID)
	clock = clock.Add(31 * time.Minute)
	if live(idle) {
		t.Error("a session outlived its idle limit")
	}

	out, _ := db.CreateSession(ctx, a.ID)
	if err := db.DeleteSession(ctx, out); err != nil || live(out) {
		t.Errorf("a deleted session still opens: %v", err)
	}

	reset, _ := db.CreateSession(ctx, a.ID)
	second := hashOf(t, secondHash)
	if err := db.SetPassword(ctx, "psw@example.org", second); err != nil {
		t.Fatal(err)
	}
	if live(reset) {
		t.Error("a session outlived a password reset")
	}
	if _, hash, err := db.Credentials(ctx, "psw@example.org"); err != nil || hash != second.Stored() {
		t.Errorf("credentials after reset: %q %v", hash, err)
	}
	if err := db.SetPassword(ctx, "nobody@example.org", second); survey.Code(err) != survey.ErrNotFound {
		t.Errorf("resetting a missing account: %v", err)
	}
	if _, _, err := db.Credentials(ctx, "nobody@example.org"); survey.Code(err) != survey.ErrUnauthorised {
		t.Errorf("credentials of a missing account: %v", err)
	}
}

func TestAuditLogKeepsEveryAdminAction(t *testing.T) {
	ctx := context.Background()
	db, _ := openTestDB(t)
	for i, action := range []string{"open wave", "close wave", "add account"} {
		if err := db.Audit(ctx, "admin@example.org", action, string(rune('a'+i))); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := db.AuditLog(ctx, 2)
	if err != nil || len(entries) != 2 || entries[0].Action != "add account" || entries[1].Detail != "b" || entries[0].Actor != "admin@example.org" {
		t.Errorf("%v %+v", err, entries)
	}
}

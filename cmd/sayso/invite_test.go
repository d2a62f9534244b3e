package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/invite/mailtest"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/submission"
	"github.com/sayso/sayso/internal/survey"
)

// TestInviteAndRemindCommands: sayso invite reports a bad list by file and
// line and sends nothing; a good one is sent through the mail server, with
// the wave's words; sayso remind reaches only the address whose code is
// unused; bad mail settings are named.
func TestInviteAndRemindCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "sayso.db")
	if status, _, errOut := sayso(t, "wave", "open", "--init", "--db", db, "--survey", "pulse", "--name", "Pulse 2026", "--access", "codes"); status != 0 {
		t.Fatal(errOut)
	}
	mail := mailtest.Start(t)
	t.Setenv("SAYSO_SMTP_HOST", mail.Host)
	t.Setenv("SAYSO_SMTP_PORT", strconv.Itoa(mail.Port))
	t.Setenv("SAYSO_SMTP_TLS", "none")
	t.Setenv("SAYSO_SMTP_FROM", "Staff survey <survey@council.example.org>")
	t.Setenv("SAYSO_SMTP_PACE", "1ms")
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	bad := write("bad.csv", "ana@example.org\nnot-an-address\nana@example.org\n")
	status, _, errOut := sayso(t, "invite", "--db", db, "--wave", "1", "--file", bad)
	if status != 1 || !strings.Contains(errOut, bad+":2: “not-an-address” is not an email address") || !strings.Contains(errOut, bad+":3: ana@example.org is on line 1 already") {
		t.Fatalf("a bad list = %d\n%s", status, errOut)
	}
	if n := len(mail.Messages()); n != 0 {
		t.Fatalf("%d emails after a bad list", n)
	}
	empty := write("empty.csv", "")
	if status, _, errOut := sayso(t, "invite", "--db", db, "--wave", "1", "--file", empty); status != 1 || !strings.Contains(errOut, "The file is empty") {
		t.Errorf("an empty list = %d %s", status, errOut)
	}
	message := write("message.txt", "It matters.\n\nTen minutes.")
	good := write("staff.csv", "email\nana@example.org\nben@example.org\n")
	status, out, errOut := sayso(t, "invite", "--db", db, "--wave", "1", "--file", good, "--organisation", "Northshire", "--message-file", message, "--remind-after", "7,14")
	if status != 0 || !strings.Contains(out, "2 addresses added to wave 1.") || !strings.Contains(out, "Invitations: 2 sent, 0 failed, 0 bounced.") {
		t.Fatalf("a good list = %d\n%s%s", status, out, errOut)
	}
	got := mail.Messages()
	if len(got) != 2 || !strings.Contains(got[0].Text, "Northshire") || !strings.Contains(got[0].Text, "Ten minutes.") {
		t.Fatalf("%d emails: %+v", len(got), got)
	}
	code := regexp.MustCompile(`Your code: (\S+)`).FindStringSubmatch(mail.To("ana@example.org")[0].Text)[1]
	// Ana answers through the store the server uses.
	answerCode(t, db, code)
	status, out, errOut = sayso(t, "remind", "--db", db, "--wave", "1")
	if status != 0 || !strings.Contains(out, "Reminders: 1 sent, 0 failed, 0 bounced.") {
		t.Fatalf("sayso remind = %d\n%s%s", status, out, errOut)
	}
	if len(mail.To("ben@example.org")) != 2 || len(mail.To("ana@example.org")) != 1 {
		t.Errorf("the reminder went to the wrong address: ben %d, ana %d emails", len(mail.To("ben@example.org")), len(mail.To("ana@example.org")))
	}
	t.Setenv("SAYSO_SMTP_TLS", "smoke-signals")
	if status, _, errOut := sayso(t, "remind", "--db", db, "--wave", "1"); status != 2 || !strings.Contains(errOut, "must be starttls, tls or none") {
		t.Errorf("a bad --smtp-tls = %d %s", status, errOut)
	}
	t.Setenv("SAYSO_SMTP_TLS", "none")
	t.Setenv("SAYSO_SMTP_HOST", "")
	if status, _, errOut := sayso(t, "invite", "--db", db, "--wave", "1"); status != 2 || !strings.Contains(errOut, "no mail server") {
		t.Errorf("no mail server = %d %s", status, errOut)
	}
}

// answerCode answers a wave with an invitation code, as the server would.
func answerCode(t *testing.T, path, code string) {
	t.Helper()
	db, err := store.OpenExisting(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	entry, err := db.Enter(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	if err := submission.New(db).Submit(context.Background(), submission.Response{Entry: entry, Answers: survey.Answers{"workload-manageable": {Number: 3}, "satisfaction": {Number: 7}}}); err != nil {
		t.Fatal(err)
	}
}

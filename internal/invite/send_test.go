package invite

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/invite/mailtest"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/submission"
	"github.com/sayso/sayso/internal/survey"
	"github.com/sayso/sayso/surveys"
)

type fixture struct {
	db      *store.DB
	wave    *survey.Wave
	mail    *mailtest.Server
	service *Service
	now     time.Time
}

func newFixture(t testing.TB, closesOn string) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "sayso.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cat, err := survey.ReadDir(surveys.FS, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	src, _ := cat.Survey("pulse")
	w, err := db.OpenWave(ctx, store.NewWave{Source: src, Name: "Pulse 2026", Access: survey.AccessCodes, ClosesOn: closesOn})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, wave: w, mail: mailtest.Start(t), now: time.Now()}
	smtp, err := NewSMTP(SMTPConfig{Host: f.mail.Host, Port: f.mail.Port, TLS: TLSNone, From: "Staff survey <survey@council.example.org>"})
	if err != nil {
		t.Fatal(err)
	}
	f.service = New(Config{DB: db, Mail: smtp, BaseURL: "https://survey.example.org", Pace: time.Millisecond,
		RetryWait: time.Millisecond, Actor: "test", Now: func() time.Time { return f.now }})
	return f
}

var codeLine = regexp.MustCompile(`Your code: (\S+)`)

func codeIn(t *testing.T, m mailtest.Message) string {
	t.Helper()
	match := codeLine.FindStringSubmatch(m.Text)
	if match == nil {
		t.Fatalf("no code in the email to %s:\n%s", m.To, m.Text)
	}
	if !strings.Contains(m.HTML, "https://survey.example.org/s/"+match[1]) {
		t.Errorf("the HTML part to %s has no link with its code %s", m.To, match[1])
	}
	return match[1]
}

func answer(t *testing.T, db *store.DB, code string) error {
	t.Helper()
	entry, err := db.Enter(context.Background(), code)
	if err != nil {
		return err
	}
	return submission.New(db).Submit(context.Background(), submission.Response{Entry: entry, Answers: survey.Answers{"workload-manageable": {Number: 3}, "satisfaction": {Number: 7}}})
}

func TestInvitationsArriveWithWorkingCodes(t *testing.T) {
	f := newFixture(t, "2099-12-31")
	ctx := context.Background()
	if err := f.service.SaveSettings(ctx, "admin@example.org", f.wave.ID, store.InvitationSettings{
		Organisation: "Northshire County Council", Message: "Tell us how it really is.\n\nIt takes ten minutes."}); err != nil {
		t.Fatal(err)
	}
	n, err := f.service.AddList(ctx, "admin@example.org", f.wave.ID, []byte("email,name\nAna@Example.org,Ana\nben@example.org,Ben\ncat@example.org,Cat\n"))
	if err != nil || n != 3 {
		t.Fatalf("AddList = %d, %v", n, err)
	}
	run, err := f.service.SendInvitations(ctx, f.wave.ID)
	if err != nil || run != (Run{Sent: 3}) {
		t.Fatalf("SendInvitations = %v, %v", run, err)
	}
	got := f.mail.Messages()
	if len(got) != 3 {
		t.Fatalf("%d emails arrived, want 3", len(got))
	}
	codes := map[string]bool{}
	for _, m := range got {
		code := codeIn(t, m)
		codes[code] = true
		for _, want := range []string{"Northshire County Council", "Pulse 2026", "Thursday 31 December 2099", "Your answers are anonymous", "It takes ten minutes."} {
			if !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, want) {
				t.Errorf("the email to %s lacks %q", m.To, want)
			}
		}
		if m.Subject != "Your invitation: Pulse 2026" {
			t.Errorf("subject %q", m.Subject)
		}
		if strings.Contains(m.Text, "Ben") && m.To != "ben@example.org" {
			t.Errorf("a name from the list reached the email to %s", m.To)
		}
		if err := answer(t, f.db, code); err != nil {
			t.Errorf("the code sent to %s does not open the survey: %v", m.To, err)
		}
	}
	if len(codes) != 3 {
		t.Errorf("%d different codes in 3 emails", len(codes))
	}
	if got[0].To != "ana@example.org" {
		t.Errorf("first email to %q, want the address in lower case", got[0].To)
	}
	counts, err := f.db.InvitationCounts(ctx, f.wave.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := (store.InvitationCounts{Invited: 3, Sent: 3, Answered: 3}); counts != want {
		t.Errorf("counts %+v, want %+v", counts, want)
	}
	w, _ := f.db.Wave(ctx, f.wave.ID)
	if w.Headcount != 3 {
		t.Errorf("headcount %d, want 3 from the list", w.Headcount)
	}
	log, err := f.db.AuditLog(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) == 0 || log[0].Action != "send invitations" || log[0].Detail != "wave 1: 3 sent, 0 failed, 0 bounced" {
		t.Errorf("audit log %+v", log)
	}
}

func TestAReminderReachesOnlyThoseWhoHaveNotAnsweredWithAFreshCode(t *testing.T) {
	f := newFixture(t, "")
	ctx := context.Background()
	if _, err := f.service.AddList(ctx, "admin", f.wave.ID, []byte("ana@example.org\nben@example.org\ncat@example.org\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := f.service.SendInvitations(ctx, f.wave.ID); err != nil {
		t.Fatal(err)
	}
	first := map[string]string{}
	for _, m := range f.mail.Messages() {
		first[m.To] = codeIn(t, m)
	}
	if err := answer(t, f.db, first["ben@example.org"]); err != nil {
		t.Fatal(err)
	}
	run, err := f.service.Remind(ctx, f.wave.ID)
	if err != nil || run != (Run{Sent: 2}) {
		t.Fatalf("Remind = %v, %v", run, err)
	}
	if n := len(f.mail.To("ben@example.org")); n != 1 {
		t.Errorf("ben, who answered, had %d emails, want the invitation alone", n)
	}
	for _, address := range []string{"ana@example.org", "cat@example.org"} {
		mails := f.mail.To(address)
		if len(mails) != 2 {
			t.Fatalf("%s had %d emails, want an invitation and a reminder", address, len(mails))
		}
		reminder := mails[1]
		if !strings.HasPrefix(reminder.Subject, "Reminder: ") || !strings.Contains(reminder.Text, "no longer works") {
			t.Errorf("the reminder to %s reads %q:\n%s", address, reminder.Subject, reminder.Text)
		}
		fresh := codeIn(t, reminder)
		if fresh == first[address] {
			t.Errorf("the reminder to %s carries the old code", address)
		}
		if _, err := f.db.Enter(ctx, first[address]); survey.Code(err) != survey.ErrGone {
			t.Errorf("the old code of %s: %v, want gone", address, err)
		}
		if err := answer(t, f.db, fresh); err != nil {
			t.Errorf("the fresh code of %s: %v", address, err)
		}
	}
	counts, err := f.db.InvitationCounts(ctx, f.wave.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := (store.InvitationCounts{Invited: 3, Sent: 3, Answered: 3, Reminded: 2}); counts != want {
		t.Errorf("counts %+v, want %+v", counts, want)
	}
	issued, _ := f.db.CodesIssued(ctx, f.wave.ID)
	if issued != 3 {
		t.Errorf("%d codes issued, want 3: a replaced code is not one", issued)
	}
	again, err := f.service.Remind(ctx, f.wave.ID)
	if err != nil || again != (Run{}) {
		t.Errorf("a reminder with everyone answered = %v, %v", again, err)
	}
}

func TestTemporaryFailuresAreRetriedAndPermanentOnesCounted(t *testing.T) {
	f := newFixture(t, "")
	ctx := context.Background()
	f.mail.Defer("late@example.org", 2)
	f.mail.Defer("never@example.org", 100)
	f.mail.Refuse("nobody@example.org")
	if _, err := f.service.AddList(ctx, "admin", f.wave.ID, []byte("late@example.org\nnever@example.org\nnobody@example.org\nfine@example.org\n")); err != nil {
		t.Fatal(err)
	}
	run, err := f.service.SendInvitations(ctx, f.wave.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Run{Sent: 2, Failed: 1, Bounced: 1}); run != want {
		t.Errorf("run %v, want %v", run, want)
	}
	if n := f.mail.Attempts("late@example.org"); n != 3 {
		t.Errorf("late@ was tried %d times, want 3 (two deferrals, then taken)", n)
	}
	if n := f.mail.Attempts("never@example.org"); n != DefaultAttempts {
		t.Errorf("never@ was tried %d times, want %d", n, DefaultAttempts)
	}
	if n := f.mail.Attempts("nobody@example.org"); n != 1 {
		t.Errorf("a refused address was tried %d times, want once", n)
	}
	if len(f.mail.To("late@example.org")) != 1 || len(f.mail.To("fine@example.org")) != 1 {
		t.Error("the deferred and the plain address did not each get one email")
	}
	counts, _ := f.db.InvitationCounts(ctx, f.wave.ID)
	if want := (store.InvitationCounts{Invited: 4, Sent: 2, Failed: 1, Bounced: 1}); counts != want {
		t.Errorf("counts %+v, want %+v", counts, want)
	}
	if issued, _ := f.db.CodesIssued(ctx, f.wave.ID); issued != 2 {
		t.Errorf("%d codes issued, want 2: undelivered codes are deleted", issued)
	}
	// A list naming an address that failed sends to it again; one naming
	// an address sent to already is refused, by line, and stores nothing.
	f.mail.Accept("never@example.org")
	_, err = f.service.AddList(ctx, "admin", f.wave.ID, []byte("never@example.org\nfine@example.org\n"))
	var problems ListProblems
	if !errors.As(err, &problems) || len(problems) != 1 || problems[0].Line != 2 {
		t.Fatalf("a list naming an address sent to: %v", err)
	}
	if _, err := f.service.AddList(ctx, "admin", f.wave.ID, []byte("never@example.org\n")); err != nil {
		t.Fatal(err)
	}
	if run, err := f.service.SendInvitations(ctx, f.wave.ID); err != nil || run != (Run{Sent: 1}) {
		t.Errorf("sending to the failed address again: %v, %v", run, err)
	}
}

func TestAnUnreachableServerStopsTheRunAndLeavesTheRestWaiting(t *testing.T) {
	f := newFixture(t, "")
	ctx := context.Background()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now
	smtp, err := NewSMTP(SMTPConfig{Host: "127.0.0.1", Port: port, TLS: TLSNone, From: "survey@council.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	down := New(Config{DB: f.db, Mail: smtp, BaseURL: "https://survey.example.org", Pace: time.Millisecond, RetryWait: time.Millisecond, Actor: "test"})
	if _, err := down.AddList(ctx, "admin", f.wave.ID, []byte("ana@example.org\nben@example.org\n")); err != nil {
		t.Fatal(err)
	}
	run, err := down.SendInvitations(ctx, f.wave.ID)
	var unreachable *Unreachable
	if !errors.As(err, &unreachable) || run != (Run{}) {
		t.Fatalf("SendInvitations = %v, %v; want the server unreachable", run, err)
	}
	counts, _ := f.db.InvitationCounts(ctx, f.wave.ID)
	if counts.Waiting != 2 || counts.Failed != 0 {
		t.Errorf("counts %+v: both should still wait", counts)
	}
	if issued, _ := f.db.CodesIssued(ctx, f.wave.ID); issued != 0 {
		t.Errorf("%d codes left issued for emails never sent", issued)
	}
	run, err = f.service.SendInvitations(ctx, f.wave.ID)
	if err != nil || run != (Run{Sent: 2}) {
		t.Errorf("with the server back: %v, %v", run, err)
	}
}

func TestTheScheduleRemindsOnItsDaysOnceAndAddressesGoAsSet(t *testing.T) {
	f := newFixture(t, "")
	ctx := context.Background()
	if err := f.service.SaveSettings(ctx, "admin", f.wave.ID, store.InvitationSettings{RemindAfter: []int{7, 14}, KeepDays: 20}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.service.AddList(ctx, "admin", f.wave.ID, []byte("ana@example.org\nben@example.org\n")); err != nil {
		t.Fatal(err)
	}
	f.service.Tick(ctx)
	if n := len(f.mail.Messages()); n != 2 {
		t.Fatalf("the first tick sent %d emails, want the 2 invitations", n)
	}
	f.now = f.now.AddDate(0, 0, 6)
	f.service.Tick(ctx)
	if n := len(f.mail.Messages()); n != 2 {
		t.Fatalf("day 6 sent %d emails in all, want no reminder yet", n)
	}
	f.now = f.now.AddDate(0, 0, 1)
	f.service.Tick(ctx)
	f.service.Tick(ctx)
	if n := len(f.mail.Messages()); n != 4 {
		t.Fatalf("day 7, two ticks, sent %d emails in all, want one reminder each", n)
	}
	f.service.AskReminder(f.wave.ID)
	f.service.Tick(ctx)
	if n := len(f.mail.Messages()); n != 6 {
		t.Fatalf("a reminder asked for sent %d emails in all, want 6", n)
	}
	f.now = f.now.AddDate(0, 0, 13)
	f.service.Tick(ctx)
	counts, _ := f.db.InvitationCounts(ctx, f.wave.ID)
	if counts.Invited != 0 || !counts.Forgotten {
		t.Errorf("20 days after opening the addresses are still kept: %+v", counts)
	}
	if _, err := f.service.AddList(ctx, "admin", f.wave.ID, []byte("cat@example.org\n")); survey.Code(err) != survey.ErrGone {
		t.Errorf("a list after the addresses went: %v, want gone", err)
	}
}

// TestStartTLSIsTheDefaultAndMustSucceed: with no TLS setting, mail goes
// over STARTTLS; to a server that does not offer it, nothing is sent in
// the clear and the invitations wait.
func TestStartTLSIsTheDefaultAndMustSucceed(t *testing.T) {
	f := newFixture(t, "")
	ctx := context.Background()
	secure, roots := mailtest.StartTLS(t)
	smtp, err := NewSMTP(SMTPConfig{Host: secure.Host, Port: secure.Port, From: "survey@council.example.org", TLSConfig: &tls.Config{RootCAs: roots}})
	if err != nil {
		t.Fatal(err)
	}
	service := New(Config{DB: f.db, Mail: smtp, BaseURL: "https://survey.example.org", Pace: time.Millisecond, RetryWait: time.Millisecond, Actor: "test"})
	if _, err := service.AddList(ctx, "admin", f.wave.ID, []byte("ana@example.org\n")); err != nil {
		t.Fatal(err)
	}
	if run, err := service.SendInvitations(ctx, f.wave.ID); err != nil || run != (Run{Sent: 1}) {
		t.Fatalf("over STARTTLS: %v, %v", run, err)
	}
	if got := secure.Messages(); len(got) != 1 || !got[0].Encrypted {
		t.Fatalf("the invitation did not come over TLS: %+v", got)
	}

	plainOnly, err := NewSMTP(SMTPConfig{Host: f.mail.Host, Port: f.mail.Port, From: "survey@council.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	service = New(Config{DB: f.db, Mail: plainOnly, BaseURL: "https://survey.example.org", Pace: time.Millisecond, RetryWait: time.Millisecond, Actor: "test"})
	if _, err := service.AddList(ctx, "admin", f.wave.ID, []byte("ben@example.org\n")); err != nil {
		t.Fatal(err)
	}
	var unreachable *Unreachable
	if _, err := service.SendInvitations(ctx, f.wave.ID); !errors.As(err, &unreachable) {
		t.Errorf("to a server without STARTTLS: %v, want it refused as unreachable", err)
	}
	if n := len(f.mail.Messages()); n != 0 {
		t.Errorf("%d emails sent in the clear", n)
	}
	if counts, _ := f.db.InvitationCounts(ctx, f.wave.ID); counts.Waiting != 1 {
		t.Errorf("counts %+v, want ben's invitation waiting", counts)
	}
}

// TestAWaveClosedByItsDateForgetsItsAddresses: the loop notices a wave
// past its closing date, reminds on the day before as set, and then
// deletes its addresses and says so in the audit log.
func TestAWaveClosedByItsDateForgetsItsAddresses(t *testing.T) {
	closes := time.Now().AddDate(0, 0, 10)
	f := newFixture(t, closes.Format(survey.DateLayout))
	ctx := context.Background()
	if err := f.service.SaveSettings(ctx, "admin", f.wave.ID, store.InvitationSettings{RemindBefore: []int{1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.service.AddList(ctx, "admin", f.wave.ID, []byte("ana@example.org\n")); err != nil {
		t.Fatal(err)
	}
	f.service.Tick(ctx)
	f.now = closes.AddDate(0, 0, -1)
	f.service.Tick(ctx)
	if n := len(f.mail.To("ana@example.org")); n != 2 {
		t.Fatalf("ana had %d emails, want the invitation and the reminder the day before closing", n)
	}
	f.now = closes.AddDate(0, 0, 1)
	f.service.Tick(ctx)
	counts, err := f.db.InvitationCounts(ctx, f.wave.ID)
	if err != nil || counts.Invited != 0 || !counts.Forgotten {
		t.Fatalf("after the closing date: %+v, %v", counts, err)
	}
	log, _ := f.db.AuditLog(ctx, 1)
	if len(log) != 1 || log[0].Action != "delete addresses" || log[0].Detail != "wave 1: 1 deleted, as the wave closed" {
		t.Errorf("audit log %+v", log)
	}
}

package store

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/survey"
)

// sendAll claims and marks sent every invitation waiting, as a sender does,
// and returns the code each address was sent.
func sendAll(t *testing.T, db *DB, waveID int64) map[string]string {
	t.Helper()
	codes := map[string]string{}
	for {
		out, err := db.ClaimInvitation(context.Background(), waveID)
		if err != nil {
			t.Fatal(err)
		}
		if out == nil {
			return codes
		}
		if err := db.FinishInvitation(context.Background(), out, InvitationSent); err != nil {
			t.Fatal(err)
		}
		codes[out.Address] = out.Code
	}
}

// TestTheFilesTieNoAddressToAResponse invites staff, answers with some of
// the codes and reminds the rest, reading the raw bytes of the database
// as it goes: no address or the hash of its code shares a page with a
// response, the log keeps neither, and once the wave closes no address and
// no replaced code is anywhere in the files, while the codes still count.
func TestTheFilesTieNoAddressToAResponse(t *testing.T) {
	db, path := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, db, survey.AccessCodes)
	var addresses []string
	for i := range 40 {
		addresses = append(addresses, fmt.Sprintf("staff-member-%02d@council.example.org", i))
	}
	if err := db.AddInvitations(ctx, w.ID, addresses); err != nil {
		t.Fatal(err)
	}
	codes := sendAll(t, db, w.ID)
	if len(codes) != len(addresses) {
		t.Fatalf("%d invitations sent, want %d", len(codes), len(addresses))
	}
	text := textQuestion(t, w.Definition)
	var markers [][]byte
	for i, a := range addresses[:25] {
		entry := enter(t, db, codes[a])
		marker := fmt.Sprintf("answer-marker-%03d-", i)
		markers = append(markers, []byte(marker))
		if err := db.Submit(ctx, entry, checked(t, entry, pulseAnswersWith(text, survey.Answer{Text: marker}))); err != nil {
			t.Fatal(err)
		}
	}
	targets, err := db.ReminderTargets(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(targets) != 15 {
		t.Fatalf("%d reminder targets, want the 15 who have not answered", len(targets))
	}
	var replaced [][]byte
	for _, id := range targets {
		out, err := db.MintReminder(ctx, id)
		if err != nil || out == nil {
			t.Fatalf("MintReminder(%d) = %v, %v", id, out, err)
		}
		if kept, err := db.FinishReminder(ctx, out, true); err != nil || !kept {
			t.Fatalf("FinishReminder = %v, %v", kept, err)
		}
		replaced = append(replaced, hashCode(codes[out.Address]))
		codes[out.Address] = out.Code
	}
	counts, err := db.InvitationCounts(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := (InvitationCounts{Invited: 40, Sent: 40, Answered: 25, Reminded: 15}); counts != want {
		t.Errorf("counts %+v, want %+v", counts, want)
	}

	var pageSize int
	if err := db.read.QueryRowContext(ctx, "PRAGMA page_size").Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	file := read(t, path)
	responsePages := map[int]bool{}
	for i, m := range markers {
		at := bytes.Index(file, m)
		if at < 0 {
			t.Fatalf("response %d is not in the file", i)
		}
		responsePages[at/pageSize] = true
	}
	sharesAPage := func(needle []byte) bool {
		for at, from := 0, 0; ; from = at + 1 {
			at = from + bytes.Index(file[from:], needle)
			if at < from {
				return false
			}
			if responsePages[at/pageSize] {
				return true
			}
		}
	}
	for _, a := range addresses {
		if sharesAPage([]byte(a)) || sharesAPage(hashCode(codes[a])) {
			t.Errorf("%s or the hash of its code shares a page with a response", a)
		}
	}
	wal := read(t, path+"-wal")
	for _, m := range markers {
		if bytes.Contains(wal, m) {
			t.Errorf("the log holds a response")
		}
	}

	issued, _ := db.CodesIssued(ctx, w.ID)
	if err := db.CloseWave(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	if counts, _ := db.InvitationCounts(ctx, w.ID); counts.Invited != 0 || !counts.Forgotten {
		t.Errorf("after closing: %+v", counts)
	}
	if after, _ := db.CodesIssued(ctx, w.ID); after != issued {
		t.Errorf("closing took the codes issued from %d to %d", issued, after)
	}
	for range 50 {
		left := ""
		for _, suffix := range []string{"", "-wal", "-shm"} {
			b := read(t, path+suffix)
			for _, a := range addresses {
				if bytes.Contains(b, []byte(a)) || bytes.Contains(b, []byte(a[:16])) {
					left = a
				}
			}
			for _, h := range replaced {
				if bytes.Contains(b, h) {
					left = "a replaced code's hash"
				}
			}
		}
		if left == "" {
			return
		}
		time.Sleep(100 * time.Millisecond) // a reader may hold the log a moment
	}
	t.Error("after closing, the files still hold an address or a replaced code")
}

// TestAReplacedCodeIsRefusedWithItsReason: the code a reminder replaced
// opens nothing, even for someone who started answering with it.
func TestAReplacedCodeIsRefusedWithItsReason(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, db, survey.AccessCodes)
	if err := db.AddInvitations(ctx, w.ID, []string{"ana@example.org"}); err != nil {
		t.Fatal(err)
	}
	old := sendAll(t, db, w.ID)["ana@example.org"]
	entry := enter(t, db, old)
	targets, _ := db.ReminderTargets(ctx, w.ID)
	if len(targets) != 1 {
		t.Fatalf("%d targets", len(targets))
	}
	out, err := db.MintReminder(ctx, targets[0])
	if err != nil || out == nil {
		t.Fatal(err)
	}
	if _, err := db.FinishReminder(ctx, out, true); err != nil {
		t.Fatal(err)
	}
	if err := db.Submit(ctx, entry, checked(t, entry, pulseAnswers)); survey.Code(err) != survey.ErrGone {
		t.Errorf("answers sent with a code replaced meanwhile: %v, want gone", err)
	}
	if _, err := db.Enter(ctx, old); survey.Code(err) != survey.ErrGone {
		t.Errorf("entering with a replaced code: %v, want gone", err)
	}
	if _, err := db.Enter(ctx, out.Code); err != nil {
		t.Errorf("the fresh code: %v", err)
	}
	if n, _ := db.CountResponses(ctx, w.ID); n != 0 {
		t.Errorf("%d responses stored", n)
	}
}

// TestAStaffListIsStoredWholeOrNotAtAll: an address already sent to
// refuses the whole list; failed and bounced ones are sent again; the
// headcount follows the list unless it was set otherwise.
func TestAStaffListIsStoredWholeOrNotAtAll(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	w, err := db.OpenWave(ctx, NewWave{Source: shipped(t, "pulse"), Name: "Pulse", Access: survey.AccessCodes})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AddInvitations(ctx, w.ID, []string{"a@example.org", "b@example.org"}); err != nil {
		t.Fatal(err)
	}
	out, _ := db.ClaimInvitation(ctx, w.ID)
	if err := db.FinishInvitation(ctx, out, InvitationBounced); err != nil {
		t.Fatal(err)
	}
	sendAll(t, db, w.ID)
	err = db.AddInvitations(ctx, w.ID, []string{"c@example.org", "b@example.org"})
	if already, ok := err.(*AlreadyInvited); !ok || len(already.Addresses) != 1 || already.Addresses[0] != "b@example.org" {
		t.Fatalf("a list with an address sent to: %v", err)
	}
	if counts, _ := db.InvitationCounts(ctx, w.ID); counts.Invited != 2 {
		t.Errorf("the refused list stored something: %+v", counts)
	}
	if err := db.AddInvitations(ctx, w.ID, []string{"a@example.org", "c@example.org"}); err != nil {
		t.Fatalf("a list with a bounced address: %v", err)
	}
	if counts, _ := db.InvitationCounts(ctx, w.ID); counts.Invited != 3 || counts.Waiting != 2 {
		t.Errorf("counts %+v, want 3 invited, 2 waiting", counts)
	}
	if w, _ = db.Wave(ctx, w.ID); w.Headcount != 3 {
		t.Errorf("headcount %d, want 3 from the lists", w.Headcount)
	}
	if err := db.SetHeadcount(ctx, w.ID, 50); err != nil {
		t.Fatal(err)
	}
	if err := db.AddInvitations(ctx, w.ID, []string{"d@example.org"}); err != nil {
		t.Fatal(err)
	}
	if w, _ = db.Wave(ctx, w.ID); w.Headcount != 50 {
		t.Errorf("headcount %d, want the 50 set by hand", w.Headcount)
	}
	link, _ := db.OpenWave(ctx, NewWave{Source: shipped(t, "pulse"), Name: "Pulse by link", Access: survey.AccessLink})
	if err := db.AddInvitations(ctx, link.ID, []string{"a@example.org"}); survey.Code(err) != survey.ErrInvalid {
		t.Errorf("invitations to a link wave: %v", err)
	}
}

// TestAClaimLeftBehindIsSentAgainUnlessItsCodeWasUsed: a sender that
// stopped between sending and recording leaves its claims; released, an
// unused one is sent again with a new code (the first no longer works),
// and one whose code was used counts as sent and is never sent again.
func TestAClaimLeftBehindIsSentAgainUnlessItsCodeWasUsed(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, db, survey.AccessCodes)
	if err := db.AddInvitations(ctx, w.ID, []string{"ana@example.org", "ben@example.org"}); err != nil {
		t.Fatal(err)
	}
	ana, _ := db.ClaimInvitation(ctx, w.ID)
	ben, _ := db.ClaimInvitation(ctx, w.ID)
	if ana == nil || ben == nil || ana.Address != "ana@example.org" {
		t.Fatalf("claims %+v %+v", ana, ben)
	}
	entry := enter(t, db, ana.Code)
	if err := db.Submit(ctx, entry, checked(t, entry, pulseAnswers)); err != nil {
		t.Fatal(err)
	}
	if err := db.ReleaseClaims(ctx); err != nil {
		t.Fatal(err)
	}
	again, err := db.ClaimInvitation(ctx, w.ID)
	if err != nil || again == nil || again.Address != "ben@example.org" || again.Code == ben.Code {
		t.Fatalf("after release: %+v, %v; want ben with a new code", again, err)
	}
	if none, err := db.ClaimInvitation(ctx, w.ID); none != nil || err != nil {
		t.Errorf("ana, who answered, was claimed again: %+v, %v", none, err)
	}
	if _, err := db.Enter(ctx, ben.Code); survey.Code(err) != survey.ErrNotFound {
		t.Errorf("ben's first code: %v, want not found", err)
	}
	if err := db.FinishInvitation(ctx, again, InvitationSent); err != nil {
		t.Fatal(err)
	}
	if counts, _ := db.InvitationCounts(ctx, w.ID); counts != (InvitationCounts{Invited: 2, Sent: 2, Answered: 1}) {
		t.Errorf("counts %+v", counts)
	}
}

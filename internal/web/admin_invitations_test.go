package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/sayso/sayso/internal/invite"
	"github.com/sayso/sayso/internal/invite/mailtest"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// invitationFixture is the results fixture served with a mail server, and
// a wave reached by codes.
type invitationFixture struct {
	*resultsFixture
	mail *mailtest.Server
	wave *survey.Wave
}

func newInvitationFixture(t *testing.T) *invitationFixture {
	t.Helper()
	f := &invitationFixture{resultsFixture: newResultsFixture(t), mail: mailtest.Start(t)}
	src := testdataSource(t, "team-check.yaml")
	var err error
	if f.wave, err = f.db.OpenWave(context.Background(), store.NewWave{Source: src, Name: "Team check by email", Access: survey.AccessCodes}); err != nil {
		t.Fatal(err)
	}
	smtp, err := invite.NewSMTP(invite.SMTPConfig{Host: f.mail.Host, Port: f.mail.Port, TLS: invite.TLSNone, From: "survey@council.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	// The server the fixture started is replaced by one that sends email,
	// with its mail loop running as sayso serve runs it.
	f.server.Close()
	service := invite.New(invite.Config{DB: f.db, Mail: smtp, BaseURL: "http://survey.example.org", Pace: time.Millisecond, RetryWait: time.Millisecond, Actor: "server"})
	f.server = httptest.NewServer(New(Config{Logger: slog.New(slog.NewJSONHandler(f.logs, nil)), SubmitRate: 100_000,
		BaseURL: "http://survey.example.org", Invitations: service}, f.db))
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		service.Loop(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-stopped
		f.server.Close()
	})
	return f
}

// upload posts a staff list as the page's form does.
func (f *invitationFixture) upload(b *http.Client, list string) (int, string) {
	f.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("_csrf", f.csrfFor(b))
	part, _ := w.CreateFormFile("staff_list", "staff.csv")
	part.Write([]byte(list))
	w.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/admin/waves/%d/invitations", f.server.URL, f.wave.ID), &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := b.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	var out bytes.Buffer
	out.ReadFrom(res.Body)
	if res.StatusCode == http.StatusSeeOther {
		return res.StatusCode, res.Header.Get("Location")
	}
	return res.StatusCode, out.String()
}

// waitForMail waits until n emails have arrived in all.
func (f *invitationFixture) waitForMail(n int) []mailtest.Message {
	f.t.Helper()
	for range 500 {
		if got := f.mail.Messages(); len(got) >= n {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
	f.t.Fatalf("%d emails arrived, want %d", len(f.mail.Messages()), n)
	return nil
}

// linkIn reads the survey link from an email's HTML, as a mail client
// shows it, and returns the code in it.
func linkIn(t *testing.T, m mailtest.Message) string {
	t.Helper()
	doc := parsePage(t, m.HTML)
	var code string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.Data != "a" {
			continue
		}
		for _, a := range n.Attr {
			if a.Key == "href" && strings.HasPrefix(a.Val, "http://survey.example.org/s/") && textOf(n) == "Start the survey" {
				code = strings.TrimPrefix(a.Val, "http://survey.example.org/s/")
			}
		}
	}
	if code == "" {
		t.Fatalf("no Start the survey link in the email to %s", m.To)
	}
	return code
}

func answerWith(f *invitationFixture, code string) int {
	status, _ := f.do(nil, "POST", "/api/v1/responses", "application/json",
		strings.NewReader(`{"code": "`+code+`", "answers": `+person("north", "worker", 4, 7, "")+`}`))
	return status
}

// TestInvitationsThroughTheServer: an admin uploads a staff list, the
// server emails each address a working code, answers come in through the
// API with the codes from the emails, a reminder reaches only those who
// have not answered with a fresh code, and at no point does a page, the
// API or the audit log show an address beside whether it answered; after
// the wave closes no address is left in the database's bytes.
func TestInvitationsThroughTheServer(t *testing.T) {
	f := newInvitationFixture(t)
	viewer, admin := f.signIn()
	path := fmt.Sprintf("/admin/waves/%d/invitations", f.wave.ID)
	if status, _ := f.send(viewer, "GET", path, nil); status != http.StatusForbidden {
		t.Errorf("a viewer on the invitations page = %d", status)
	}
	_, wavesPage := f.send(admin, "GET", "/admin/waves", nil)
	if !strings.Contains(wavesPage, `href="`+path+`"`) || !strings.Contains(wavesPage, "Whoever holds these codes can tell who has answered") {
		t.Error("the waves page does not link the invitations page, or does not say what a mail merge gives away")
	}

	// A bad list: every problem by line, nothing stored, nothing sent.
	status, page := f.upload(admin, "email\nana@example.org\nben@\nana@example.org\n")
	if status != http.StatusBadRequest {
		t.Fatalf("a bad list = %d", status)
	}
	want := []string{`Line 3: “ben@” is not an email address, like name@council.gov.uk`, "Line 4: ana@example.org is on line 2 already"}
	if got := errorSummary(t, page); !slices.Equal(got, want) {
		t.Errorf("error summary %q, want %q", got, want)
	}
	if status, page := f.upload(admin, ""); status != http.StatusBadRequest || !slices.Equal(errorSummary(t, page), []string{"The file is empty: it needs one email address a line"}) {
		t.Errorf("an empty list = %d %q", status, errorSummary(t, page))
	}
	if status, page := f.upload(admin, "\xff\xfea\x00"); status != http.StatusBadRequest || !strings.Contains(strings.Join(errorSummary(t, page), ""), "UTF-16") {
		t.Errorf("a UTF-16 list = %d %q", status, errorSummary(t, page))
	}
	time.Sleep(50 * time.Millisecond) // the loop, nudged or not, would have sent by now
	if n := len(f.mail.Messages()); n != 0 {
		t.Fatalf("%d emails sent after refused lists", n)
	}
	if counts, _ := f.db.InvitationCounts(context.Background(), f.wave.ID); counts.Invited != 0 {
		t.Fatalf("a refused list stored %d addresses", counts.Invited)
	}

	// The email's own words, then the list.
	if status, to := f.send(admin, "POST", path+"/settings", url.Values{"_csrf": {f.csrfFor(admin)}, "organisation": {"Northshire County Council"},
		"message": {"Ten minutes of your time."}, "remind_after": {"7, 14"}}); status != http.StatusSeeOther || to != path+"?done=settings" {
		t.Fatalf("saving the settings = %d %s", status, to)
	}
	if status, page := f.send(admin, "POST", path+"/settings", url.Values{"_csrf": {f.csrfFor(admin)}, "remind_after": {"seven"}, "keep_days": {"-3"}}); status != http.StatusBadRequest ||
		len(errorSummary(t, page)) != 2 {
		t.Errorf("bad settings = %d %q", status, errorSummary(t, page))
	}
	addresses := []string{"ana@example.org", "ben@example.org", "cat@example.org", "dan@example.org", "eve@example.org", "fay@example.org"}
	if status, to := f.upload(admin, "Name,Email\nSomeone,"+strings.Join(addresses, "\nSomeone,")+"\n"); status != http.StatusSeeOther || to != path+"?done=added" {
		t.Fatalf("a good list = %d %s", status, to)
	}
	invitations := f.waitForMail(len(addresses))
	codes := map[string]string{}
	for _, m := range invitations {
		if !strings.Contains(m.Text, "Northshire County Council") || !strings.Contains(m.HTML, "Ten minutes of your time.") {
			t.Errorf("the email to %s lacks the wave's own words", m.To)
		}
		codes[m.To] = linkIn(t, m)
	}
	if len(codes) != len(addresses) {
		t.Fatalf("emails went to %d addresses, want %d", len(codes), len(addresses))
	}
	answered := addresses[:3]
	for _, a := range answered {
		if status := answerWith(f, codes[a]); status != http.StatusCreated {
			t.Fatalf("answering with the code emailed to %s = %d", a, status)
		}
	}
	if status := answerWith(f, codes[answered[0]]); status != http.StatusConflict {
		t.Errorf("a used code again = %d", status)
	}

	// A reminder, on demand: only to those who have not answered.
	if status, to := f.send(admin, "POST", fmt.Sprintf("/admin/waves/%d/reminders", f.wave.ID), url.Values{"_csrf": {f.csrfFor(admin)}}); status != http.StatusSeeOther || to != path+"?done=reminded" {
		t.Fatalf("asking for reminders = %d %s", status, to)
	}
	all := f.waitForMail(len(addresses) + 3)
	reminded := map[string]string{}
	for _, m := range all[len(addresses):] {
		reminded[m.To] = linkIn(t, m)
	}
	for _, a := range addresses {
		_, got := reminded[a]
		if wantReminder := !slices.Contains(answered, a); got != wantReminder {
			t.Errorf("%s reminded: %v, want %v", a, got, wantReminder)
		}
	}
	for a, fresh := range reminded {
		if status := answerWith(f, codes[a]); status != http.StatusGone {
			t.Errorf("the replaced code of %s = %d, want 410", a, status)
		}
		if status := answerWith(f, fresh); status != http.StatusCreated {
			t.Errorf("the fresh code of %s = %d", a, status)
		}
	}

	// Counts only, and no address anywhere an admin or the API looks.
	_, page = f.send(admin, "GET", path, nil)
	for key, want := range map[string]string{"Invited": "6", "Sent": "6", "Answered": "6 of the 6 sent", "Reminders sent": "3", "Failed": "0", "Bounced": "0"} {
		if got := summaryValue(t, page, key); got != want {
			t.Errorf("%s reads %q, want %q", key, got, want)
		}
	}
	_, audit := f.send(admin, "GET", "/admin/audit", nil)
	for _, action := range []string{"add staff list", "send invitations", "ask for reminders", "send reminders"} {
		if !strings.Contains(audit, action) {
			t.Errorf("the audit log lacks %q", action)
		}
	}
	_, apiResults := f.get(fmt.Sprintf("/api/v1/waves/%d/results", f.wave.ID), "Bearer "+f.admin)
	_, wavesPage = f.send(admin, "GET", "/admin/waves", nil)
	_, dashboard := f.send(admin, "GET", fmt.Sprintf("/waves/%d", f.wave.ID), nil)
	for name, body := range map[string]string{"invitations page": page, "audit log": audit, "results API": apiResults, "waves page": wavesPage, "dashboard": dashboard, "log": f.logs.String()} {
		for _, a := range addresses {
			if strings.Contains(body, a) || strings.Contains(body, strings.SplitN(a, "@", 2)[0]+"@") {
				t.Errorf("the %s names %s", name, a)
			}
		}
	}

	// Closing deletes every address, and the database's bytes hold none.
	if status, _ := f.send(admin, "POST", fmt.Sprintf("/admin/waves/%d/close", f.wave.ID), url.Values{"_csrf": {f.csrfFor(admin)}}); status != http.StatusSeeOther {
		t.Fatalf("closing = %d", status)
	}
	counts, err := f.db.InvitationCounts(context.Background(), f.wave.ID)
	if err != nil || counts.Invited != 0 {
		t.Fatalf("after closing: %+v, %v", counts, err)
	}
	found := ""
	for range 50 {
		found = ""
		for _, suffix := range []string{"", "-wal", "-shm"} {
			file, err := os.ReadFile(f.dbPath + suffix)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			for _, a := range addresses {
				if bytes.Contains(file, []byte(a)) {
					found = a + " in sayso.db" + suffix
				}
			}
		}
		if found == "" {
			return
		}
		time.Sleep(100 * time.Millisecond) // the log is emptied once no reader holds it
	}
	t.Errorf("after the wave closed, the database's files still hold %s", found)
}

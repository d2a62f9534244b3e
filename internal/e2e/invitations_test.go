//go:build e2e

package e2e

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sayso/sayso/internal/invite/mailtest"
)

// startInvitingServer is the real binary with a new database holding one
// wave, reached by codes, with a closing date, and a mail server to send
// through.
func startInvitingServer(t *testing.T, mail *mailtest.Server) (base, waveID string) {
	t.Helper()
	bin, db := buildSayso(t)
	closes := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	out, err := exec.Command(bin, "wave", "open", "--init", "--db", db, "--survey", "health-check", "--name", "Health check 2027", "--access", "codes", "--closes", closes, "--json").Output()
	if err != nil {
		t.Fatalf("sayso wave open: %v", err)
	}
	waveID = regexp.MustCompile(`"id": (\d+)`).FindStringSubmatch(string(out))[1]
	stdout := serve(t, bin, db, "SAYSO_SMTP_HOST="+mail.Host, "SAYSO_SMTP_PORT="+strconv.Itoa(mail.Port), "SAYSO_SMTP_TLS=none",
		"SAYSO_SMTP_FROM=Staff survey <staff-survey@northshire.example.gov.uk>", "SAYSO_SMTP_PACE=1ms")
	lines := bufio.NewScanner(stdout)
	running := regexp.MustCompile(`running at (http://\S+)`)
	for base == "" && lines.Scan() {
		if m := running.FindStringSubmatch(lines.Text()); m != nil {
			base = m[1]
		}
	}
	go io.Copy(io.Discard, stdout)
	if base == "" {
		t.Fatal("the server did not print its address")
	}
	return base, waveID
}

// TestInvitationsInTheBrowser: an admin sets the email, uploads a staff
// list that is refused by line, then a good one; the invitations arrive,
// the email as received reads well and passes axe, and its link opens the
// survey.
func TestInvitationsInTheBrowser(t *testing.T) {
	axe := readAxe(t)
	mail := mailtest.Start(t)
	base, waveID := startInvitingServer(t, mail)
	ctx := browser(t)
	check := func(page string) { audit(t, ctx, axe, page) }
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}

	signIn(t, ctx, base)
	page := base + "/admin/waves/" + waveID + "/invitations"
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	if h := heading(ctx); h != "Invitations by email" {
		t.Fatalf("the invitations page's heading is %q", h)
	}
	check("invitations")

	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#organisation"), "Northshire County Council"),
		chromedp.SendKeys(chromedp.CSS("#message"), "This is your chance to tell us what it is really like to work here. It takes about fifteen minutes."),
		chromedp.SendKeys(chromedp.CSS("#remind_after"), "7, 14"),
		chromedp.SendKeys(chromedp.CSS("#remind_before"), "2"),
		chromedp.Submit(chromedp.CSS("#remind_after")), chromedp.WaitVisible(chromedp.CSS(".govuk-notification-banner"))); err != nil {
		t.Fatal(err)
	}

	bad := write("staff.csv", "email\nana.jones@northshire.example.gov.uk\nben.smith@northshire\nana.jones@northshire.example.gov.uk\n")
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#staff_list"), []string{bad}),
		chromedp.Submit(chromedp.CSS("#staff_list")), chromedp.WaitVisible(chromedp.CSS(".govuk-error-summary"))); err != nil {
		t.Fatal(err)
	}
	summary, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".govuk-error-summary__list")))
	if err != nil || !strings.Contains(summary, "Line 3:") || !strings.Contains(summary, "Line 4:") {
		t.Errorf("the error summary reads %q, %v", summary, err)
	}
	check("invitations, list refused")
	screenshots(t, ctx, "invite-page-errors")
	if n := len(mail.Messages()); n != 0 {
		t.Fatalf("%d emails after a refused list", n)
	}

	staff := []string{"ana.jones@northshire.example.gov.uk", "ben.smith@northshire.example.gov.uk", "chloe.patel@northshire.example.gov.uk"}
	good := write("staff-fixed.csv", "Name,Email\nAna Jones,"+staff[0]+"\nBen Smith,"+staff[1]+"\nChloe Patel,"+staff[2]+"\n")
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#staff_list"), []string{good}),
		chromedp.Submit(chromedp.CSS("#staff_list")), chromedp.WaitVisible(chromedp.CSS(".govuk-notification-banner"))); err != nil {
		t.Fatal(err)
	}
	for range 500 {
		if len(mail.Messages()) >= len(staff) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	received := mail.Messages()
	if len(received) != len(staff) {
		t.Fatalf("%d emails arrived, want %d", len(received), len(staff))
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	check("invitations, sent")
	screenshots(t, ctx, "invite-page")

	// The email as received, in the browser as a mail client shows HTML.
	email := write("email.html", received[0].HTML)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+email)); err != nil {
		t.Fatal(err)
	}
	if h := heading(ctx); h != "Health check 2027" {
		t.Errorf("the email's heading is %q", h)
	}
	check("invitation email")
	screenshots(t, ctx, "invite-email")
	link, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("a[href*='/s/']"), "href"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link.Value, base+"/s/") {
		t.Fatalf("the email's link %q does not lead to the server", link.Value)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(link.Value)); err != nil {
		t.Fatal(err)
	}
	if h := heading(ctx); !strings.Contains(h, "health check") && !strings.Contains(h, "Health check") {
		t.Errorf("the email's link opens a page headed %q", h)
	}
}

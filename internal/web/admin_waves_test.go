package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestClosingAWaveAsksFirstAndCanBeUndone: the waves page links to a
// confirmation page rather than closing in one click; its button closes;
// a closed wave can be reopened; both are in the audit log.
func TestClosingAWaveAsksFirstAndCanBeUndone(t *testing.T) {
	f := newResultsFixture(t)
	viewer, admin := f.signIn()
	id := f.thisYear.ID
	closePath := fmt.Sprintf("/admin/waves/%d/close", id)
	reopenPath := fmt.Sprintf("/admin/waves/%d/reopen", id)

	status, page := f.send(admin, "GET", "/admin/waves", nil)
	if status != http.StatusOK || !strings.Contains(page, `href="`+closePath+`"`) || strings.Contains(page, `action="`+closePath+`"`) {
		t.Fatalf("the waves page should link to the confirmation page, not post: %d", status)
	}
	status, page = f.send(admin, "GET", closePath, nil)
	for _, want := range []string{"Close Team check 2026?", "its link and every unused invitation code stop working", "can reopen the wave", `action="` + closePath + `"`} {
		if status != http.StatusOK || !strings.Contains(page, want) {
			t.Errorf("the confirmation page = %d, lacks %q", status, want)
		}
	}
	if status, _ := f.send(viewer, "GET", closePath, nil); status != http.StatusForbidden {
		t.Errorf("a viewer on the confirmation page = %d", status)
	}
	csrf := f.csrfFor(admin)
	if status, to := f.send(admin, "POST", closePath, url.Values{"_csrf": {csrf}}); status != http.StatusSeeOther || to != "/admin/waves?done=closed" {
		t.Fatalf("closing = %d %s", status, to)
	}
	if status, _, _ := submitJSON(t, f.server.URL, f.thisYear.LinkCode); status != http.StatusGone {
		t.Errorf("a submission to the closed wave = %d", status)
	}
	if status, _ := f.send(admin, "GET", closePath, nil); status != http.StatusConflict {
		t.Errorf("the confirmation page of a closed wave = %d", status)
	}
	_, page = f.send(admin, "GET", "/admin/waves", nil)
	if !strings.Contains(page, `action="`+reopenPath+`"`) || !strings.Contains(page, "Reopen Team check 2026") {
		t.Errorf("the waves page offers no reopening of the closed wave")
	}
	if status, _ := f.send(viewer, "POST", reopenPath, url.Values{"_csrf": {f.csrfFor(viewer)}}); status != http.StatusForbidden {
		t.Errorf("a viewer reopening = %d", status)
	}
	if status, to := f.send(admin, "POST", reopenPath, url.Values{"_csrf": {csrf}}); status != http.StatusSeeOther || to != "/admin/waves?done=reopened" {
		t.Fatalf("reopening = %d %s", status, to)
	}
	if status, body := f.do(nil, "POST", "/api/v1/responses", "application/json", strings.NewReader(`{"code": "`+f.thisYear.LinkCode+`", "answers": `+person("north", "worker", 4, 7, "")+`}`)); status != http.StatusCreated {
		t.Errorf("a submission to the reopened wave = %d %s", status, body)
	}
	if status, _ := f.send(admin, "POST", reopenPath, url.Values{"_csrf": {csrf}}); status != http.StatusConflict {
		t.Errorf("reopening an open wave = %d", status)
	}
	entries, err := f.db.AuditLog(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("admin@example.org reopen wave wave %d|admin@example.org close wave wave %d|", id, id)
	got := ""
	for _, e := range entries {
		got += e.Actor + " " + e.Action + " " + e.Detail + "|"
	}
	if got != want {
		t.Errorf("audit log %q, want %q", got, want)
	}
}

// TestTheOpenWaveFormTakesACap: the form refuses a cap that is not a
// whole number in range beside its field, and the waves page shows a cap
// against the headcount.
func TestTheOpenWaveFormTakesACap(t *testing.T) {
	f := newSecurityFixture(t)
	admin := f.admin
	csrf := f.csrfFor(admin)
	before, err := f.db.Waves(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	form := func(max string) url.Values {
		return url.Values{"_csrf": {csrf}, "survey": {"team-check"}, "name": {"Capped wave"}, "headcount": {"80"}, "access": {"link"}, "max_responses": {max}}
	}
	tests := []struct {
		name, max string
		status    int
	}{
		{"not a number", "many", http.StatusBadRequest},
		{"negative", "-5", http.StatusBadRequest},
		{"too many", "1000001", http.StatusBadRequest},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			status, page := f.send(admin, "POST", "/admin/waves", form(c.max))
			if status != c.status || !strings.Contains(page, `id="max_responses-error"`) || !strings.Contains(page, "a whole number from 1 to 1,000,000") {
				t.Errorf("= %d, want %d with the error beside the field", status, c.status)
			}
		})
	}
	after, err := f.db.Waves(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("a refused form opened a wave: %d waves, %d before", len(after), len(before))
	}
	if status, to := f.send(admin, "POST", "/admin/waves", form("120")); status != http.StatusSeeOther {
		t.Fatalf("opening with a cap = %d %s", status, to)
	}
	_, page := f.send(admin, "GET", "/admin/waves", nil)
	if !strings.Contains(page, "0 from a headcount of 80; takes at most 120") {
		t.Errorf("the waves page does not show the cap against the headcount")
	}
}

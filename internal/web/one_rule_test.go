package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/action"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// domainMessage is the one message a domain validator gives a field.
func domainMessage(t *testing.T, err error, field string) string {
	t.Helper()
	for _, f := range survey.Fields(err) {
		if f.Field == field {
			return f.Message
		}
	}
	t.Fatalf("the validator finds no fault in %s: %v", field, err)
	return ""
}

// TestEachLimitIsWordedOnceForEveryEdge drives the admin forms and the
// API with the same bad values: each edge refuses with the domain
// validator's own message and stores nothing. The command line's side is
// in cmd/sayso.
func TestEachLimitIsWordedOnceForEveryEdge(t *testing.T) {
	f := newResultsFixture(t)
	ctx := context.Background()
	_, admin := f.signIn()
	csrf := f.csrfFor(admin)
	today := time.Now().Format(survey.DateLayout)
	longName := strings.Repeat("n", 5000)

	wavesBefore, err := f.db.Waves(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := domainMessage(t, survey.WaveSettings{Name: longName, Access: survey.AccessLink}.Validate(today), "name")
	status, page := f.send(admin, "POST", "/admin/waves", url.Values{"_csrf": {csrf}, "survey": {"team-check"}, "name": {longName}, "access": {"link"}})
	if status != http.StatusBadRequest || !slices.Contains(errorSummary(t, page), want) {
		t.Errorf("a 5,000-character wave name on the form: %d %q, want %q", status, errorSummary(t, page), want)
	}
	_, err = f.db.OpenWave(ctx, store.NewWave{Source: &survey.Source{File: survey.File{Name: "team-check.yaml", Data: f.thisYear.Source}, Definition: f.thisYear.Definition}, Name: longName, Access: survey.AccessLink})
	if got := domainMessage(t, err, "name"); got != want {
		t.Errorf("the store words the wave name %q, want %q", got, want)
	}
	if wavesAfter, _ := f.db.Waves(ctx); len(wavesAfter) != len(wavesBefore) {
		t.Errorf("a wave with a bad name was stored: %d waves, were %d", len(wavesAfter), len(wavesBefore))
	}

	want = survey.CheckHeadcount(survey.MaxHeadcount + 1).Message
	status, page = f.send(admin, "POST", fmt.Sprintf("/admin/waves/%d/headcount", f.thisYear.ID), url.Values{"_csrf": {csrf}, "headcount": {"1000001"}})
	if status != http.StatusBadRequest || !slices.Contains(errorSummary(t, page), want) {
		t.Errorf("a headcount over the cap on the form: %d %q, want %q", status, errorSummary(t, page), want)
	}
	status, page = f.send(admin, "POST", "/admin/waves", url.Values{"_csrf": {csrf}, "survey": {"team-check"}, "name": {"Big"}, "access": {"link"}, "headcount": {"1000001"}})
	if status != http.StatusBadRequest || !slices.Contains(errorSummary(t, page), want) {
		t.Errorf("a headcount over the cap when opening: %d %q, want %q", status, errorSummary(t, page), want)
	}

	codesWave, err := f.db.OpenWave(ctx, store.NewWave{Source: &survey.Source{File: survey.File{Name: "team-check.yaml", Data: f.thisYear.Source}, Definition: f.thisYear.Definition}, Name: "By code", Access: survey.AccessCodes})
	if err != nil {
		t.Fatal(err)
	}
	want = domainMessage(t, survey.CheckCodeBatch(survey.MaxCodeBatch+1), "count")
	status, page = f.send(admin, "POST", fmt.Sprintf("/admin/waves/%d/codes", codesWave.ID), url.Values{"_csrf": {csrf}, "count": {"10001"}})
	if status != http.StatusBadRequest || !slices.Contains(errorSummary(t, page), want) {
		t.Errorf("a batch of codes over the cap on the form: %d %q, want %q", status, errorSummary(t, page), want)
	}
	if _, err := f.db.CreateCodes(ctx, codesWave.ID, survey.MaxCodeBatch+1); domainMessage(t, err, "count") != want {
		t.Errorf("the store words the batch %v, want %q", err, want)
	}
	if n, _ := f.db.CodesIssued(ctx, codesWave.ID); n != 0 {
		t.Errorf("%d codes made past the cap", n)
	}

	longTitle := strings.Repeat("t", action.MaxTitle+1)
	bad := action.Action{WaveID: f.thisYear.ID, Theme: "workload", Title: longTitle, StaffSaid: "s", WeDid: "w", Owner: "o", Status: action.Planned}
	want = domainMessage(t, bad.Validate(f.thisYear.Definition), "title")
	status, page = f.send(admin, "POST", "/admin/actions", url.Values{"_csrf": {csrf}, "wave": {fmt.Sprint(f.thisYear.ID)}, "about": {"theme:workload"},
		"title": {longTitle}, "staff_said": {"s"}, "we_did": {"w"}, "owner": {"o"}, "status": {"planned"}})
	if status != http.StatusBadRequest || !slices.Contains(errorSummary(t, page), want) {
		t.Errorf("a long action title on the form: %d %q, want %q", status, errorSummary(t, page), want)
	}
	status, body := f.api("POST", "/api/v1/actions", f.admin, fmt.Sprintf(`{"wave_id": %d, "theme": "workload", "title": %q, "staff_said": "s", "we_did": "w", "owner": "o", "status": "planned"}`, f.thisYear.ID, longTitle))
	if status != http.StatusBadRequest || !strings.Contains(body, `{"field":"title","message":"`+want+`"}`) {
		t.Errorf("a long action title on the API: %d %s, want %q", status, body, want)
	}
	if n := f.actionCount(); n != 0 {
		t.Errorf("%d actions stored from bad input", n)
	}
}

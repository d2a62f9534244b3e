package web

import (
	"context"
	"strconv"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"github.com/sayso/sayso/internal/action"
)

// TestOverdueActionsAreFlagged: an action past its due date and not done
// is flagged on the actions page; one done, or due later, is not.
func TestOverdueActionsAreFlagged(t *testing.T) {
	f := newResultsFixture(t)
	ctx := context.Background()
	for _, a := range []*action.Action{
		{WaveID: f.lastYear.ID, Theme: "workload", Title: "Late cap", StaffSaid: "-", WeDid: "-", Owner: "PSW", Status: action.InProgress, Due: "2020-01-31", Published: true},
		{WaveID: f.lastYear.ID, Theme: "workload", Title: "Finished rota", StaffSaid: "-", WeDid: "-", Owner: "PSW", Status: action.Done, Due: "2020-01-31"},
		{WaveID: f.thisYear.ID, Theme: "workload", Title: "Future plan", StaffSaid: "-", WeDid: "-", Owner: "PSW", Status: action.Planned, Due: "2999-12-31"},
	} {
		if err := f.db.CreateAction(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	viewer, _ := f.signIn()
	_, page := f.send(viewer, "GET", "/actions", nil)
	doc := parsePage(t, page)
	warning, flagged := "", map[string]bool{}
	for n := range doc.Descendants() {
		if n.Type != xhtml.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			switch {
			case a.Key == "class" && a.Val == "govuk-warning-text":
				warning = textOf(n)
			case a.Key == "class" && a.Val == "sayso-action" && strings.Contains(textOf(n), "Overdue"):
				flagged[strings.Fields(textOf(n))[0]] = true
			}
		}
	}
	if !strings.Contains(warning, "1 action is past its due date and not done") {
		t.Errorf("the warning reads %q", warning)
	}
	if !strings.Contains(page, "Late cap (due 2020-01-31, in progress; after Team check 2025)") {
		t.Error("the overdue action is not listed under the warning")
	}
	if len(flagged) != 1 || !flagged["Late"] {
		t.Errorf("flagged overdue: %v, want only Late cap", flagged)
	}
}

// TestYouSaidWeDidOpensWithTheHeadlineResults: the public page leads with
// the latest published wave's whole-wave figures, the API's, and nothing
// of any group.
func TestYouSaidWeDidOpensWithTheHeadlineResults(t *testing.T) {
	f := newResultsFixture(t)
	f.respond(f.thisYear, 10, person("north", "worker", 4, 7, ""))
	f.respond(f.thisYear, 7, person("south", "worker", 2, 5, ""))
	api := f.results(f.thisYear, "")
	_, page := f.send(f.newBrowser(), "GET", "/you-said-we-did", nil)
	doc := parsePage(t, page)
	if !strings.Contains(page, "What you told us in Team check 2026") {
		t.Fatalf("the public page does not open with the results: %s", page)
	}
	cells, ok := rowCells(doc, api.Indicators[0].Title)
	if !ok || cells[0] != strconv.FormatFloat(*api.Indicators[0].Value, 'f', 1, 64) {
		t.Errorf("%s reads %q; the API has %v", api.Indicators[0].Title, cells, *api.Indicators[0].Value)
	}
	cells, ok = rowCells(doc, api.Themes[0].Title)
	if want := strconv.FormatFloat(*api.Themes[0].Score, 'f', 0, 64) + " out of 100, " + api.Themes[0].Band; !ok || cells[0] != want {
		t.Errorf("%s reads %q, want %q", api.Themes[0].Title, cells, want)
	}
	for _, group := range []string{"North", "South"} {
		if strings.Contains(page, group) {
			t.Errorf("the public page names the group %s", group)
		}
	}
}

package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
)

func TestGroupResponseRates(t *testing.T) {
	f := newResultsFixture(t)
	f.respond(f.thisYear, 10, person("north", "worker", 4, 7, ""))
	f.respond(f.thisYear, 7, person("south", "worker", 2, 5, ""))
	f.respond(f.thisYear, 3, person("east", "manager", 5, 9, ""))
	viewer, admin := f.signIn()
	this := strconv.FormatInt(f.thisYear.ID, 10)
	page := "/waves/" + this + "/response-rates?by=team"
	post := "/admin/waves/" + this + "/group-headcounts"
	stored := func() map[string]int {
		h, err := f.db.GroupHeadcounts(context.Background(), f.thisYear.ID, "team")
		if err != nil {
			t.Fatal(err)
		}
		return h
	}

	// Which fields are which group's, as the form names them.
	_, body := f.send(admin, "GET", page, nil)
	doc := parsePage(t, body)
	field := map[string]string{}
	for n := range doc.Descendants() {
		if n.Type == xhtml.ElementNode && n.Data == "label" {
			for _, a := range n.Attr {
				if a.Key == "for" && strings.HasPrefix(a.Val, "headcount-") {
					field[textOf(n)] = a.Val
				}
			}
		}
	}
	if len(field) != 5 {
		t.Fatalf("the form has fields for %v, want the four teams and those who did not answer", field)
	}

	for _, bad := range []string{"abc", "0", "-3", "2000000", "4.5"} {
		form := url.Values{"_csrf": {f.csrfFor(admin)}, "by": {"team"}, field["North"]: {"12"}, field["South"]: {bad}}
		status, body := f.send(admin, "POST", post, form)
		if status != http.StatusBadRequest || !strings.Contains(body, "Enter the headcount of South as a whole number") || !strings.Contains(body, `value="`+bad+`"`) {
			t.Errorf("headcount %q: %d, want 400 with the message beside the field", bad, status)
		}
		if len(stored()) != 0 {
			t.Fatalf("headcount %q: something was stored: %v", bad, stored())
		}
	}
	for _, by := range []string{"", "nonsense", "caseload"} {
		if status, _ := f.send(admin, "POST", post, url.Values{"_csrf": {f.csrfFor(admin)}, "by": {by}, field["North"]: {"12"}}); status != http.StatusBadRequest {
			t.Errorf("by %q: %d, want 400", by, status)
		}
	}
	if status, _ := f.send(viewer, "POST", post, url.Values{"_csrf": {f.csrfFor(viewer)}, "by": {"team"}, field["North"]: {"12"}}); status != http.StatusForbidden {
		t.Errorf("a viewer set headcounts: %d, want 403", status)
	}

	form := url.Values{"_csrf": {f.csrfFor(admin)}, "by": {"team"}, field["North"]: {"12"}, field["South"]: {"10"}, field["East"]: {"4"}, field["West"]: {""}}
	if status, location := f.send(admin, "POST", post, form); status != http.StatusSeeOther || !strings.Contains(location, "done=saved") {
		t.Fatalf("saving: %d %s", status, location)
	}
	if got := stored(); len(got) != 3 || got["north"] != 12 || got["south"] != 10 || got["east"] != 4 {
		t.Fatalf("stored %v", got)
	}

	_, body = f.send(viewer, "GET", page, nil)
	doc = parsePage(t, body)
	for team, want := range map[string][]string{
		// East's 3 are hidden (and south with them, or east could be worked
		// out from the total): no count and no rate, only the headcount.
		"North": {"12", "10", "83%"},
		"East":  {"4", "Fewer than 5 responses"},
		"West":  {"not given", "Fewer than 5 responses"},
	} {
		cells, ok := rowCells(doc, team)
		if !ok || strings.Join(cells, "|") != strings.Join(want, "|") {
			t.Errorf("%s reads %q, want %q", team, cells, want)
		}
	}
	hidden := 0
	for label := range field {
		cells, _ := rowCells(doc, label)
		if slices.Contains(cells, "Fewer than 5 responses") {
			hidden++
			if len(cells) != 2 || strings.HasSuffix(strings.Join(cells, ""), "%") {
				t.Errorf("hidden group %s shows more than its headcount: %q", label, cells)
			}
		}
	}
	if hidden == 0 {
		t.Error("no group is hidden: the fixture proves nothing")
	}
}

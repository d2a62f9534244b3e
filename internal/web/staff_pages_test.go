package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// assertFormErrors checks a form page that came back with errors as the
// GOV.UK pattern has it: the title starts "Error:", the summary lists
// exactly the fields wanted, in the order they stand in the form, and each
// field sits in a group marked in error with the same message beside it.
func assertFormErrors(t *testing.T, name, page string, want ...string) {
	t.Helper()
	doc := parsePage(t, page)
	if len(want) == 0 {
		t.Fatalf("%s: no field to look for", name)
	}
	for n := range doc.Descendants() {
		if n.DataAtom == atom.Title && !strings.HasPrefix(textOf(n), "Error: ") {
			t.Errorf("%s: the title %q does not start with Error:", name, textOf(n))
		}
	}
	summaries := elements(doc, "govuk-error-summary")
	if len(summaries) != 1 {
		t.Fatalf("%s: %d error summaries", name, len(summaries))
	}
	var anchors, messages []string
	for n := range summaries[0].Descendants() {
		if n.DataAtom == atom.A {
			anchors = append(anchors, strings.TrimPrefix(attrOf(n, "href"), "#"))
			messages = append(messages, textOf(n))
		}
	}
	if !slices.Equal(anchors, want) {
		t.Errorf("%s: the summary lists %v, want %v", name, anchors, want)
	}
	last := 0
	for i, anchor := range anchors {
		field, at := elementAt(doc, anchor)
		if field == nil {
			t.Errorf("%s: the summary links to #%s, which is not on the page", name, anchor)
			continue
		}
		if at < last {
			t.Errorf("%s: #%s comes before the field listed above it in the summary", name, anchor)
		}
		last = at
		group := field.Parent
		for group != nil && !hasClass(group, "govuk-form-group") {
			group = group.Parent
		}
		if group == nil || !hasClass(group, "govuk-form-group--error") {
			t.Errorf("%s: #%s is not in a form group marked in error", name, anchor)
			continue
		}
		beside, _ := elementAt(group, anchor+"-error")
		if beside == nil || !hasClass(beside, "govuk-error-message") || textOf(beside) != "Error: "+messages[i] {
			t.Errorf("%s: beside #%s there is no message %q", name, anchor, messages[i])
		}
		if kind := attrOf(field, "type"); kind != "radio" && kind != "checkbox" {
			errorClass := map[atom.Atom]string{atom.Input: "govuk-input--error", atom.Select: "govuk-select--error", atom.Textarea: "govuk-textarea--error"}[field.DataAtom]
			if errorClass == "" || !hasClass(field, errorClass) || !strings.Contains(attrOf(field, "aria-describedby"), anchor+"-error") {
				t.Errorf("%s: #%s is not marked in error and described by its message", name, anchor)
			}
		}
	}
}

// TestEveryStaffFormShowsErrorsBesideItsFields posts each admin form, and
// one's own password form, wrong in every field it can be: each comes
// back with every error beside its field and in the summary in field
// order, and nothing is stored.
func TestEveryStaffFormShowsErrorsBesideItsFields(t *testing.T) {
	f := newSecurityFixture(t)
	ctx := context.Background()
	this := f.thisYear.ID
	wavesBefore, _ := f.db.Waves(ctx)
	accountsBefore, _ := f.db.Accounts(ctx)
	actionsBefore := f.actionCount()
	tests := []struct {
		name, path string
		form       url.Values
		status     int
		fields     []string
	}{
		{"open a wave", "/admin/waves", url.Values{"survey": {"nothing"}, "name": {" "}, "headcount": {"-1"}, "max_responses": {"many"}, "access": {"post"}, "closes": {"2026-02-30"}},
			400, []string{"survey", "name", "headcount", "max_responses", "access", "closes"}},
		{"a closing date passed", "/admin/waves", url.Values{"survey": {"team-check"}, "name": {"Late"}, "access": {"link"}, "closes": {"2001-01-31"}}, 400, []string{"closes"}},
		{"a wave's headcount", fmt.Sprintf("/admin/waves/%d/headcount", this), url.Values{"headcount": {"lots"}}, 400, []string{fmt.Sprintf("headcount-%d", this)}},
		{"a headcount out of range", fmt.Sprintf("/admin/waves/%d/headcount", this), url.Values{"headcount": {"2000000"}}, 400, []string{fmt.Sprintf("headcount-%d", this)}},
		{"add an account", "/admin/accounts", url.Values{"email": {"not an address"}, "role": {"owner"}, "password": {"short"}}, 400, []string{"email", "role", "password"}},
		{"reset a password", "/admin/accounts/password", url.Values{"email": {"viewer@example.org"}, "password": {"short"}}, 400, []string{"reset-password"}},
		{"delete an account", "/admin/accounts/delete", url.Values{"email": {"viewer@example.org"}}, 400, []string{"delete-confirm"}},
		{"add an action", "/admin/actions", url.Values{"wave": {strconv.FormatInt(this, 10)}, "about": {"theme:nothing"}, "status": {"someday"}, "due": {"soon"}},
			400, []string{"title", "about", "staff_said", "we_did", "owner", "status", "due"}},
		{"change an action", fmt.Sprintf("/admin/actions/%d", f.action.ID), url.Values{"title": {strings.Repeat("t", 500)}, "about": {"theme:workload"}, "staff_said": {"x"}, "we_did": {"y"}, "owner": {""}, "status": {"done"}},
			400, []string{"title", "owner"}},
		{"your own password", "/account/password", url.Values{"current": {"not it"}, "password": {"a brand new password"}, "again": {"a brand new password"}}, 400, []string{"current"}},
	}
	for _, tt := range tests {
		status, page := f.adminForm(f.admin, tt.path, tt.form)
		if status != tt.status {
			t.Errorf("%s: %d, want %d: %.300s", tt.name, status, tt.status, page)
			continue
		}
		assertFormErrors(t, tt.name, page, tt.fields...)
	}
	// The codes form of a wave taken by code only.
	codesWave, err := f.db.OpenWave(ctx, store.NewWave{Source: &survey.Source{File: survey.File{Name: "team-check.yaml", Data: f.thisYear.Source}, Definition: f.thisYear.Definition}, Name: "By code", Access: survey.AccessCodes})
	if err != nil {
		t.Fatal(err)
	}
	status, page := f.adminForm(f.admin, fmt.Sprintf("/admin/waves/%d/codes", codesWave.ID), url.Values{"count": {"0"}})
	if status != 400 {
		t.Fatalf("codes: %d", status)
	}
	assertFormErrors(t, "invitation codes", page, fmt.Sprintf("count-%d", codesWave.ID))
	if issued, _ := f.db.CodesIssued(ctx, codesWave.ID); issued != 0 {
		t.Errorf("a refused codes form issued %d codes", issued)
	}

	wavesAfter, _ := f.db.Waves(ctx)
	accountsAfter, _ := f.db.Accounts(ctx)
	if len(wavesAfter) != len(wavesBefore)+1 || len(accountsAfter) != len(accountsBefore) || f.actionCount() != actionsBefore {
		t.Errorf("a refused form stored something: waves %d → %d, accounts %d → %d", len(wavesBefore), len(wavesAfter), len(accountsBefore), len(accountsAfter))
	}
	if w, _ := f.db.Wave(ctx, this); w.Headcount != f.thisYear.Headcount {
		t.Errorf("a refused headcount was saved: %d", w.Headcount)
	}
}

// TestOpenAWaveKeepsWhatWasChosen: a form sent back with an error keeps
// every answer given, the radios included.
func TestOpenAWaveKeepsWhatWasChosen(t *testing.T) {
	f := newSecurityFixture(t)
	status, page := f.adminForm(f.admin, "/admin/waves", url.Values{"survey": {"team-check"}, "name": {""}, "headcount": {"120"}, "access": {"codes"}, "closes": {"2030-01-31"}})
	if status != 400 {
		t.Fatalf("%d", status)
	}
	assertFormErrors(t, "open a wave", page, "name")
	doc := parsePage(t, page)
	for id, want := range map[string]string{"headcount": "120", "closes": "2030-01-31"} {
		if n, _ := elementAt(doc, id); n == nil || attrOf(n, "value") != want {
			t.Errorf("#%s does not keep %q", id, want)
		}
	}
	for id, checked := range map[string]bool{"access": false, "access-codes": true, "access-both": false} {
		if n, _ := elementAt(doc, id); n == nil || hasAttr(n, "checked") != checked {
			t.Errorf("#%s checked = %v, want %v", id, n != nil && hasAttr(n, "checked"), checked)
		}
	}
	if n, _ := elementAt(doc, fmt.Sprintf("headcount-%d", f.thisYear.ID)); n == nil || attrOf(n, "value") != strconv.Itoa(f.thisYear.Headcount) {
		t.Error("the open wave's own headcount form does not show its headcount")
	}
}

// TestNewActionAsksWhichWave: the form for a new action needs a wave;
// without one it asks, and a wave that is not there is asked for again.
func TestNewActionAsksWhichWave(t *testing.T) {
	f := newSecurityFixture(t)
	status, page := f.send(f.admin, "GET", "/admin/actions/new", nil)
	if status != 200 {
		t.Fatalf("without a wave: %d", status)
	}
	doc := parsePage(t, page)
	var offered []string
	for n := range doc.Descendants() {
		if n.DataAtom == atom.Input && attrOf(n, "name") == "wave" && attrOf(n, "type") == "radio" {
			offered = append(offered, attrOf(n, "value"))
		}
	}
	waves, _ := f.db.Waves(context.Background())
	if len(offered) == 0 || len(offered) != len(waves) {
		t.Errorf("the page offers waves %v, of %d", offered, len(waves))
	}
	if !strings.Contains(textOf(doc), "Which wave is the action about?") {
		t.Errorf("the page does not ask which wave: %s", textOf(doc))
	}
	for _, tt := range []struct {
		query  string
		status int
	}{{"?asked=wave", 400}, {"?wave=abc", 400}, {"?wave=0", 400}, {"?wave=999", 404}} {
		status, page := f.send(f.admin, "GET", "/admin/actions/new"+tt.query, nil)
		if status != tt.status {
			t.Errorf("%s: %d, want %d", tt.query, status, tt.status)
			continue
		}
		assertFormErrors(t, tt.query, page, "wave")
	}
	status, page = f.send(f.admin, "GET", "/admin/actions/new?asked=wave&wave="+offered[0], nil)
	if status != 200 || !strings.Contains(page, `action="/admin/actions"`) || !strings.Contains(page, `name="wave" value="`+offered[0]+`"`) {
		t.Errorf("with a wave chosen: %d, not the action form", status)
	}
	if status, _ := f.send(f.viewer, "GET", "/admin/actions/new", nil); status != http.StatusForbidden {
		t.Errorf("a viewer asked which wave: %d", status)
	}
}

// layoutOf says which layout a page has: the staff navigation, and which
// footer.
func layoutOf(t *testing.T, page string) (nav []string, staffFooter, respondentFooter bool) {
	t.Helper()
	doc := parsePage(t, page)
	for n := range doc.Descendants() {
		switch {
		case n.DataAtom == atom.Nav && attrOf(n, "aria-label") == "Menu":
			for a := range n.Descendants() {
				if a.DataAtom == atom.A {
					nav = append(nav, attrOf(a, "href"))
				}
			}
		case n.DataAtom == atom.Footer:
			text := textOf(n)
			staffFooter = strings.Contains(text, "Individual responses are never shown")
			respondentFooter = strings.Contains(text, "Sayso keeps no record of who you are")
		}
	}
	return nav, staffFooter, respondentFooter
}

// TestStaffErrorPagesKeepTheStaffLayout: an error met on a staff page, or
// at an address that is not there while signed in, keeps the staff
// navigation and footer; respondents' pages keep theirs, even for
// someone signed in.
func TestStaffErrorPagesKeepTheStaffLayout(t *testing.T) {
	f := newSecurityFixture(t)
	anonymous := f.newBrowser()
	this := strconv.FormatInt(f.thisYear.ID, 10)
	closed, err := f.db.OpenWave(context.Background(), store.NewWave{Source: &survey.Source{File: survey.File{Name: "team-check.yaml", Data: f.thisYear.Source}, Definition: f.thisYear.Definition}, Name: "Closed", Access: survey.AccessLink})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.CloseWave(context.Background(), closed.ID); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		browser *http.Client
		method  string
		path    string
		form    url.Values
		status  int
		nav     []string // the navigation wanted; nil for none
		heading string
	}{
		{"no such address", f.admin, "GET", "/no/such/page", nil, 404, []string{"/dashboard", "/actions", "/admin/waves", "/admin/accounts", "/admin/audit"}, "Page not found"},
		{"no such wave", f.viewer, "GET", "/waves/999", nil, 404, []string{"/dashboard", "/actions"}, "Page not found"},
		{"a bad wave id", f.viewer, "GET", "/waves/abc", nil, 400, []string{"/dashboard", "/actions"}, "There is a problem with this request"},
		{"an admin page for a viewer", f.viewer, "GET", "/admin/waves", nil, 403, []string{"/dashboard", "/actions"}, "You cannot do this"},
		{"a comparison that cannot be", f.admin, "GET", "/surveys/team-check/compare?wave=" + this + "&with=" + this, nil, 400, []string{"/dashboard", "/actions", "/admin/waves", "/admin/accounts", "/admin/audit"}, "There is a problem with this request"},
		{"closing a wave that is not there", f.admin, "POST", "/admin/waves/999/close", url.Values{}, 404, []string{"/dashboard", "/actions", "/admin/waves", "/admin/accounts", "/admin/audit"}, "Page not found"},
		{"closing a closed wave", f.admin, "POST", fmt.Sprintf("/admin/waves/%d/close", closed.ID), url.Values{}, 409, []string{"/dashboard", "/actions", "/admin/waves", "/admin/accounts", "/admin/audit"}, "This cannot be done now"},
		{"an admin's form posted by a viewer", f.viewer, "POST", "/admin/waves/" + this + "/close", url.Values{}, 403, []string{"/dashboard", "/actions"}, "You cannot do this"},
		{"an expired form", f.admin, "POST", "/admin/waves/" + this + "/close", url.Values{"_csrf": {"old"}}, 403, []string{"/dashboard", "/actions", "/admin/waves", "/admin/accounts", "/admin/audit"}, "Form expired"},
		{"signed out", anonymous, "GET", "/no/such/page", nil, 404, nil, "Page not found"},
	}
	for _, tt := range tests {
		form := tt.form
		if form != nil && form.Get("_csrf") == "" {
			form.Set("_csrf", f.csrfFor(tt.browser))
		}
		status, page := f.send(tt.browser, tt.method, tt.path, form)
		if status != tt.status {
			t.Errorf("%s: %d, want %d", tt.name, status, tt.status)
			continue
		}
		nav, staffFooter, respondentFooter := layoutOf(t, page)
		if !slices.Equal(nav, tt.nav) || !staffFooter || respondentFooter {
			t.Errorf("%s: navigation %v (want %v), staff footer %v, respondent footer %v", tt.name, nav, tt.nav, staffFooter, respondentFooter)
		}
		doc := parsePage(t, page)
		if h1 := elementsByAtom(doc, atom.H1); len(h1) != 1 || textOf(h1[0]) != tt.heading {
			t.Errorf("%s: heading %v, want %q", tt.name, h1, tt.heading)
		}
		if tt.nav != nil && !strings.Contains(page, `action="/logout"`) {
			t.Errorf("%s: no way to sign out", tt.name)
		}
	}
	// The sign-out form on an error page works: its token is good.
	_, page := f.send(f.viewer, "GET", "/admin/waves", nil)
	if status, to := f.send(f.viewer, "POST", "/logout", url.Values{"_csrf": {csrfOf(t, page)}}); status != http.StatusSeeOther || to != "/login" {
		t.Errorf("signing out from an error page: %d %s", status, to)
	}
	// A respondent's page keeps the respondents' layout, signed in or not.
	status, page := f.send(f.admin, "GET", "/s/NOSUCHCODE", nil)
	if nav, staffFooter, respondentFooter := layoutOf(t, page); status != 404 || nav != nil || staffFooter || !respondentFooter {
		t.Errorf("a respondent's error page for a signed-in admin: %d, navigation %v, staff footer %v", status, nav, staffFooter)
	}
}

// selected is the value chosen in a select of a page.
func selected(doc *html.Node, id string) string {
	sel, _ := elementAt(doc, id)
	if sel == nil {
		return "(no such select)"
	}
	for n := range sel.Descendants() {
		if n.DataAtom == atom.Option && hasAttr(n, "selected") {
			return attrOf(n, "value")
		}
	}
	return ""
}

// TestComparisonFormWithItsDefaults submits the comparison form as it
// comes, "Nothing: everyone" included: an empty by is no breakdown, on the
// page, the report and the API.
func TestComparisonFormWithItsDefaults(t *testing.T) {
	f := newSecurityFixture(t)
	f.respond(f.lastYear, 6, person("north", "worker", 3, 6, ""))
	f.respond(f.thisYear, 6, person("north", "worker", 4, 7, ""))
	this, last := strconv.FormatInt(f.thisYear.ID, 10), strconv.FormatInt(f.lastYear.ID, 10)
	status, page := f.send(f.viewer, "GET", "/surveys/team-check/compare", nil)
	if status != 200 {
		t.Fatalf("the comparison: %d", status)
	}
	doc := parsePage(t, page)
	form := url.Values{}
	for _, id := range []string{"wave", "with", "by"} {
		form.Set(id, selected(doc, id))
	}
	if form.Get("wave") != this || form.Get("with") != last || form.Get("by") != "" {
		t.Fatalf("the form's defaults are %v", form)
	}
	status, page = f.send(f.viewer, "GET", "/surveys/team-check/compare?"+form.Encode(), nil)
	if status != 200 || strings.Contains(page, "Theme scores by group") || !strings.Contains(page, "Team check 2026 compared with Team check 2025") {
		t.Errorf("the form sent with its defaults: %d", status)
	}
	for _, path := range []string{
		"/surveys/team-check/report?" + form.Encode(),
		"/surveys/team-check/compare?wave=&with=&by=",
		"/surveys/team-check/compare?by=%20",
	} {
		if status, _ := f.send(f.viewer, "GET", path, nil); status != 200 {
			t.Errorf("GET %s: %d", path, status)
		}
	}
	// The report link carries the breakdown the page shows, and only then.
	for by, want := range map[string]string{
		"":     "team-check-report-team-check-2026-vs-team-check-2025.html",
		"team": "team-check-report-team-check-2026-vs-team-check-2025-by-team.html",
	} {
		_, page := f.send(f.viewer, "GET", "/surveys/team-check/compare?by="+by, nil)
		var link string
		for n := range parsePage(t, page).Descendants() {
			if n.DataAtom == atom.A && strings.HasPrefix(attrOf(n, "href"), "/surveys/team-check/report") {
				link = attrOf(n, "href")
			}
		}
		res, err := f.viewer.Get(f.server.URL + link)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if link == "" || res.StatusCode != 200 || res.Header.Get("Content-Disposition") != `attachment; filename="`+want+`"` {
			t.Errorf("by=%s: the report link %q gives %d %q, want %s", by, link, res.StatusCode, res.Header.Get("Content-Disposition"), want)
		}
	}
	for _, path := range []string{"/api/v1/waves/" + this + "/compare/" + last + "?by=", "/api/v1/waves/" + this + "/results?by="} {
		status, body := f.get(path, "Bearer "+f.resultsFixture.viewer)
		if status != 200 || strings.Contains(body, `"groups":[{`) {
			t.Errorf("GET %s: %d %.200s", path, status, body)
		}
	}
}

// TestComparisonDefaultsToTheLatestPublishedResults: a wave just opened,
// with too few answers to show, is not what "the latest" compares; the
// latest wave with published results is, against the one before it.
func TestComparisonDefaultsToTheLatestPublishedResults(t *testing.T) {
	f := newSecurityFixture(t)
	f.respond(f.lastYear, 6, person("north", "worker", 3, 6, ""))
	f.respond(f.thisYear, 6, person("north", "worker", 4, 7, ""))
	next, err := f.db.OpenWave(context.Background(), store.NewWave{Source: &survey.Source{File: survey.File{Name: "team-check.yaml", Data: f.thisYear.Source}, Definition: f.thisYear.Definition}, Name: "Team check 2027", Access: survey.AccessLink})
	if err != nil {
		t.Fatal(err)
	}
	f.respond(next, 1, person("north", "worker", 5, 9, ""))
	status, page := f.send(f.viewer, "GET", "/surveys/team-check/compare", nil)
	doc := parsePage(t, page)
	if h1 := elementsByAtom(doc, atom.H1); status != 200 || len(h1) != 1 || textOf(h1[0]) != "Team check 2026 compared with Team check 2025" {
		t.Errorf("the default comparison: %d %v", status, textOf(doc))
	}
	if got := selected(doc, "wave"); got != strconv.FormatInt(f.thisYear.ID, 10) {
		t.Errorf("the form's wave is %s", got)
	}
	res, err := f.viewer.Get(f.server.URL + "/surveys/team-check/report")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if want := `attachment; filename="team-check-report-team-check-2026-vs-team-check-2025.html"`; res.StatusCode != 200 || res.Header.Get("Content-Disposition") != want {
		t.Errorf("the report: %d, %q, want %q", res.StatusCode, res.Header.Get("Content-Disposition"), want)
	}
	res, err = f.viewer.Get(f.server.URL + "/surveys/team-check/report?with=none&wave=" + strconv.FormatInt(next.ID, 10))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if want := `attachment; filename="team-check-report-team-check-2027.html"`; res.Header.Get("Content-Disposition") != want {
		t.Errorf("the report of one wave: %q, want %q", res.Header.Get("Content-Disposition"), want)
	}
}

// TestStaffPagesWriteDatesTheUKWay: stored as ISO dates and RFC 3339
// times, dates on the staff pages read as people in the UK write them.
func TestStaffPagesWriteDatesTheUKWay(t *testing.T) {
	f := newSecurityFixture(t)
	if err := f.db.Audit(context.Background(), "admin@example.org", "open wave", "a wave"); err != nil {
		t.Fatal(err)
	}
	isoDate := regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)
	ukDate := regexp.MustCompile(`\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b`)
	for _, path := range []string{"/admin/accounts", "/admin/audit", "/admin/waves", "/dashboard", "/surveys/team-check/compare"} {
		status, page := f.send(f.admin, "GET", path, nil)
		text := shownText(parsePage(t, page))
		if status != 200 {
			t.Errorf("GET %s: %d", path, status)
			continue
		}
		if iso := isoDate.FindString(text); iso != "" {
			t.Errorf("%s writes %q", path, iso)
		}
		if !ukDate.MatchString(text) {
			t.Errorf("%s has no date written the UK way: %.300s", path, text)
		}
	}
}

// shownText is the text of a page, a space between every piece, leaving
// out the hints that say how to type a date into a field.
func shownText(doc *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && hasClass(n, "govuk-hint") {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return strings.Join(strings.Fields(b.String()), " ")
}

// TestEveryStaffTableIsInAScrollRegion: each table of the staff pages
// scrolls inside a region of its own, which the keyboard can reach and a
// screen reader names, so that a wide table never widens the page.
func TestEveryStaffTableIsInAScrollRegion(t *testing.T) {
	f := newSecurityFixture(t)
	f.respond(f.lastYear, 6, person("north", "worker", 3, 6, "More time"))
	f.respond(f.thisYear, 6, person("north", "worker", 4, 7, "Fewer forms"))
	if err := f.db.Audit(context.Background(), "admin@example.org", "open wave", "a wave"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.db.CreateToken(context.Background(), "viewer@example.org", 0); err != nil {
		t.Fatal(err)
	}
	this := strconv.FormatInt(f.thisYear.ID, 10)
	tables := 0
	for _, path := range []string{
		"/dashboard", "/waves/" + this, "/waves/" + this + "/themes/workload", "/waves/" + this + "/breakdown", "/waves/" + this + "/workload",
		"/waves/" + this + "/comments", "/surveys/team-check/compare", "/surveys/team-check/compare?by=team", "/admin/accounts", "/admin/audit", "/admin/waves", "/actions",
	} {
		status, page := f.send(f.admin, "GET", path, nil)
		if status != 200 {
			t.Errorf("GET %s: %d", path, status)
			continue
		}
		for _, table := range elementsByAtom(parsePage(t, page), atom.Table) {
			tables++
			region := table.Parent
			for region != nil && !hasClass(region, "sayso-table-scroll") {
				region = region.Parent
			}
			if region == nil || attrOf(region, "tabindex") != "0" || attrOf(region, "role") != "region" || attrOf(region, "aria-label")+attrOf(region, "aria-labelledby") == "" {
				t.Errorf("%s: a table (%s) is not in a focusable, named scroll region", path, textOf(table)[:min(60, len(textOf(table)))])
			}
		}
	}
	if tables == 0 {
		t.Fatal("no table found on the staff pages")
	}
}

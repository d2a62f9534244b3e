package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	xhtml "golang.org/x/net/html"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/action"
	"github.com/sayso/sayso/internal/format"
)

const staffPassword = "correct horse battery"

// staffHash is the fixture accounts' password hash, made once: bcrypt is
// slow on purpose. Setting it later would revoke their API tokens.
var staffHash = sync.OnceValue(func() account.PasswordHash {
	hash, err := account.HashPassword(staffPassword)
	if err != nil {
		panic(err)
	}
	return hash
})

// signIn returns a browser signed in as the fixture's viewer and one as
// its admin.
func (f *resultsFixture) signIn() (viewer, admin *http.Client) {
	f.t.Helper()
	return f.login("viewer@example.org"), f.login("admin@example.org")
}

// browser is a client with cookies that does not follow redirects, so a
// test sees them.
func (f *resultsFixture) newBrowser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (f *resultsFixture) login(email string) *http.Client {
	f.t.Helper()
	b := f.newBrowser()
	_, page := f.send(b, "GET", "/login", nil)
	status, body := f.send(b, "POST", "/login", url.Values{"_csrf": {csrfOf(f.t, page)}, "email": {email}, "password": {staffPassword}, "next": {"/dashboard"}})
	if status != http.StatusSeeOther {
		f.t.Fatalf("signing in as %s: %d %s", email, status, body)
	}
	return b
}

// send makes a request as a browser would; form nil sends a GET.
func (f *resultsFixture) send(b *http.Client, method, path string, form url.Values) (int, string) {
	f.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, f.server.URL+path, body)
	if err != nil {
		f.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := b.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	if res.StatusCode == http.StatusSeeOther {
		return res.StatusCode, res.Header.Get("Location")
	}
	return res.StatusCode, string(out)
}

// csrfFor is a valid CSRF token for a browser, read from a page it may see.
func (f *resultsFixture) csrfFor(b *http.Client) string {
	f.t.Helper()
	_, page := f.send(b, "GET", "/dashboard", nil)
	return csrfOf(f.t, page)
}

func TestDashboardRoutesByRole(t *testing.T) {
	f := newResultsFixture(t)
	f.respond(f.thisYear, 12, person("north", "worker", 4, 7, "Fewer forms"))
	f.respond(f.lastYear, 6, person("north", "worker", 3, 6, ""))
	viewer, admin := f.signIn()
	anonymous := f.newBrowser()
	this, last := strconv.FormatInt(f.thisYear.ID, 10), strconv.FormatInt(f.lastYear.ID, 10)
	const signIn, ok, forbidden = 303, 200, 403
	pages := []struct {
		path                 string
		anon, viewer, admin_ int
	}{
		{"/dashboard", signIn, ok, ok},
		{"/waves/" + this, signIn, ok, ok},
		{"/waves/" + this + "/themes/workload", signIn, ok, ok},
		{"/waves/" + this + "/themes/nothing", signIn, 404, 404},
		{"/waves/" + this + "/breakdown", signIn, ok, ok},
		{"/waves/" + this + "/breakdown?by=team,role", signIn, ok, ok},
		{"/waves/" + this + "/breakdown?by=satisfaction", signIn, 400, 400},
		{"/waves/" + this + "/comments", signIn, ok, ok},
		{"/waves/" + this + "/workload", signIn, ok, ok},
		{"/waves/" + this + "/results.csv", signIn, ok, ok},
		{"/waves/" + this + "/results.csv?by=team", signIn, ok, ok},
		{"/waves/" + this + "/charts/themes.svg", signIn, ok, ok},
		{"/waves/" + this + "/charts/themes.png", signIn, ok, ok},
		{"/waves/" + this + "/charts/theme-workload.png", signIn, ok, ok},
		{"/waves/" + this + "/charts/themes.gif", signIn, 404, 404},
		{"/waves/999/charts/themes.png", signIn, 404, 404},
		{"/waves/abc", signIn, 400, 400},
		{"/waves/999", signIn, 404, 404},
		{"/surveys/team-check/charts/trend.png", signIn, ok, ok},
		{"/surveys/team-check/charts/trend.svg", signIn, ok, ok},
		{"/surveys/team-check/compare", signIn, ok, ok},
		{"/surveys/team-check/compare?wave=" + last + "&with=" + this + "&by=team", signIn, ok, ok},
		{"/surveys/team-check/compare?with=none", signIn, ok, ok},
		{"/surveys/team-check/compare?with=" + this, signIn, 400, 400},
		{"/surveys/team-check/compare?wave=abc", signIn, 400, 400},
		{"/surveys/team-check/compare?with=-1", signIn, 400, 400},
		{"/surveys/team-check/compare?by=satisfaction", signIn, 400, 400},
		{"/surveys/nothing/compare", signIn, 404, 404},
		{"/surveys/team-check/compare?wave=999", signIn, 404, 404},
		{"/surveys/team-check/report", signIn, ok, ok},
		{"/surveys/team-check/report?with=none", signIn, ok, ok},
		{"/surveys/team-check/report?wave=" + this + "&with=" + this, signIn, 400, 400},
		{"/admin/waves", signIn, forbidden, ok},
		{"/admin/accounts", signIn, forbidden, ok},
		{"/admin/audit", signIn, forbidden, ok},
	}
	for _, p := range pages {
		for _, who := range []struct {
			name   string
			client *http.Client
			want   int
		}{{"anonymous", anonymous, p.anon}, {"viewer", viewer, p.viewer}, {"admin", admin, p.admin_}} {
			status, body := f.send(who.client, "GET", p.path, nil)
			if status != who.want {
				t.Errorf("GET %s as %s: %d, want %d: %.300s", p.path, who.name, status, who.want, body)
			}
			if status == signIn && body != "/login?next="+url.QueryEscape(p.path) {
				t.Errorf("GET %s as %s: sent to %q", p.path, who.name, body)
			}
		}
	}

	// Admin actions: a viewer is refused, and so is a form without a
	// valid CSRF token, even an admin's; nothing changes either way.
	viewerToken, adminToken := f.csrfFor(viewer), f.csrfFor(admin)
	actions := []struct {
		path string
		form url.Values
	}{
		{"/admin/waves", url.Values{"survey": {"team-check"}, "name": {"Never opened"}, "access": {"link"}}},
		{"/admin/waves/" + this + "/close", url.Values{}},
		{"/admin/waves/" + this + "/headcount", url.Values{"headcount": {"99"}}},
		{"/admin/waves/" + this + "/codes", url.Values{"count": {"5"}}},
		{"/admin/accounts", url.Values{"email": {"new@example.org"}, "role": {"viewer"}, "password": {staffPassword}}},
		{"/admin/accounts/password", url.Values{"email": {"viewer@example.org"}, "password": {"a new long password"}}},
	}
	for _, a := range actions {
		for _, try := range []struct {
			name   string
			client *http.Client
			token  string
			want   int
		}{{"a viewer", viewer, viewerToken, forbidden}, {"an admin without a token", admin, "", forbidden}, {"an admin with another's token", admin, viewerToken, forbidden}, {"anyone signed out", anonymous, "", 401}} {
			form := url.Values{}
			for k, v := range a.form {
				form[k] = v
			}
			if try.token != "" {
				form.Set("_csrf", try.token)
			}
			if status, body := f.send(try.client, "POST", a.path, form); status != try.want {
				t.Errorf("POST %s as %s: %d, want %d: %.300s", a.path, try.name, status, try.want, body)
			}
		}
	}
	if w, err := f.db.Wave(context.Background(), f.thisYear.ID); err != nil || w.Headcount != 40 || w.Closed {
		t.Errorf("a refused action changed the wave: %+v %v", w, err)
	}
	if entries, _ := f.db.AuditLog(context.Background(), 10); len(entries) != 0 {
		t.Errorf("refused actions were audited: %+v", entries)
	}

	// And an admin with a valid token may, and each action is audited.
	for _, a := range []struct {
		path string
		form url.Values
		want int
	}{
		{"/admin/waves/" + this + "/headcount", url.Values{"headcount": {"99"}}, 303},
		{"/admin/waves/" + this + "/headcount", url.Values{"headcount": {"-1"}}, 400},
		{"/admin/waves", url.Values{"survey": {"no-such-survey"}, "name": {""}, "headcount": {"lots"}, "access": {"carrier pigeon"}, "closes": {"soon"}}, 400},
		{"/admin/accounts", url.Values{"email": {"new@example.org"}, "role": {"viewer"}, "password": {staffPassword}}, 303},
		{"/admin/accounts", url.Values{"email": {"new@example.org"}, "role": {"viewer"}, "password": {staffPassword}}, 409},
		{"/admin/accounts", url.Values{"email": {"not an address"}, "role": {"root"}, "password": {"short"}}, 400},
		{"/admin/waves/" + this + "/close", url.Values{}, 303},
		{"/admin/waves/" + this + "/close", url.Values{}, 409},
	} {
		a.form.Set("_csrf", adminToken)
		if status, body := f.send(admin, "POST", a.path, a.form); status != a.want {
			t.Errorf("POST %s %v as an admin: %d, want %d: %.500s", a.path, a.form, status, a.want, body)
		}
	}
	entries, _ := f.db.AuditLog(context.Background(), 10)
	var actionsDone []string
	for _, e := range entries {
		if e.Actor != "admin@example.org" {
			t.Errorf("audited as %q", e.Actor)
		}
		actionsDone = append(actionsDone, e.Action)
	}
	if strings.Join(actionsDone, ",") != "close wave,add account,set headcount" {
		t.Errorf("audit log: %v", actionsDone)
	}
	if _, page := f.send(admin, "GET", "/admin/audit", nil); !strings.Contains(page, "new@example.org as viewer") {
		t.Errorf("the audit page does not show the actions: %.500s", page)
	}
}

func TestSignInAndOut(t *testing.T) {
	f := newResultsFixture(t)
	viewer, _ := f.signIn()
	b := f.newBrowser()
	_, page := f.send(b, "GET", "/login?next=/waves/1", nil)
	token := csrfOf(t, page)
	for _, bad := range []url.Values{
		{"email": {"viewer@example.org"}, "password": {"wrong password here"}},
		{"email": {"nobody@example.org"}, "password": {staffPassword}},
		{"email": {""}, "password": {""}},
		{"email": {"not an email"}, "password": {staffPassword}},
	} {
		bad.Set("_csrf", token)
		status, body := f.send(b, "POST", "/login", bad)
		if status != http.StatusUnauthorized || !strings.Contains(body, "govuk-error-summary") || strings.Contains(body, "sayso_") {
			t.Errorf("signing in with %v: %d %.300s", bad, status, body)
		}
	}
	if status, _ := f.send(b, "POST", "/login", url.Values{"email": {"viewer@example.org"}, "password": {staffPassword}}); status != http.StatusForbidden {
		t.Errorf("a sign-in without a CSRF token: %d", status)
	}

	// A session id set before signing in is not the one after.
	u, _ := url.Parse(f.server.URL)
	planted := "sayso_" + strings.Repeat("P", 43)
	b.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: planted, Path: "/"}})
	// Tokens are bound to the session cookie a browser holds, planted or not.
	_, page = f.send(b, "GET", "/login", nil)
	token = csrfOf(t, page)
	status, next := f.send(b, "POST", "/login", url.Values{"_csrf": {token}, "email": {"viewer@example.org"}, "password": {staffPassword}, "next": {"//evil.example/x"}})
	if status != http.StatusSeeOther || next != "/dashboard" {
		t.Errorf("signing in: %d to %q", status, next)
	}
	var session *http.Cookie
	for _, c := range b.Jar.Cookies(u) {
		if c.Name == sessionCookie {
			session = c
		}
	}
	if session == nil || session.Value == planted {
		t.Fatalf("the session id was not renewed at sign-in: %v", session)
	}
	if status, _ := f.send(b, "GET", "/dashboard", nil); status != 200 {
		t.Errorf("signed in, the dashboard is %d", status)
	}
	if status, _ := f.send(b, "POST", "/logout", url.Values{"_csrf": {f.csrfFor(b)}}); status != http.StatusSeeOther {
		t.Errorf("signing out: %d", status)
	}
	// The old session id no longer opens anything, even sent by hand.
	stolen := f.newBrowser()
	stolen.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: session.Value, Path: "/"}})
	if status, _ := f.send(stolen, "GET", "/dashboard", nil); status != http.StatusSeeOther {
		t.Errorf("a signed-out session still opens the dashboard: %d", status)
	}
	// The other browser's session is untouched.
	if status, _ := f.send(viewer, "GET", "/dashboard", nil); status != 200 {
		t.Errorf("signing out one browser signed out another: %d", status)
	}
}

func TestSignInIsRateLimited(t *testing.T) {
	f := newResultsFixture(t)
	limited := httptestServer(t, New(Config{Logger: discardLogger(), LoginRate: 3}, f.db))
	f.server = limited
	b := f.newBrowser()
	_, page := f.send(b, "GET", "/login", nil)
	token := csrfOf(t, page)
	statuses := []int{}
	for range 5 {
		status, _ := f.send(b, "POST", "/login", url.Values{"_csrf": {token}, "email": {"viewer@example.org"}, "password": {"wrong password here"}})
		statuses = append(statuses, status)
	}
	if fmt.Sprint(statuses) != "[401 401 401 429 429]" {
		t.Errorf("five quick wrong sign-ins: %v", statuses)
	}
}

// TestDashboardShowsTheAPIsNumbers reads the overview, breakdown and CSV
// of a wave and checks them against the results API.
func TestDashboardShowsTheAPIsNumbers(t *testing.T) {
	f := newResultsFixture(t)
	f.respond(f.thisYear, 10, person("north", "worker", 4, 7, ""))
	f.respond(f.thisYear, 7, person("south", "worker", 2, 5, "Call me on 07700 900123"))
	f.respond(f.thisYear, 3, person("east", "manager", 5, 9, "Only east would say this"))
	viewer, _ := f.signIn()
	this := strconv.FormatInt(f.thisYear.ID, 10)
	api := f.results(f.thisYear, "?by=team")
	if len(api.Themes) == 0 || len(api.Indicators) == 0 || len(api.Groups) == 0 {
		t.Fatalf("the API gives %d themes, %d indicators and %d groups: the page has nothing to agree with", len(api.Themes), len(api.Indicators), len(api.Groups))
	}
	_, overview := f.send(viewer, "GET", "/waves/"+this, nil)
	for _, th := range api.Themes {
		if row := rowHeaded(t, overview, th.Title); !row.shows(strconv.FormatFloat(*th.Score, 'f', 0, 64)) || !row.shows(th.Band) {
			t.Errorf("theme %s: the API says %.2f %s; the page row is %q", th.Title, *th.Score, th.Band, row.text())
		}
	}
	for _, ind := range api.Indicators {
		want := "–" // nobody answered it
		if ind.Value != nil {
			want = strconv.FormatFloat(*ind.Value, 'f', 1, 64)
			if ind.Title == "Caseload above the safe level" {
				want = strconv.FormatFloat(*ind.Value, 'f', 0, 64) + "%"
			}
		}
		if row := rowHeaded(t, overview, ind.Title); !row.shows(want) {
			t.Errorf("indicator %s: the API says %v; the page row is %q", ind.Title, ind.Value, row.text())
		}
	}

	_, breakdown := f.send(viewer, "GET", "/waves/"+this+"/breakdown?by=team", nil)
	for _, g := range api.Groups {
		row := rowHeaded(t, breakdown, g.Label)
		if g.Hidden {
			if row.text() != "Fewer than 5 responses" {
				t.Errorf("hidden group %s shows: %s", g.Label, row.text())
			}
		} else if !row.shows(strconv.Itoa(*g.Responses)) {
			t.Errorf("group %s has %d responses in the API; the page row is %q", g.Label, *g.Responses, row.text())
		}
	}

	_, csv := f.send(viewer, "GET", "/waves/"+this+"/results.csv?by=team", nil)
	if !strings.HasPrefix(csv, "group,responses,kind,id,title,value,low,high,answered,band,note\nwhole wave,20,publication,1,\"Interim results published on ") {
		t.Errorf("CSV header: %.100s", csv)
	}
	for _, th := range api.Themes {
		if !strings.Contains(csv, "whole wave,20,theme score,") || !strings.Contains(csv, ","+th.Title+","+strconv.FormatFloat(*th.Score, 'f', 2, 64)+",") {
			t.Errorf("the CSV lacks theme %s at %.2f", th.Title, *th.Score)
		}
	}
	if !strings.Contains(csv, "\nEast,,\"hidden") || strings.Contains(csv, "\nEast,3") {
		t.Errorf("the CSV shows the east team of 3:\n%s", csv)
	}

	// The share over the safe caseload by role: 17 workers, 3 managers,
	// so both are hidden (the workers would give the managers away).
	_, workload := f.send(viewer, "GET", "/waves/"+this+"/workload", nil)
	for _, role := range []string{"Social worker", "Manager"} {
		if text := rowHeaded(t, workload, role).text(); text != "Fewer than 5 responses" {
			t.Errorf("workload by role: %s reads %q", role, text)
		}
	}

	_, comments := f.send(viewer, "GET", "/waves/"+this+"/comments", nil)
	if !strings.Contains(comments, "Call me on [phone number removed]") || strings.Contains(comments, "07700") || strings.Contains(comments, "South") {
		t.Errorf("comments page: %s", comments)
	}
}

// TestComparePageShowsTheAPIsChanges reads the comparison page against
// the API's: the same figures, the same tests, and a group hidden in
// either wave hidden on the page, with no number of it anywhere.
func TestComparePageShowsTheAPIsChanges(t *testing.T) {
	f := newResultsFixture(t)
	// Last year east had 3, so east is hidden there (and with it another
	// team, or the total would give east away). This year every team has 6.
	f.respond(f.lastYear, 6, person("north", "worker", 2, 5, ""))
	f.respond(f.lastYear, 6, person("south", "worker", 3, 6, ""))
	f.respond(f.lastYear, 3, person("east", "manager", 1, 1, ""))
	for _, team := range []string{"north", "south", "east"} {
		f.respond(f.thisYear, 6, person(team, "worker", 4, 7, ""))
	}
	if err := f.db.CreateAction(context.Background(), &action.Action{WaveID: f.lastYear.ID, Theme: "workload", Title: "Caseload cap", StaffSaid: "Too many cases", WeDid: "A cap of 18", Owner: "Head of service", Status: action.Done}); err != nil {
		t.Fatal(err)
	}
	viewer, _ := f.signIn()
	this, last := strconv.FormatInt(f.thisYear.ID, 10), strconv.FormatInt(f.lastYear.ID, 10)
	_, body := f.get("/api/v1/waves/"+this+"/compare/"+last+"?by=team", "Bearer "+f.viewer)
	type movement struct {
		Title       string   `json:"title"`
		Earlier     *float64 `json:"earlier"`
		Later       *float64 `json:"later"`
		Significant bool     `json:"significant"`
		Difference  *float64 `json:"difference"`
	}
	var api struct {
		Themes     []movement `json:"themes"`
		Indicators []movement `json:"indicators"`
		Groups     []struct {
			Label  string     `json:"label"`
			Hidden bool       `json:"hidden"`
			Themes []movement `json:"themes"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(body), &api); err != nil {
		t.Fatal(err)
	}
	status, page := f.send(viewer, "GET", "/surveys/team-check/compare?by=team", nil)
	if status != 200 {
		t.Fatalf("compare page: %d %s", status, page)
	}
	whole := func(v *float64) string { return strconv.FormatFloat(*v, 'f', 0, 64) }
	if len(api.Themes) != 1 || !api.Themes[0].Significant || len(api.Groups) == 0 {
		t.Fatalf("the fixture should move workload significantly, in groups: %+v, %d groups", api.Themes, len(api.Groups))
	}
	for _, th := range api.Themes {
		row := rowHeaded(t, page, th.Title)
		verdict := "No significant change"
		if th.Significant {
			verdict = "Improved" // a theme's score is better higher
		}
		if !row.shows(whole(th.Earlier)) || !row.shows(whole(th.Later)) || !row.showsEnding("+"+whole(th.Difference)) || !strings.Contains(row.text(), verdict) {
			t.Errorf("theme %s: the API says %v → %v (significant %v); the page row is %q", th.Title, *th.Earlier, *th.Later, th.Significant, row.text())
		}
	}
	hidden := 0
	for _, g := range api.Groups {
		text := rowHeaded(t, page, g.Label).text()
		if g.Hidden {
			hidden++
			if text != "Fewer than 5 responses" {
				t.Errorf("group %s, hidden in a wave, shows: %s", g.Label, text)
			}
		} else if !strings.Contains(text, "15 → 18") && !strings.Contains(text, "6 → 6") {
			t.Errorf("group %s: %s", g.Label, text)
		}
	}
	if hidden < 2 || !strings.Contains(body, `"label":"East","hidden":true`) {
		t.Errorf("east, 3 last year, and one more team must be hidden: %s", body)
	}
	if link, ok := rowHeaded(t, page, "Workloads").link("#actions-workload"); !ok || !strings.HasPrefix(link, "1 action") || !strings.Contains(page, "We did: A cap of 18") {
		t.Error("the workload theme's action is not beside its change")
	}
	if strings.Contains(page, "3 → 6") {
		t.Error("the page gives east's count of last year")
	}

	// The report is the same file sayso report writes, served so that the
	// browser itself forbids it any request.
	res, err := viewer.Get(f.server.URL + "/surveys/team-check/report")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	report, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Security-Policy"), "default-src 'none'") ||
		res.Header.Get("Content-Disposition") != `attachment; filename="team-check-report-team-check-2026-vs-team-check-2025.html"` {
		t.Errorf("report: %d, headers %v", res.StatusCode, res.Header)
	}
	if !strings.Contains(string(report), "<style>") || !strings.Contains(string(report), "Team check 2026<span class=\"sub\">compared with Team check 2025") {
		t.Errorf("report: %.400s", report)
	}
}

// TestDashboardShowsNothingOfAWaveUnderK walks every results page, chart
// and export of a wave of 4.
func TestDashboardShowsNothingOfAWaveUnderK(t *testing.T) {
	f := newResultsFixture(t)
	f.respond(f.thisYear, 4, person("north", "worker", 5, 9, "A secret only north knows"))
	viewer, _ := f.signIn()
	this := strconv.FormatInt(f.thisYear.ID, 10)
	for _, path := range []string{"/waves/" + this, "/waves/" + this + "/themes/workload", "/waves/" + this + "/breakdown?by=team", "/waves/" + this + "/comments", "/waves/" + this + "/workload", "/waves/" + this + "/results.csv?by=team", "/dashboard", "/surveys/team-check/compare?by=team", "/surveys/team-check/compare?with=none", "/surveys/team-check/report"} {
		status, body := f.send(viewer, "GET", path, nil)
		if status != 200 {
			t.Errorf("GET %s: %d", path, status)
		}
		for _, forbidden := range []string{"secret", "Workloads</a>", "moderate</strong>", "high</strong>", "<svg", "North</th>", "theme score", "Fewer than 5 responses"} {
			if strings.Contains(body, forbidden) {
				t.Errorf("GET %s for a wave of 4 shows %q", path, forbidden)
			}
		}
	}
	for _, chart := range []string{"themes.png", "theme-workload.svg"} {
		if status, _ := f.send(viewer, "GET", "/waves/"+this+"/charts/"+chart, nil); status != 404 {
			t.Errorf("chart %s of a wave of 4: %d", chart, status)
		}
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func httptestServer(t *testing.T, h http.Handler) *httptest.Server {
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

// TestPagesSayWhichPublicationTheyShow follows a wave from its first
// responses to its close: every page says, in the same words, how many
// responses have come and how many the results it shows are from.
func TestPagesSayWhichPublicationTheyShow(t *testing.T) {
	f := newResultsFixture(t)
	viewer, _ := f.signIn()
	this := strconv.FormatInt(f.thisYear.ID, 10)
	pages := []string{"/waves/" + this, "/waves/" + this + "/themes/workload", "/waves/" + this + "/breakdown", "/waves/" + this + "/workload", "/waves/" + this + "/comments"}
	says := func(stage string, want *regexp.Regexp, listed string) {
		t.Helper()
		for _, path := range pages {
			status, body := f.send(viewer, "GET", path, nil)
			if status != 200 {
				t.Fatalf("%s: GET %s: %d", stage, path, status)
			}
			if got := insetText(parsePage(t, body)); !want.MatchString(got) {
				t.Errorf("%s: %s says %q, want %s", stage, path, got, want)
			}
		}
		_, export := f.send(viewer, "GET", "/waves/"+this+"/results.csv", nil)
		rows, err := csv.NewReader(strings.NewReader(export)).ReadAll()
		if err != nil || len(rows) < 2 || rows[1][2] != "publication" || !want.MatchString(rows[1][4]) {
			t.Errorf("%s: the CSV does not start with its publication: %v %q", stage, err, rows)
		}
		_, list := f.send(viewer, "GET", "/dashboard", nil)
		doc := parsePage(t, list)
		if cells, ok := rowCells(doc, "Team check 2026 opened "+format.When(f.thisYear.OpenedOn)); !ok || !regexp.MustCompile(listed).MatchString(cells[len(cells)-1]) {
			t.Errorf("%s: the list of waves reads %q, want %s", stage, cells, listed)
		}
	}
	const day = `\d{1,2} [A-Z][a-z]+ \d{4}`

	f.respond(f.thisYear, 4, person("north", "worker", 4, 7, ""))
	says("under k", regexp.MustCompile(`^4 people have answered so far\. Results show once at least 5 people have answered, so that nobody can be picked out\.$`), "^Not published yet$")

	f.respond(f.thisYear, 6, person("south", "worker", 3, 6, "Fewer forms"))
	says("first publication", regexp.MustCompile(`^Interim results published on `+day+`, from all 10 responses received so far\. The wave is still open: later responses will show in a later publication\.$`), `^Interim, `+day+`: from all 10$`)

	f.respond(f.thisYear, 4, person("east", "manager", 1, 0, ""))
	says("fewer than k since", regexp.MustCompile(`^Interim results published on `+day+`, from 10 of the 14 responses received so far; 4 are not shown yet and will be in a later publication\.$`), `^Interim, `+day+`: from 10 of 14$`)

	if err := f.db.CloseWave(context.Background(), f.thisYear.ID); err != nil {
		t.Fatal(err)
	}
	says("closed", regexp.MustCompile(`^Final results published on `+day+`, from 10 of 14 responses; 4 responses could not be published without risking someone's anonymity\.$`), `^Final, `+day+`: from 10 of 14$`)

	_, report := f.send(viewer, "GET", "/surveys/team-check/report?with=none", nil)
	doc := parsePage(t, report)
	if text := textOf(doc); !regexp.MustCompile(`Team check 2026: Final results published on ` + day + `, from 10 of 14 responses; 4 responses could not be published`).MatchString(text) {
		t.Errorf("the report does not say which publication it shows: %s", text)
	}
}

// insetText is the text of a page's first inset, where a wave's pages say
// which publication they show.
func insetText(doc *xhtml.Node) string {
	for n := range doc.Descendants() {
		for _, a := range n.Attr {
			if a.Key == "class" && strings.Contains(a.Val, "govuk-inset-text") {
				return textOf(n)
			}
		}
	}
	return ""
}

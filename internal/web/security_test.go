package web

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/action"
	"github.com/sayso/sayso/internal/progress"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// TestSignInLimitFollowsOnlyTrustedProxies signs in wrongly from two
// people behind one proxy. The forwarded address is believed only from a
// proxy in the trusted ranges, so the two are limited apart there and
// together everywhere else, and a client cannot escape its limit by
// writing a forwarded address of its own. No address reaches the log.
func TestSignInLimitFollowsOnlyTrustedProxies(t *testing.T) {
	const alice, bob = "203.0.113.7", "203.0.113.8"
	for _, c := range []struct {
		name    string
		trusted []netip.Prefix
		bobHeld bool // Bob shares Alice's limit
	}{
		{"no trusted proxy", nil, true},
		{"the proxy is not among the trusted", []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, true},
		{"the proxy is trusted", []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32")}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newResultsFixture(t)
			logs := &syncBuffer{}
			f.server = httptestServer(t, New(Config{Logger: slog.New(slog.NewJSONHandler(logs, nil)), LoginRate: 2, TrustedProxies: c.trusted}, f.db))
			b := f.newBrowser()
			_, page := f.send(b, "GET", "/login", nil)
			token := csrfOf(t, page)
			attempt := func(forwardedFor string) int {
				t.Helper()
				form := url.Values{"_csrf": {token}, "email": {"viewer@example.org"}, "password": {"wrong password here"}}
				req, _ := http.NewRequest("POST", f.server.URL+"/login", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Forwarded-For", forwardedFor)
				res, err := b.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				return res.StatusCode
			}
			aliceTries := fmt.Sprint(attempt(alice), attempt(alice), attempt(alice))
			// Alice claims to be someone else; the proxy appends where she
			// really is.
			forged := attempt("198.51.100.1, " + alice)
			bobTries := attempt(bob)
			if aliceTries != "401 401 429" || forged != 429 {
				t.Errorf("Alice's attempts: %s, then with a forged address %d; want 401 401 429, then 429", aliceTries, forged)
			}
			if wantBob := map[bool]int{true: 429, false: 401}[c.bobHeld]; bobTries != wantBob {
				t.Errorf("Bob's first attempt: %d, want %d", bobTries, wantBob)
			}
			for _, addr := range []string{alice, bob, "198.51.100.1", "127.0.0.1"} {
				if strings.Contains(logs.String(), addr) {
					t.Errorf("the log holds the address %s:\n%s", addr, logs)
				}
			}
			if !strings.Contains(logs.String(), `"status":429`) {
				t.Errorf("the attempts were not logged:\n%s", logs)
			}
		})
	}
}

// securityFixture is the results fixture served with the team check in
// its catalogue, so that an admin can open waves, with an admin and a
// viewer signed in.
type securityFixture struct {
	*resultsFixture
	srv           *Server
	viewer, admin *http.Client
	action        *action.Action
}

func newSecurityFixture(t *testing.T) *securityFixture {
	t.Helper()
	f := &securityFixture{resultsFixture: newResultsFixture(t)}
	data, err := os.ReadFile("testdata/team-check.yaml")
	if err != nil {
		t.Fatal(err)
	}
	catalogue, err := survey.NewCatalogue([]survey.File{{Name: "team-check.yaml", Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	// Sign-in attempts are many here, and their limit is tested apart.
	f.srv = New(Config{Logger: slog.New(slog.NewJSONHandler(f.logs, nil)), Catalogue: catalogue, LoginRate: 1000}, f.db)
	f.server = httptestServer(t, f.srv)
	f.viewer, f.admin = f.signIn()
	f.action = &action.Action{WaveID: f.thisYear.ID, Theme: "workload", Title: "Fewer forms", StaffSaid: "Too many forms", WeDid: "Cut two", Owner: "PSW", Status: action.Done, Published: true}
	if err := f.db.CreateAction(context.Background(), f.action); err != nil {
		t.Fatal(err)
	}
	return f
}

// routePath fills a route's parameters with values that exist.
func (f *securityFixture) routePath(route string) string {
	values := map[string]string{
		"id": strconv.FormatInt(f.thisYear.ID, 10), "other": strconv.FormatInt(f.lastYear.ID, 10),
		"code": f.thisYear.LinkCode, "theme": "workload", "chart": "themes.svg", "survey": "team-check", "*": "sayso.css",
		"n": "1", "secret": progress.NewSecret().String(),
	}
	switch {
	case strings.HasPrefix(route, "/surveys/"):
		values["chart"] = "trend.svg"
	case strings.HasSuffix(route, "/trend"):
		values["code"] = "team-check"
	case route == "/admin/actions/new":
		return route + "?wave=" + strconv.FormatInt(f.thisYear.ID, 10)
	case strings.Contains(route, "/actions/"):
		values["id"] = strconv.FormatInt(f.action.ID, 10)
	}
	parts := strings.Split(route, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, ":") || p == "*" {
			parts[i] = values[strings.TrimPrefix(p, ":")]
		}
	}
	return strings.Join(parts, "/")
}

// inlineCode finds what a page would need script or inline styles for,
// which the policy forbids.
var inlineCode = regexp.MustCompile(`(?i)<script|\son[a-z]+\s*=|\sstyle\s*=|javascript:`)

// TestEveryRouteSendsTheSecurityHeaders asks every GET route there is, as
// a signed-in admin with an API token, and checks the headers on each,
// and that no HTML page needs inline script or style: the policy allows
// neither.
func TestEveryRouteSendsTheSecurityHeaders(t *testing.T) {
	f := newSecurityFixture(t)
	f.respond(f.thisYear, 6, person("north", "worker", 4, 7, "More time"))
	f.respond(f.lastYear, 6, person("north", "worker", 3, 6, "Less travel"))
	type ask struct {
		client *http.Client
		path   string
		found  bool // the path exists, so the answer is a page or a redirect
	}
	anonymous := f.newBrowser()
	asks := []ask{{f.admin, "/nowhere", false}, {f.admin, "/waves/999", false}, {anonymous, "/login", true}, {anonymous, "/dashboard", true}, {anonymous, "/s/" + f.wave.LinkCode, true}}
	for _, r := range f.srv.echo.Routes() {
		if r.Method == http.MethodGet {
			// A resume link that opens nothing is not found.
			asks = append(asks, ask{f.admin, f.routePath(r.Path), r.Path != "/resume/:secret"})
		}
	}
	for _, a := range asks {
		path := a.path
		req, _ := http.NewRequest("GET", f.server.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+f.resultsFixture.admin)
		res, err := a.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode >= 500 || a.found && res.StatusCode != http.StatusOK && res.StatusCode != http.StatusSeeOther {
			t.Errorf("GET %s: %d", path, res.StatusCode)
		}
		policy := contentSecurityPolicy
		if strings.HasSuffix(path, "/report") {
			// The board report is one file with its styles inside: its own
			// policy lets those apply, and nothing else at all.
			policy = reportPolicy
		}
		for header, want := range map[string]string{
			"Content-Security-Policy": policy,
			"X-Content-Type-Options":  "nosniff",
			"X-Frame-Options":         "DENY",
			"Referrer-Policy":         "no-referrer",
			// Without --secure-cookies the site may be reached over HTTP.
			"Strict-Transport-Security": "",
		} {
			if got := res.Header.Get(header); got != want {
				t.Errorf("GET %s: %s = %q, want %q", path, header, got, want)
			}
		}
		if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			if m := inlineCode.Find(body); m != nil {
				t.Errorf("GET %s: the page has %q, which the policy blocks", path, m)
			}
		}
	}
	if len(asks) < 25 {
		t.Errorf("only %d paths asked: the route table was not read", len(asks))
	}
	for _, directive := range []string{"default-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(contentSecurityPolicy, directive) {
			t.Errorf("the policy lacks %s", directive)
		}
	}
	if strings.Contains(contentSecurityPolicy, "script-src") || strings.Contains(contentSecurityPolicy, "unsafe-inline") {
		t.Error("the policy must allow no script and nothing inline")
	}
	if !strings.HasPrefix(reportPolicy, "default-src 'none';") || strings.Contains(reportPolicy, "script-src") || strings.Count(reportPolicy, "'unsafe-inline'") != 1 || !strings.Contains(reportPolicy, "style-src 'unsafe-inline'") {
		t.Errorf("the report's policy may allow inline styles and nothing else: %s", reportPolicy)
	}
}

// TestEveryFormNeedsItsCSRFToken posts to every form route there is, as
// a signed-in admin: without the token, with a planted browser cookie
// and the same value as the token, and with the right token but from
// another site. Each is refused and nothing changes, not even signing
// out. Every other route that changes anything refuses another site too.
func TestEveryFormNeedsItsCSRFToken(t *testing.T) {
	f := newSecurityFixture(t)
	u, _ := url.Parse(f.server.URL)
	f.admin.Jar.SetCookies(u, []*http.Cookie{{Name: browserCookie, Value: "planted", Path: "/"}})
	token := f.csrfFor(f.admin)
	posted, unsafe := 0, 0
	for _, r := range f.srv.echo.Routes() {
		if r.Method == http.MethodGet {
			continue
		}
		path := f.routePath(r.Path)
		unsafe++
		if status, body := postForm(t, f.admin, f.server.URL+path, url.Values{"_csrf": {token}}, map[string]string{"Sec-Fetch-Site": "cross-site"}); status != http.StatusForbidden || !strings.Contains(body, "came from another site") {
			t.Errorf("%s %s from another site: %d, want 403: %.200s", r.Method, path, status, body)
		}
		if r.Method != http.MethodPost || strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		posted++
		form := url.Values{"survey": {"team-check"}, "name": {"Forged"}, "access": {"link"}, "headcount": {"7"}, "count": {"3"},
			"email": {"forged@example.org"}, "role": {"admin"}, "password": {"a forged password"}, "_at": {"check"}, "_go": {"submit"}, "q.manageable": {"3"}}
		if status, body := f.send(f.admin, "POST", path, form); status != http.StatusForbidden || !strings.Contains(body, "did not come from this site") {
			t.Errorf("POST %s without a CSRF token: %d, want 403: %.200s", path, status, body)
		}
		form.Set("_csrf", "planted")
		if status, body := f.send(f.admin, "POST", path, form); status != http.StatusForbidden || !strings.Contains(body, "did not come from this site") {
			t.Errorf("POST %s with the planted cookie's value as its token: %d, want 403: %.200s", path, status, body)
		}
	}
	if posted < 8 || unsafe < posted+4 {
		t.Errorf("only %d form routes and %d routes that change things: the route table was not read", posted, unsafe)
	}
	ctx := context.Background()
	if status, _ := f.send(f.admin, "GET", "/dashboard", nil); status != http.StatusOK {
		t.Errorf("a forged sign-out signed the admin out: %d", status)
	}
	if w, _ := f.db.Wave(ctx, f.thisYear.ID); w.Closed || w.Headcount != 40 {
		t.Errorf("a forged form changed the wave: %+v", w)
	}
	waves, _ := f.db.Waves(ctx)
	accounts, _ := f.db.Accounts(ctx)
	entries, _ := f.db.AuditLog(ctx, 10)
	issued, _ := f.db.CodesIssued(ctx, f.thisYear.ID)
	if len(waves) != 4 || len(accounts) != 2 || len(entries) != 0 || issued != 0 || f.count() != 0 {
		t.Errorf("forged forms left %d waves, %d accounts, %d audit entries, %d codes, %d responses", len(waves), len(accounts), len(entries), issued, f.count())
	}
}

// TestSecretsNeverReachLogsOrExports signs in, fails to, adds an account,
// changes a password, uses API tokens good and bad, and downloads every
// export; no password, hash, session id or token may appear in the log
// or in anything downloaded.
func TestSecretsNeverReachLogsOrExports(t *testing.T) {
	f := newSecurityFixture(t)
	ctx := context.Background()
	f.respond(f.thisYear, 6, person("north", "worker", 4, 7, "More time"))
	this := strconv.FormatInt(f.thisYear.ID, 10)
	const wrongPassword, newPassword, resetPassword = "not the password at all", "a brand new password 1", "a reset password 22"

	anonymous := f.newBrowser()
	_, page := f.send(anonymous, "GET", "/login", nil)
	for _, email := range []string{"viewer@example.org", "nobody@example.org"} {
		if status, _ := f.send(anonymous, "POST", "/login", url.Values{"_csrf": {csrfOf(t, page)}, "email": {email}, "password": {wrongPassword}}); status != http.StatusUnauthorized {
			t.Errorf("a wrong sign-in as %s: %d", email, status)
		}
	}
	token := f.csrfFor(f.admin)
	for _, a := range []struct {
		path string
		form url.Values
	}{
		{"/admin/accounts", url.Values{"email": {"new@example.org"}, "role": {"viewer"}, "password": {newPassword}}},
		{"/admin/accounts/password", url.Values{"email": {"new@example.org"}, "password": {resetPassword}}},
		{"/admin/waves/" + this + "/headcount", url.Values{"headcount": {"41"}}},
	} {
		a.form.Set("_csrf", token)
		if status, body := f.send(f.admin, "POST", a.path, a.form); status != http.StatusSeeOther {
			t.Fatalf("POST %s: %d %.300s", a.path, status, body)
		}
	}
	newcomer := f.newBrowser()
	_, page = f.send(newcomer, "GET", "/login", nil)
	if status, _ := f.send(newcomer, "POST", "/login", url.Values{"_csrf": {csrfOf(t, page)}, "email": {"new@example.org"}, "password": {resetPassword}}); status != http.StatusSeeOther {
		t.Fatalf("signing in with the reset password: %d", status)
	}
	badToken := "sayso_" + strings.Repeat("x", 43)
	for _, auth := range []string{"Bearer " + f.resultsFixture.viewer, "Bearer " + badToken, "Bearer " + f.resultsFixture.admin + "x", "Basic " + f.resultsFixture.admin} {
		f.get("/api/v1/waves/"+this+"/results", auth)
	}

	exports := map[string]string{}
	for _, path := range []string{"/waves/" + this + "/results.csv", "/waves/" + this + "/results.csv?by=team", "/admin/accounts", "/admin/audit", "/waves/" + this + "/comments"} {
		status, body := f.send(f.admin, "GET", path, nil)
		if status != http.StatusOK {
			t.Errorf("GET %s: %d", path, status)
		}
		exports[path] = body
	}
	_, exports["codes CSV"] = f.send(f.admin, "POST", "/admin/waves/"+strconv.FormatInt(f.wave.ID, 10)+"/codes", url.Values{"_csrf": {token}, "count": {"3"}})
	for _, path := range []string{"/api/v1/waves/" + this + "/results", "/api/v1/waves/" + this + "/comments", "/api/v1/surveys/team-check/trend"} {
		_, exports[path] = f.get(path, "Bearer "+f.resultsFixture.admin)
	}
	if !strings.HasPrefix(exports["codes CSV"], "code,link\n") {
		t.Fatalf("the codes download: %.200s", exports["codes CSV"])
	}

	secrets := map[string]string{
		"the staff password": staffPassword, "a wrong password": wrongPassword, "a new account's password": newPassword, "a reset password": resetPassword,
		"the viewer's API token": f.resultsFixture.viewer, "the admin's API token": f.resultsFixture.admin, "a bad token": badToken,
	}
	for _, email := range []string{"viewer@example.org", "admin@example.org", "new@example.org"} {
		_, hash, err := f.db.Credentials(ctx, email)
		if err != nil || !strings.HasPrefix(hash, "$2") {
			t.Fatalf("the hash of %s: %q %v", email, hash, err)
		}
		secrets[email+"'s password hash"] = hash
		secrets[email+"'s password hash, salt and sum"] = hash[7:]
	}
	for name, b := range map[string]*http.Client{"viewer": f.viewer, "admin": f.admin, "newcomer": newcomer} {
		u, _ := url.Parse(f.server.URL)
		for _, c := range b.Jar.Cookies(u) {
			if c.Name == sessionCookie {
				secrets[name+"'s session id"] = c.Value
			}
		}
	}
	for name, tok := range map[string]string{"viewer": f.resultsFixture.viewer, "admin": f.resultsFixture.admin} {
		sum, _ := account.HashToken(tok)
		secrets["the "+name+"'s token hash in hex"] = hex.EncodeToString(sum)
		secrets["the "+name+"'s token hash in base64"] = base64.StdEncoding.EncodeToString(sum)
	}
	if len(secrets) < 20 {
		t.Fatalf("only %d secrets gathered: %v", len(secrets), secrets)
	}

	logs := f.logs.String()
	for _, want := range []string{`"route":"/login","status":401`, `"route":"/admin/accounts","status":303`, `"route":"/api/v1/waves/:id/results","status":401`} {
		if !strings.Contains(logs, want) {
			t.Fatalf("the log lacks %s:\n%s", want, logs)
		}
	}
	exports["the log"] = logs
	for where, text := range exports {
		for name, secret := range secrets {
			if strings.Contains(text, secret) {
				t.Errorf("%s holds %s", where, name)
			}
		}
	}
}

var sqlInjections = []string{
	`'; DROP TABLE responses; --`,
	`' OR '1'='1`,
	`" OR ""="`,
	`1; DELETE FROM waves WHERE 1=1`,
	`Robert'); DROP TABLE accounts;--`,
	`\'; UPDATE waves SET closed = 1; --`,
	`' UNION SELECT hash FROM tokens --`,
}

// TestSQLInjectionIsStoredVerbatimAndHarmless puts SQL into every free
// text a person can send: comments through the API and the form, a wave's
// name, an account's address and password, sign-in fields, codes and ids
// in paths. Text is stored exactly as written, everything else is refused
// with a 4xx, and the database is whole afterwards.
func TestSQLInjectionIsStoredVerbatimAndHarmless(t *testing.T) {
	f := newSecurityFixture(t)
	ctx := context.Background()
	token := f.csrfFor(f.admin)

	// Comments through the API, and through the respondent form.
	for _, s := range sqlInjections {
		f.respond(f.thisYear, 1, person("north", "worker", 4, 7, s))
	}
	for _, s := range sqlInjections {
		answers := url.Values{"q.supervisor": {"no"}, "q.manageable": {"3"}, "q.change": {s}}
		if status, to := f.answer(f.wave.LinkCode, answers); status != http.StatusSeeOther || to != "/thanks" {
			t.Fatalf("a comment %q through the form: %d to %s", s, status, to)
		}
	}

	// Staff fields stored as text: a wave's name, an address, a password.
	name := sqlInjections[0]
	const email, password = "o'brien@example.org", "' OR '1'='1' -- long enough"
	for _, a := range []struct {
		path string
		form url.Values
	}{
		{"/admin/waves", url.Values{"survey": {"team-check"}, "name": {name}, "access": {"link"}}},
		{"/admin/accounts", url.Values{"email": {email}, "role": {"viewer"}, "password": {password}}},
	} {
		a.form.Set("_csrf", token)
		if status, body := f.send(f.admin, "POST", a.path, a.form); status != http.StatusSeeOther {
			t.Fatalf("POST %s: %d %.300s", a.path, status, body)
		}
	}

	// Everything else that reaches a query is refused.
	this := strconv.FormatInt(f.thisYear.ID, 10)
	anonymous := f.newBrowser()
	_, page := f.send(anonymous, "GET", "/login", nil)
	for i, s := range sqlInjections {
		signIns := []url.Values{{"email": {s}, "password": {password}}, {"email": {"viewer@example.org" + s}, "password": {s}}}
		if i < 2 { // each wrong password costs a bcrypt check
			signIns = append(signIns, url.Values{"email": {"viewer@example.org"}, "password": {s}})
		}
		for _, signIn := range signIns {
			signIn.Set("_csrf", csrfOf(t, page))
			if status, _ := f.send(anonymous, "POST", "/login", signIn); status != http.StatusUnauthorized {
				t.Errorf("signing in with %v: %d, want 401", signIn, status)
			}
		}
		escaped := url.PathEscape(s)
		for _, c := range []struct {
			path   string
			status int
		}{
			{"/s/" + escaped, 404},
			{"/api/v1/surveys/" + escaped, 404},
			{"/api/v1/waves/" + escaped + "/results", 400},
			{"/api/v1/waves/" + this + "/results?by=" + url.QueryEscape(s), 400},
			{"/api/v1/waves/" + this + "/compare/" + escaped, 400},
			{"/api/v1/surveys/" + escaped + "/trend", 404},
		} {
			if status, body := f.get(c.path, "Bearer "+f.resultsFixture.admin); status != c.status {
				t.Errorf("GET %s: %d, want %d: %.200s", c.path, status, c.status, body)
			}
		}
		for _, path := range []string{"/waves/" + escaped, "/waves/" + this + "/breakdown?by=" + url.QueryEscape(s), "/waves/" + this + "/themes/" + escaped} {
			if status, _ := f.send(f.admin, "GET", path, nil); status != 400 && status != 404 {
				t.Errorf("GET %s: %d, want 400 or 404", path, status)
			}
		}
		body, _ := json.Marshal(map[string]any{"code": s, "answers": map[string]any{"manageable": 3}})
		if status, _ := f.do(nil, "POST", "/api/v1/responses", "application/json", strings.NewReader(string(body))); status != 404 {
			t.Errorf("a response with the code %q: %d, want 404", s, status)
		}
		body, _ = json.Marshal(map[string]any{"code": f.thisYear.LinkCode, "answers": map[string]any{"manageable": 3, "team": s, s: 1}})
		if status, _ := f.do(nil, "POST", "/api/v1/responses", "application/json", strings.NewReader(string(body))); status != 422 {
			t.Errorf("a response with %q as an option and a question: %d, want 422", s, status)
		}
		if status, _ := f.send(f.admin, "POST", "/admin/waves/"+this+"/headcount", url.Values{"_csrf": {token}, "headcount": {s}}); status != 400 {
			t.Errorf("a headcount of %q: %d, want 400", s, status)
		}
	}

	// Stored verbatim.
	for _, w := range []*survey.Wave{f.thisYear, f.wave} {
		var comments []string
		if _, err := f.db.ReadResponses(ctx, w.ID, func(data []byte) error {
			answers, err := w.Definition.DecodeStored(data)
			comments = append(comments, answers["change"].Text)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		slices.Sort(comments)
		want := slices.Sorted(slices.Values(sqlInjections))
		if !slices.Equal(comments, want) {
			t.Errorf("wave %s stores the comments\n%q\nwant\n%q", w.Name, comments, want)
		}
	}
	waves, err := f.db.Waves(ctx)
	if err != nil || len(waves) != 5 || waves[0].Name != name {
		t.Errorf("the waves after the attempts: %d %v; the newest is named %q", len(waves), err, waves[0].Name)
	}
	accounts, _ := f.db.Accounts(ctx)
	if len(accounts) != 3 || !slices.ContainsFunc(accounts, func(a *account.Account) bool { return a.Email == email }) {
		t.Errorf("the accounts after the attempts: %v", accounts)
	}
	o := f.newBrowser()
	_, page = f.send(o, "GET", "/login", nil)
	if status, _ := f.send(o, "POST", "/login", url.Values{"_csrf": {csrfOf(t, page)}, "email": {email}, "password": {password}}); status != http.StatusSeeOther {
		t.Errorf("signing in as %s with the password %q: %d", email, password, status)
	}
	if w, _ := f.db.Wave(ctx, f.thisYear.ID); w.Closed || w.Headcount != 40 {
		t.Errorf("the wave changed: %+v", w)
	}
	if err := store.CheckIntegrity(ctx, f.dbPath); err != nil {
		t.Error(err)
	}
}

var scriptInjections = []string{
	`<script>alert("sayso")</script>`,
	`<img src=x onerror=alert(1)>`,
	`"><svg onload=alert(1)>`,
	`</textarea><script>alert(2)</script>`,
	`<a href="javascript:alert(3)">click</a>`,
}

// TestScriptInTextIsShownEscaped writes markup into comments and a wave's
// name and reads every page that shows them back: each shows the text as
// written, escaped, never as markup. Action texts have their own test,
// TestActionTextsAreStoredVerbatimAndShownEscaped.
func TestScriptInTextIsShownEscaped(t *testing.T) {
	f := newSecurityFixture(t)
	for _, s := range scriptInjections {
		f.respond(f.thisYear, 1, person("north", "worker", 4, 7, s))
	}
	token := f.csrfFor(f.admin)
	name := scriptInjections[0]
	if status, _ := f.send(f.admin, "POST", "/admin/waves", url.Values{"_csrf": {token}, "survey": {"team-check"}, "name": {name}, "access": {"link"}}); status != http.StatusSeeOther {
		t.Fatalf("opening a wave named %q: %d", name, status)
	}
	waves, _ := f.db.Waves(context.Background())
	named := strconv.FormatInt(waves[0].ID, 10)
	this := strconv.FormatInt(f.thisYear.ID, 10)

	shown := func(where, page string, texts ...string) {
		t.Helper()
		for _, s := range texts {
			if !strings.Contains(page, html.EscapeString(s)) {
				t.Errorf("%s does not show %q escaped", where, s)
			}
			if strings.Contains(page, s) {
				t.Errorf("%s has %q as markup:\n%s", where, s, page)
			}
		}
	}
	_, comments := f.send(f.viewer, "GET", "/waves/"+this+"/comments", nil)
	shown("the comments page", comments, scriptInjections...)
	for _, path := range []string{"/dashboard", "/waves/" + named, "/admin/waves"} {
		_, page := f.send(f.admin, "GET", path, nil)
		shown(path, page, name)
	}
	// The audit log quotes the name as Go does, so only look for markup.
	if _, audit := f.send(f.admin, "GET", "/admin/audit", nil); !strings.Contains(audit, "&lt;script&gt;") || strings.Contains(audit, "<script") {
		t.Errorf("the audit log shows the wave's name as markup, or not at all:\n%s", audit)
	}
	_, api := f.get("/api/v1/waves/"+this+"/comments", "Bearer "+f.resultsFixture.viewer)
	if strings.ContainsAny(api, "<>") {
		t.Errorf("the comments API sends markup unescaped: %s", api)
	}
	var decoded struct {
		Comments []struct {
			Text string `json:"text"`
		} `json:"comments"`
	}
	if err := json.Unmarshal([]byte(api), &decoded); err != nil || len(decoded.Comments) != len(scriptInjections) {
		t.Fatalf("the comments API: %v %s", err, api)
	}
	for _, c := range decoded.Comments {
		if !slices.Contains(scriptInjections, c.Text) {
			t.Errorf("the comments API changed a comment to %q", c.Text)
		}
	}

	// A respondent's own text, shown back on the check page and in the
	// text area when they go back to change it.
	for _, s := range scriptInjections {
		b := f.browser()
		answers := url.Values{"q.supervisor": {"no"}, "q.manageable": {"3"}, "q.change": {s}}
		_, check := f.fill(b, f.begin(b, f.wave.LinkCode), answers)
		shown("the check page", check, s)
		_, edit := f.do(b, http.MethodGet, "/s/"+f.wave.LinkCode+"/sections/3?return=check", "", nil)
		shown("the comments section", edit, s)
	}
}

// TestActionTextsAreStoredVerbatimAndShownEscaped sends SQL and markup in
// every free-text field of an action, through the admin form, and reads
// them back from the store, the API and every page that shows actions.
func TestActionTextsAreStoredVerbatimAndShownEscaped(t *testing.T) {
	f := newSecurityFixture(t)
	ctx := context.Background()
	// Enough answers in both years for the comparison to show its themes.
	for _, w := range []*survey.Wave{f.lastYear, f.thisYear} {
		f.respond(w, 6, person("north", "worker", 4, 7, ""))
	}
	token := f.csrfFor(f.admin)
	texts := slices.Concat(sqlInjections, scriptInjections)
	for _, s := range texts {
		form := url.Values{"_csrf": {token}, "wave": {strconv.FormatInt(f.lastYear.ID, 10)}, "about": {"theme:workload"},
			"title": {s}, "staff_said": {"said " + s}, "we_did": {"did " + s}, "owner": {"owner " + s}, "status": {"done"}, "published": {"true"}}
		if status, body := f.send(f.admin, "POST", "/admin/actions", form); status != http.StatusSeeOther {
			t.Fatalf("an action titled %q: %d %.300s", s, status, body)
		}
	}

	stored, err := f.db.Actions(ctx, store.ActionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]*action.Action{}
	for _, a := range stored {
		byTitle[a.Title] = a
	}
	for _, s := range texts {
		a := byTitle[s]
		if a == nil || a.StaffSaid != "said "+s || a.WeDid != "did "+s || a.Owner != "owner "+s {
			t.Errorf("the action sent as %q is stored as %+v", s, a)
		}
	}
	if err := store.CheckIntegrity(ctx, f.dbPath); err != nil {
		t.Error(err)
	}
	if w, _ := f.db.Wave(ctx, f.lastYear.ID); w == nil || w.Closed {
		t.Errorf("the wave changed: %+v", w)
	}

	_, api := f.get("/api/v1/actions?wave="+strconv.FormatInt(f.lastYear.ID, 10), "Bearer "+f.resultsFixture.viewer)
	if strings.ContainsAny(api, "<>") {
		t.Errorf("the actions API sends markup unescaped: %.500s", api)
	}
	var decoded struct {
		Actions []action.Action `json:"actions"`
	}
	if err := json.Unmarshal([]byte(api), &decoded); err != nil || len(decoded.Actions) != len(texts) {
		t.Fatalf("the actions API: %v %.300s", err, api)
	}
	for _, a := range decoded.Actions {
		if !slices.Contains(texts, a.Title) {
			t.Errorf("the actions API changed a title to %q", a.Title)
		}
	}

	anonymous := f.newBrowser()
	pages := map[string]string{}
	_, pages["the public page"] = f.send(anonymous, "GET", "/you-said-we-did", nil)
	for _, path := range []string{"/actions", "/surveys/team-check/report", "/surveys/team-check/compare"} {
		_, pages[path] = f.send(f.viewer, "GET", path, nil)
	}
	_, pages["the edit form"] = f.send(f.admin, "GET", "/admin/actions/"+strconv.FormatInt(byTitle[scriptInjections[0]].ID, 10), nil)
	for where, page := range pages {
		shownAs := []string{scriptInjections[0]}
		if where != "the edit form" {
			shownAs = texts
		}
		for _, s := range shownAs {
			for _, field := range []string{s, "said " + s, "did " + s, "owner " + s} {
				if !strings.Contains(page, html.EscapeString(field)) && !strings.Contains(page, templateEscape(field)) {
					t.Errorf("%s does not show %q escaped", where, field)
				}
			}
		}
		for _, s := range scriptInjections {
			if strings.Contains(page, s) {
				t.Errorf("%s has %q as markup", where, s)
			}
		}
	}
}

// templateEscape writes s as html/template does in text, which differs
// from html.EscapeString in how it writes quotes.
func templateEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}

// TestEveryRouteButThePublicOnesNeedsSignInOrAToken walks the whole route
// table, so that a route added later is held to it too: with no session
// and no token, a staff page sends the browser to sign in, a staff form and
// the API refuse with 401; a viewer gets 403 from every admin route.
func TestEveryRouteButThePublicOnesNeedsSignInOrAToken(t *testing.T) {
	f := newSecurityFixture(t)
	public := map[string]bool{
		"/healthz": true, "/static/*": true, "/s/:code": true, "/thanks": true, "/you-said-we-did": true,
		"/s/:code/sections/:n": true, "/s/:code/check": true, "/s/:code/saved": true, "/resume/:secret": true, "/resume": true,
		"/anonymity": true, "/favicon.ico": true,
		"/api/v1/surveys/:code": true, "/api/v1/responses": true, "/login": true, "/logout": true, "/": true,
	}
	anonymous := f.newBrowser()
	anonymous.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	checked := 0
	for _, r := range f.srv.echo.Routes() {
		if public[r.Path] || strings.HasPrefix(r.Path, "echo_route_not_found") {
			continue
		}
		req, _ := http.NewRequest(r.Method, f.server.URL+f.routePath(r.Path), strings.NewReader("x=1"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := anonymous.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		staffPage := r.Method == http.MethodGet && !strings.HasPrefix(r.Path, "/api/")
		switch {
		case staffPage && (res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login")):
			t.Errorf("%s %s signed out: %d to %q, want the sign-in page", r.Method, r.Path, res.StatusCode, res.Header.Get("Location"))
		case !staffPage && res.StatusCode != http.StatusUnauthorized:
			t.Errorf("%s %s signed out and with no token: %d, want 401", r.Method, r.Path, res.StatusCode)
		}
		checked++
		if strings.HasPrefix(r.Path, "/admin/") {
			req, _ := http.NewRequest(r.Method, f.server.URL+f.routePath(r.Path), strings.NewReader("x=1"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := f.viewer.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s as a viewer: %d, want 403", r.Method, r.Path, res.StatusCode)
			}
		}
	}
	if checked < 30 {
		t.Fatalf("only %d routes checked: the route table was not walked", checked)
	}
}

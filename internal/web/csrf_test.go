package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// postForm sends a form from a browser with the headers given, and returns
// the status and, for a redirect, where to.
func postForm(t *testing.T, b *http.Client, target string, form url.Values, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", target, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := b.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode == http.StatusSeeOther {
		return res.StatusCode, res.Header.Get("Location")
	}
	return res.StatusCode, string(body)
}

// TestCSRFTokensAreBoundToTheBrowser plants cookies and tokens of every
// kind an attacker could make or take: a browser cookie with the same
// value as the token (the double-submit trick), another browser's token,
// a token from before sign-in, another account's token, and a token from
// before a restart. Each is refused with 403 and changes nothing; the
// right token passes.
func TestCSRFTokensAreBoundToTheBrowser(t *testing.T) {
	f := newSecurityFixture(t)
	u, _ := url.Parse(f.server.URL)
	signIn := url.Values{"email": {"viewer@example.org"}, "password": {staffPassword}}
	with := func(token string) url.Values {
		form := url.Values{"_csrf": {token}}
		for k, v := range signIn {
			form[k] = v
		}
		return form
	}
	signedIn := func(b *http.Client) bool {
		status, _ := f.send(b, "GET", "/dashboard", nil)
		return status == http.StatusOK
	}

	t.Run("a planted cookie with the same token", func(t *testing.T) {
		for _, value := range []string{"x", "forged-token-of-the-right-length-AAAAAAAAAA"} {
			b := f.newBrowser()
			b.Jar.SetCookies(u, []*http.Cookie{{Name: browserCookie, Value: value, Path: "/"}})
			if status, _ := postForm(t, b, f.server.URL+"/login", with(value), nil); status != http.StatusForbidden || signedIn(b) {
				t.Errorf("signing in with cookie and token %q: %d, want 403 and no session", value, status)
			}
			before := f.count()
			form := url.Values{"_csrf": {value}, "_token": {"planted"}, "_go": {"submit"}}
			if status, _ := postForm(t, b, f.server.URL+"/s/"+f.wave.LinkCode+"/check", form, nil); status != http.StatusForbidden || f.count() != before {
				t.Errorf("a response with cookie and token %q: %d, want 403 and nothing stored", value, status)
			}
		}
	})

	t.Run("another browser's token", func(t *testing.T) {
		theirs, mine := f.newBrowser(), f.newBrowser()
		_, page := f.send(theirs, "GET", "/login", nil)
		f.send(mine, "GET", "/login", nil)
		if status, _ := postForm(t, mine, f.server.URL+"/login", with(csrfOf(t, page)), nil); status != http.StatusForbidden || signedIn(mine) {
			t.Errorf("signing in with another browser's token: %d, want 403", status)
		}
		if status, _ := postForm(t, theirs, f.server.URL+"/login", with(csrfOf(t, page)), nil); status != http.StatusSeeOther {
			t.Errorf("signing in with the browser's own token: %d, want 303", status)
		}
	})

	t.Run("a token from before sign-in, after it", func(t *testing.T) {
		b := f.newBrowser()
		_, page := f.send(b, "GET", "/login", nil)
		before := csrfOf(t, page)
		if status, _ := postForm(t, b, f.server.URL+"/login", with(before), nil); status != http.StatusSeeOther {
			t.Fatalf("signing in: %d", status)
		}
		after := f.csrfFor(b)
		if after == before {
			t.Fatal("the token is the same before and after sign-in")
		}
		if status, _ := postForm(t, b, f.server.URL+"/logout", url.Values{"_csrf": {before}}, nil); status != http.StatusForbidden || !signedIn(b) {
			t.Errorf("signing out with the token from before sign-in: %d, want 403", status)
		}
	})

	t.Run("another account's token", func(t *testing.T) {
		token := f.csrfFor(f.viewer)
		if status, _ := postForm(t, f.admin, f.server.URL+"/admin/waves/1/headcount", url.Values{"_csrf": {token}, "headcount": {"99"}}, nil); status != http.StatusForbidden {
			t.Errorf("the admin posting with the viewer's token: %d, want 403", status)
		}
		if w, _ := f.db.Wave(context.Background(), 1); w.Headcount == 99 {
			t.Error("the headcount changed")
		}
	})

	t.Run("a token from before a restart", func(t *testing.T) {
		b := f.newBrowser()
		_, page := f.send(b, "GET", "/login", nil)
		restarted := httptestServer(t, New(Config{Logger: discardLogger(), LoginRate: 1000}, f.db))
		b.Jar.SetCookies(mustParse(t, restarted.URL), b.Jar.Cookies(u))
		if status, body := postForm(t, b, restarted.URL+"/login", with(csrfOf(t, page)), nil); status != http.StatusForbidden || !strings.Contains(body, "reload the page") {
			t.Errorf("a form from before a restart: %d, want 403 asking to reload", status)
		}
	})
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestCrossSiteRequestsAreRefused sends what a browser sends with a form
// or a fetch from another site: Sec-Fetch-Site, or failing that an Origin
// that is not this host. Unsafe methods are refused with 403 even with the
// right token, and nothing changes; reading pages is not refused.
func TestCrossSiteRequestsAreRefused(t *testing.T) {
	f := newSecurityFixture(t)
	host := strings.TrimPrefix(f.server.URL, "http://")
	for _, c := range []struct {
		name   string
		header map[string]string
		status int
	}{
		{"cross-site", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"same-site, another subdomain", map[string]string{"Sec-Fetch-Site": "same-site"}, http.StatusForbidden},
		{"another origin, no Sec-Fetch-Site", map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"same-origin", map[string]string{"Sec-Fetch-Site": "same-origin"}, http.StatusSeeOther},
		{"typed by the user", map[string]string{"Sec-Fetch-Site": "none"}, http.StatusSeeOther},
		{"this origin, no Sec-Fetch-Site", map[string]string{"Origin": "http://" + host}, http.StatusSeeOther},
		{"a program, sending neither", nil, http.StatusSeeOther},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := f.newBrowser()
			_, page := f.send(b, "GET", "/login", nil)
			form := url.Values{"_csrf": {csrfOf(t, page)}, "email": {"viewer@example.org"}, "password": {staffPassword}}
			status, body := postForm(t, b, f.server.URL+"/login", form, c.header)
			if status != c.status {
				t.Errorf("signing in: %d, want %d: %.200s", status, c.status, body)
			}
			if c.status == http.StatusForbidden && !strings.Contains(body, "came from another site") {
				t.Errorf("the refusal does not say why: %.300s", body)
			}

			before := f.count()
			req, _ := http.NewRequest("POST", f.server.URL+"/api/v1/responses", strings.NewReader(`{"code": "`+f.wave.LinkCode+`", "answers": `+validAnswers+`}`))
			req.Header.Set("Content-Type", "application/json")
			for k, v := range c.header {
				req.Header.Set(k, v)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			want, stored := http.StatusCreated, 1
			if c.status == http.StatusForbidden {
				want, stored = http.StatusForbidden, 0
			}
			if res.StatusCode != want || f.count()-before != stored {
				t.Errorf("POST /api/v1/responses: %d and %d stored, want %d and %d", res.StatusCode, f.count()-before, want, stored)
			}

			req, _ = http.NewRequest("GET", f.server.URL+"/login", nil)
			for k, v := range c.header {
				req.Header.Set(k, v)
			}
			if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusOK {
				t.Errorf("GET /login: %v %v, want 200", res.StatusCode, err)
			} else {
				res.Body.Close()
			}
		})
	}
}

// TestSecureCookiesUseTheHostPrefix serves over TLS with --secure-cookies:
// the session and browser cookies are named __Host-, Secure, for the
// whole site and no domain; a cookie without the prefix is not believed,
// even with a live session's id; and HSTS is sent. Without the flag there
// is no prefix and no HSTS, since the site may be reached over HTTP.
func TestSecureCookiesUseTheHostPrefix(t *testing.T) {
	f := newSecurityFixture(t)
	plain := f.server
	secure := httptest.NewTLSServer(New(Config{Logger: discardLogger(), SecureCookies: true, LoginRate: 1000}, f.db))
	t.Cleanup(secure.Close)
	jar, _ := cookiejar.New(nil)
	b := secure.Client()
	b.Jar = jar
	b.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	res, err := b.Get(secure.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	checkCookie := func(res *http.Response, name string) {
		t.Helper()
		for _, c := range res.Cookies() {
			if c.Name == name {
				if !c.Secure || !c.HttpOnly || c.Path != "/" || c.Domain != "" {
					t.Errorf("cookie %s: Secure %v, HttpOnly %v, Path %q, Domain %q", name, c.Secure, c.HttpOnly, c.Path, c.Domain)
				}
				return
			}
		}
		t.Errorf("no cookie %s in %v", name, res.Header.Values("Set-Cookie"))
	}
	checkCookie(res, "__Host-sayso_csrf")
	if got := res.Header.Get("Strict-Transport-Security"); got != "max-age=31536000; includeSubDomains" {
		t.Errorf("Strict-Transport-Security = %q", got)
	}
	status, where := postForm(t, b, secure.URL+"/login", url.Values{"_csrf": {csrfOf(t, string(page))}, "email": {"viewer@example.org"}, "password": {staffPassword}}, nil)
	if status != http.StatusSeeOther || where != "/dashboard" {
		t.Fatalf("signing in over TLS: %d to %q", status, where)
	}
	var session string
	for _, c := range jar.Cookies(mustParse(t, secure.URL)) {
		if c.Name == "__Host-"+sessionCookie {
			session = c.Value
		}
	}
	if session == "" {
		t.Fatalf("no __Host- session cookie: %v", jar.Cookies(mustParse(t, secure.URL)))
	}
	if res, err := b.Get(secure.URL + "/dashboard"); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("the dashboard over TLS: %v %v", res.StatusCode, err)
	} else {
		res.Body.Close()
	}

	// The same session id under the name without the prefix is not read.
	unprefixed := secure.Client()
	unprefixed.Jar, _ = cookiejar.New(nil)
	unprefixed.CheckRedirect = b.CheckRedirect
	unprefixed.Jar.SetCookies(mustParse(t, secure.URL), []*http.Cookie{{Name: sessionCookie, Value: session, Path: "/"}})
	if res, err := unprefixed.Get(secure.URL + "/dashboard"); err != nil || res.StatusCode != http.StatusSeeOther {
		t.Errorf("a session cookie without the prefix: %v %v, want 303 to sign in", res.StatusCode, err)
	} else {
		res.Body.Close()
	}

	res, err = http.Get(plain.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if cookies := res.Cookies(); len(cookies) != 1 || cookies[0].Name != browserCookie || cookies[0].Secure {
		t.Errorf("without --secure-cookies the cookies are %v, want one %s, not Secure", res.Header.Values("Set-Cookie"), browserCookie)
	}
	if got := res.Header.Get("Strict-Transport-Security"); got != "" {
		t.Errorf("Strict-Transport-Security without --secure-cookies: %q", got)
	}
}

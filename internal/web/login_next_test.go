package web

import (
	"net/http"
	"net/url"
	"testing"
)

// TestSignInGoesBackOnlyToThisSite follows `next` after sign-in, both from
// the login page's address (as a signed-in browser is sent on at once)
// and from the form's field. Browsers drop tabs and line breaks and read a
// backslash as a slash, so any of those, or a scheme, a host, or the same
// tricks encoded once or twice, lead to the dashboard instead.
func TestSignInGoesBackOnlyToThisSite(t *testing.T) {
	f := newSecurityFixture(t)
	viewer := f.viewer
	for _, c := range []struct {
		name  string
		query string // as written in the login page's address
		want  string
	}{
		{"a page of the dashboard", "/waves/7", "/waves/7"},
		{"a page with its query", "/waves/7/breakdown%3Fby%3Dteam", "/waves/7/breakdown?by=team"},
		{"nothing", "", "/dashboard"},
		{"a tab between the slashes", "/%09/evil.example/", "/dashboard"},
		{"CR and LF between the slashes", "/%0d%0a/evil.example/", "/dashboard"},
		{"LF before two slashes", "%0a//evil.example/", "/dashboard"},
		{"a tab inside the scheme", "ht%09tps://evil.example/", "/dashboard"},
		{"protocol-relative", "//evil.example/", "/dashboard"},
		{"protocol-relative, encoded", "%2F%2Fevil.example/", "/dashboard"},
		{"slash and backslash", "/%5Cevil.example/", "/dashboard"},
		{"two backslashes", "%5C%5Cevil.example/", "/dashboard"},
		{"a backslash later on", "/waves%5C7", "/dashboard"},
		{"https", "https://evil.example/", "/dashboard"},
		{"upper-case scheme", "HTTPS://evil.example/", "/dashboard"},
		{"javascript", "javascript:alert(1)", "/dashboard"},
		{"no leading slash", "evil.example", "/dashboard"},
		{"a tab encoded twice", "/%2509/evil.example/", "/dashboard"},
		{"a slash encoded twice", "/%252F/evil.example/", "/dashboard"},
		{"a backslash encoded twice", "/%255Cevil.example/", "/dashboard"},
		{"a user and host", "/%2F%2Fuser@evil.example", "/dashboard"},
	} {
		t.Run(c.name, func(t *testing.T) {
			req, err := http.NewRequest("GET", f.server.URL+"/login?next="+c.query, nil)
			if err != nil {
				t.Fatal(err)
			}
			res, err := viewer.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if got := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || got != c.want {
				t.Errorf("GET /login?next=%s, signed in: %d to %q, want 303 to %q", c.query, res.StatusCode, got, c.want)
			}
		})
	}

	for _, c := range []struct {
		name, next, want string
	}{
		{"a page of the dashboard", "/waves/7?by=team", "/waves/7?by=team"},
		{"a tab between the slashes", "/\t/evil.example/", "/dashboard"},
		{"a tab first", "\t//evil.example/", "/dashboard"},
		{"CR and LF", "/\r\n/evil.example/", "/dashboard"},
		{"LF alone", "/\n/evil.example/", "/dashboard"},
		{"CR alone", "/\r/evil.example/", "/dashboard"},
		{"protocol-relative", "//evil.example/", "/dashboard"},
		{"slash and backslash", `/\evil.example/`, "/dashboard"},
		{"backslash and slash", `\/evil.example/`, "/dashboard"},
		{"two backslashes", `\\evil.example/`, "/dashboard"},
		{"https", "https://evil.example/", "/dashboard"},
		{"a space first", " //evil.example/", "/dashboard"},
		{"a control character", "/\x00/evil.example/", "/dashboard"},
		{"a tab in a percent-encoding", "/%0\t9/evil.example/", "/dashboard"},
	} {
		t.Run("form: "+c.name, func(t *testing.T) {
			b := f.newBrowser()
			_, page := f.send(b, "GET", "/login", nil)
			status, got := f.send(b, "POST", "/login", url.Values{"_csrf": {csrfOf(t, page)}, "email": {"viewer@example.org"}, "password": {staffPassword}, "next": {c.next}})
			if status != http.StatusSeeOther || got != c.want {
				t.Errorf("signing in with next %q: %d to %q, want 303 to %q", c.next, status, got, c.want)
			}
		})
	}
}

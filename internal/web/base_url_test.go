package web

import (
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestParseBaseURL(t *testing.T) {
	for _, c := range []struct {
		name, raw, want, err string
	}{
		{"https", "https://survey.example.gov.uk", "https://survey.example.gov.uk", ""},
		{"with a slash", "https://survey.example.gov.uk/", "https://survey.example.gov.uk", ""},
		{"http with a port", "http://127.0.0.1:8080", "http://127.0.0.1:8080", ""},
		{"upper-case scheme", "HTTPS://survey.example.gov.uk", "https://survey.example.gov.uk", ""},
		{"javascript", "javascript://evil.example/%0aalert(1)", "", "must start with https://"},
		{"another scheme", "ftp://survey.example.gov.uk", "", "must start with https://"},
		{"no scheme", "survey.example.gov.uk", "", "must start with https://"},
		{"protocol-relative", "//survey.example.gov.uk", "", "must start with https://"},
		{"no host", "https://", "", "names no host"},
		{"only a port", "https://:8080", "", "names no host"},
		{"a user", "https://admin:secret@survey.example.gov.uk", "", "no user name or password"},
		{"a query", "https://survey.example.gov.uk?x=1", "", "no query (?) or fragment (#)"},
		{"an empty query", "https://survey.example.gov.uk/?", "", "no query (?) or fragment (#)"},
		{"a fragment", "https://survey.example.gov.uk#top", "", "no query (?) or fragment (#)"},
		{"a path", "https://example.gov.uk/sayso", "", "no path"},
		{"a space in the host", "https://survey example.gov.uk", "", "not a URL"},
		{"a line break", "https://survey.example.gov.uk\n", "", "not a URL"},
		{"nothing", "", "", "must start with https://"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseBaseURL(c.raw)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Errorf("ParseBaseURL(%q) = %q, %v; want an error saying %q", c.raw, got, err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Errorf("ParseBaseURL(%q) = %q, %v; want %q", c.raw, got, err, c.want)
			}
		})
	}
}

// TestInvitationLinksUseTheBaseURL asks an admin's wave page and a codes
// download with a forged Host and X-Forwarded-Proto: every link comes from
// the configured base URL, or the default one, and nothing of the forged
// headers appears.
func TestInvitationLinksUseTheBaseURL(t *testing.T) {
	for _, c := range []struct {
		name, baseURL, want string
	}{
		{"configured", "https://survey.example.gov.uk", "https://survey.example.gov.uk/s/"},
		{"the default", "", DefaultBaseURL + "/s/"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newSecurityFixture(t)
			f.server = httptestServer(t, New(Config{Logger: discardLogger(), BaseURL: c.baseURL}, f.db))
			_, admin := f.signIn()
			forged := map[string]string{"X-Forwarded-Proto": "javascript", "X-Forwarded-Host": "evil.example", "Forwarded": "proto=javascript;host=evil.example"}
			ask := func(method, path string, form url.Values) string {
				t.Helper()
				var body io.Reader
				if form != nil {
					body = strings.NewReader(form.Encode())
				}
				req, _ := http.NewRequest(method, f.server.URL+path, body)
				if form != nil {
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
				// The jar would look the cookies up by the forged host.
				for _, cookie := range admin.Jar.Cookies(req.URL) {
					req.AddCookie(cookie)
				}
				req.Host = "evil.example"
				for k, v := range forged {
					req.Header.Set(k, v)
				}
				res, err := (&http.Client{CheckRedirect: admin.CheckRedirect}).Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				out, _ := io.ReadAll(res.Body)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("%s %s: %d %s %.300s", method, path, res.StatusCode, res.Header.Get("Location"), out)
				}
				if strings.Contains(string(out), "javascript") || strings.Contains(string(out), "evil.example") {
					t.Errorf("%s %s holds the forged headers: %.1000s", method, path, out)
				}
				return string(out)
			}
			page := ask("GET", "/admin/waves", nil)
			if !strings.Contains(page, c.want+f.thisYear.LinkCode) {
				t.Errorf("the waves page lacks the link %s%s", c.want, f.thisYear.LinkCode)
			}
			rows, err := csv.NewReader(strings.NewReader(ask("POST", "/admin/waves/"+strconv.FormatInt(f.wave.ID, 10)+"/codes", url.Values{"_csrf": {csrfOf(t, page)}, "count": {"3"}}))).ReadAll()
			if err != nil || len(rows) != 4 {
				t.Fatalf("the codes: %v %v", rows, err)
			}
			for _, row := range rows[1:] {
				if row[1] != c.want+row[0] {
					t.Errorf("the link of %s is %q, want %s%s", row[0], row[1], c.want, row[0])
				}
			}
		})
	}
}

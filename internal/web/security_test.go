package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
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

package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// TestBodyLimitIsExactly256KiB sends bodies of 262,144 bytes, which are
// taken, and of 262,145, which get 413 and change nothing, to a JSON
// endpoint, a form and an endpoint that reads no body at all, each with
// its length declared and in chunks.
func TestBodyLimitIsExactly256KiB(t *testing.T) {
	if MaxBodyBytes != 262_144 {
		t.Fatalf("MaxBodyBytes is %d, not 256 KiB", MaxBodyBytes)
	}
	f := newSecurityFixture(t)
	var chunked atomic.Bool
	f.server = httptestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunked.Store(len(r.TransferEncoding) > 0 && r.TransferEncoding[0] == "chunked")
		f.srv.ServeHTTP(w, r)
	}))
	// padTo fills a body up to size bytes with filler after pad.
	padTo := func(body, pad, filler string, size int) string {
		t.Helper()
		if len(body)+len(pad) > size {
			t.Fatalf("the body is already %d bytes", len(body))
		}
		return body + pad + strings.Repeat(filler, size-len(body)-len(pad))
	}
	response := func(size int) string {
		return padTo(`{"code": "`+f.wave.LinkCode+`", "answers": `+validAnswers+`}`, "", " ", size)
	}
	signIn := func(size int, b *http.Client) string {
		_, page := f.send(b, "GET", "/login", nil)
		form := url.Values{"_csrf": {csrfOf(t, page)}, "email": {"viewer@example.org"}, "password": {staffPassword}}
		return padTo(form.Encode(), "&pad=", "x", size)
	}
	deleted := func() bool {
		status, _ := f.api("GET", "/api/v1/actions/"+strconv.FormatInt(f.action.ID, 10), f.resultsFixture.admin, "")
		return status == http.StatusNotFound
	}
	for _, size := range []int{MaxBodyBytes, MaxBodyBytes + 1} {
		fits := size <= MaxBodyBytes
		for _, inChunks := range []bool{false, true} {
			name := strconv.Itoa(size) + " bytes, " + map[bool]string{false: "length declared", true: "chunked"}[inChunks]
			send := func(b *http.Client, method, path, contentType, body string) (int, string) {
				t.Helper()
				var reader io.Reader = strings.NewReader(body)
				if inChunks {
					reader = struct{ io.Reader }{reader} // no length to declare
				}
				req, err := http.NewRequest(method, f.server.URL+path, reader)
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", contentType)
				req.Header.Set("Authorization", "Bearer "+f.resultsFixture.admin)
				res, err := b.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				out, _ := io.ReadAll(res.Body)
				if chunked.Load() != inChunks {
					t.Fatalf("%s %s: chunked %v, want %v", method, path, chunked.Load(), inChunks)
				}
				return res.StatusCode, string(out)
			}
			t.Run("a response, "+name, func(t *testing.T) {
				before := f.count()
				status, body := send(f.newBrowser(), "POST", "/api/v1/responses", "application/json", response(size))
				if fits && (status != http.StatusCreated || f.count() != before+1) {
					t.Errorf("%d: %.200s, want 201 and one stored", status, body)
				}
				if !fits && (status != http.StatusRequestEntityTooLarge || !strings.Contains(body, `"error":"The request is too large."`) || f.count() != before) {
					t.Errorf("%d: %.200s, want 413 and nothing stored", status, body)
				}
			})
			t.Run("a sign-in form, "+name, func(t *testing.T) {
				b := f.newBrowser()
				status, body := send(b, "POST", "/login", "application/x-www-form-urlencoded", signIn(size, b))
				if fits && status != http.StatusSeeOther {
					t.Errorf("%d: %.200s, want 303", status, body)
				}
				if !fits && (status != http.StatusRequestEntityTooLarge || !strings.Contains(body, "The request is too large.")) {
					t.Errorf("%d: %.200s, want 413", status, body)
				}
			})
			if !fits {
				t.Run("a delete, which reads no body, "+name, func(t *testing.T) {
					status, body := send(f.newBrowser(), "DELETE", "/api/v1/actions/"+strconv.FormatInt(f.action.ID, 10), "application/json", response(size))
					if status != http.StatusRequestEntityTooLarge || deleted() {
						t.Errorf("%d: %.200s, want 413 and the action still there", status, body)
					}
				})
			}
		}
	}
}

// TestStaticFilesListNoFolder asks for the folder of static files in the
// ways a path can name it: each is the not-found page, listing nothing,
// while a file is served.
func TestStaticFilesListNoFolder(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/static/", "/static/.", "/static/%2e", "/static/sayso.css/", "/static//", "/static/nope.css"} {
		t.Run(path, func(t *testing.T) {
			status, body := f.do(nil, http.MethodGet, path, "", nil)
			if status != http.StatusNotFound || !strings.Contains(body, "Page not found") || strings.Contains(body, `href="sayso.css"`) {
				t.Errorf("GET %s: %d %.300s, want 404 and the not-found page", path, status, body)
			}
		})
	}
	status, body := f.do(nil, http.MethodGet, "/static/sayso.css", "", nil)
	if status != http.StatusOK || !strings.Contains(body, ".govuk-") {
		t.Errorf("GET /static/sayso.css: %d %.100s", status, body)
	}
}

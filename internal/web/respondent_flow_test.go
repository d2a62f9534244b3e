package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

// send posts a form with the browser and returns the status and, for a
// redirect, where it goes, else the page.
func (f *fixture) send(b *http.Client, path string, form url.Values) (int, string) {
	f.t.Helper()
	return postForm(f.t, b, f.server.URL+path, form, nil)
}

// sendWithAgent is send with a User-Agent, for the tests that look for it on disk.
func (f *fixture) sendWithAgent(b *http.Client, path string, form url.Values, agent string) (int, string) {
	f.t.Helper()
	return postForm(f.t, b, f.server.URL+path, form, map[string]string{"User-Agent": agent})
}

// begin opens a survey's start page and presses Start now: the path of the
// first section.
func (f *fixture) begin(b *http.Client, code string) string {
	f.t.Helper()
	status, start := f.do(b, http.MethodGet, "/s/"+code, "", nil)
	if status != http.StatusOK {
		f.t.Fatalf("start page of %s: %d\n%s", code, status, start)
	}
	status, to := f.send(b, "/s/"+code, url.Values{"_csrf": {csrfOf(f.t, start)}})
	if status != http.StatusSeeOther {
		f.t.Fatalf("Start now: %d %s", status, to)
	}
	return to
}

// sectionAnswers are the answers among all that belong on section i.
func sectionAnswers(def *survey.Definition, i int, all url.Values) url.Values {
	form := url.Values{}
	for _, q := range def.Sections[i].Questions {
		if vs, ok := all[survey.FieldName(q.ID)]; ok {
			form[survey.FieldName(q.ID)] = vs
		}
	}
	return form
}

// fill answers every section with Continue, starting at path, as a
// browser would, and returns the path and page it stops on: the check
// page, or a section that was refused.
func (f *fixture) fill(b *http.Client, path string, answers url.Values) (string, string) {
	f.t.Helper()
	def := f.wave.Definition
	for range 20 {
		status, page := f.do(b, http.MethodGet, path, "", nil)
		if status != http.StatusOK {
			f.t.Fatalf("GET %s: %d\n%s", path, status, page)
		}
		if strings.HasSuffix(path, "/check") {
			return path, page
		}
		i := sectionOf(f.t, def, path)
		form := sectionAnswers(def, i, answers)
		form.Set("_csrf", csrfOf(f.t, page))
		form.Set("_go", "next")
		status, to := f.send(b, strings.TrimPrefix(path, f.server.URL), form)
		if status != http.StatusSeeOther {
			f.t.Fatalf("POST %s: %d\n%s", path, status, to)
		}
		if to == path {
			_, page = f.do(b, http.MethodGet, path, "", nil)
			return path, page
		}
		path = to
	}
	f.t.Fatal("the survey never reached its check page")
	return "", ""
}

// sectionOf reads the section a path shows.
func sectionOf(t *testing.T, def *survey.Definition, path string) int {
	t.Helper()
	_, n, ok := strings.Cut(strings.Split(path, "?")[0], "/sections/")
	for i := range def.Sections {
		if ok && n == sectionNumber(i) {
			return i
		}
	}
	t.Fatalf("%s is not a section", path)
	return 0
}

func sectionNumber(i int) string { return strconv.Itoa(i + 1) }

// tokenOf reads the submission token from the check page.
func tokenOf(t *testing.T, page string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `name="_token" value="`)
	token, _, ok2 := strings.Cut(rest, `"`)
	if !ok || !ok2 || token == "" {
		t.Fatalf("no submission token in page:\n%s", page)
	}
	return token
}

// submitForm sends the check page's form: the status, and where it
// redirects.
func (f *fixture) submitForm(b *http.Client, code, checkPage string) (int, string) {
	f.t.Helper()
	return f.send(b, "/s/"+code+"/check", url.Values{"_csrf": {csrfOf(f.t, checkPage)}, "_token": {tokenOf(f.t, checkPage)}, "_go": {"submit"}})
}

// answer goes through the whole survey in a new browser and submits:
// the status and where the submission redirects.
func (f *fixture) answer(code string, answers url.Values) (int, string) {
	f.t.Helper()
	b := f.browser()
	path, page := f.fill(b, f.begin(b, code), answers)
	if !strings.HasSuffix(path, "/check") {
		f.t.Fatalf("the answers were refused on %s:\n%s", path, page)
	}
	return f.submitForm(b, code, page)
}

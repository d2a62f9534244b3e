package web

import (
	"bytes"
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// fixture is a running server on a real SQLite file with one open wave of
// the every-type survey, reachable by link and by invitation codes.
type fixture struct {
	t       *testing.T
	db      *store.DB
	dbPath  string
	server  *httptest.Server
	wave    *survey.Wave
	codes   []string
	logs    *syncBuffer
	closed  *survey.Wave // a closed wave, with one code
	closedC string
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// sourceOf parses a definition's text as a wave's source.
func sourceOf(tb testing.TB, name string, data []byte) *survey.Source {
	tb.Helper()
	def, err := survey.Parse(name, data)
	if err != nil {
		tb.Fatal(err)
	}
	return &survey.Source{File: survey.File{Name: name, Data: data}, Definition: def}
}

// testdataSource reads a definition of testdata/ as a wave's source.
func testdataSource(tb testing.TB, name string) *survey.Source {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return sourceOf(tb, name, data)
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	src := testdataSource(t, "every-type.yaml")
	f := &fixture{t: t, dbPath: filepath.Join(t.TempDir(), "sayso.db"), logs: &syncBuffer{}}
	var err error
	if f.db, err = store.Open(ctx, f.dbPath); err != nil {
		t.Fatal(err)
	}
	if f.wave, err = f.db.OpenWave(ctx, store.NewWave{Source: src, Name: "Check 2026", Access: survey.AccessBoth}); err != nil {
		t.Fatal(err)
	}
	if f.codes, err = f.db.CreateCodes(ctx, f.wave.ID, 10); err != nil {
		t.Fatal(err)
	}
	if f.closed, err = f.db.OpenWave(ctx, store.NewWave{Source: src, Name: "Check 2025", Access: survey.AccessBoth}); err != nil {
		t.Fatal(err)
	}
	closedCodes, _ := f.db.CreateCodes(ctx, f.closed.ID, 1)
	f.closedC = closedCodes[0]
	if err := f.db.CloseWave(ctx, f.closed.ID); err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewJSONHandler(f.logs, nil))
	f.server = httptest.NewServer(New(Config{Logger: logger, SubmitRate: 100_000}, f.db))
	t.Cleanup(func() {
		f.server.Close()
		f.db.Close()
	})
	return f
}

func (f *fixture) count() int {
	f.t.Helper()
	n, err := f.db.CountResponses(context.Background(), f.wave.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

// do sends one request and returns the status and body.
func (f *fixture) do(client *http.Client, method, path, contentType string, body io.Reader) (int, string) {
	f.t.Helper()
	req, err := http.NewRequest(method, f.server.URL+path, body)
	if err != nil {
		f.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if client == nil {
		client = f.server.Client()
	}
	res, err := client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(out)
}

const validAnswers = `{"team": "north", "supervisor": true, "manageable": 4, "supervision-helps": 5,
	"satisfaction": 8, "caseload": 17.5, "training": ["safeguarding"], "change": "More time"}`

func TestResponsesAPI(t *testing.T) {
	f := newFixture(t)
	link := f.wave.LinkCode
	body := func(code, answers string) string { return `{"code": "` + code + `", "answers": ` + answers + `}` }
	tests := []struct {
		name      string
		body      string
		status    int
		want      []string
		forbidden []string
		stored    int // how many responses it adds
	}{
		{"valid by link", body(link, validAnswers), 201, []string{`"status":"received"`}, []string{link, "id"}, 1},
		{"valid by invitation code", body(f.codes[0], validAnswers), 201, nil, []string{f.codes[0]}, 1},
		{"the same invitation code again", body(f.codes[0], validAnswers), 409, []string{"already been used"}, nil, 0},
		{"invitation code typed in lower case", body(strings.ToLower(f.codes[1]), `{"supervisor": false, "manageable": 2}`), 201, nil, nil, 1},
		{"only the required answers", body(link, `{"supervisor": false, "manageable": 3}`), 201, nil, nil, 1},
		{"unknown code", body("NOPE-NOPE-NOPE", validAnswers), 404, []string{"not recognised"}, nil, 0},
		{"closed wave", body(f.closed.LinkCode, validAnswers), 410, []string{"closed"}, nil, 0},
		{"closed wave's invitation code", body(f.closedC, validAnswers), 410, nil, nil, 0},
		{"out-of-range answer", body(link, `{"supervisor": true, "manageable": 9}`), 422, []string{`"question":"manageable"`, "from 1 (strongly disagree) to 5"}, nil, 0},
		{"every problem listed", body(link, `{"supervisor": "yes", "satisfaction": 11, "caseload": 151, "shoe-size": 4}`), 422,
			[]string{`"question":"supervisor","message":"must be true or false"`, `"question":"shoe-size"`}, nil, 0},
		{"missing required answer", body(link, `{"supervisor": true}`), 422, []string{`"question":"manageable","message":"is required"`}, nil, 0},
		{"option not in the list", body(link, `{"supervisor": true, "manageable": 3, "team": "east"}`), 422, []string{`\"east\" is not one of the options`}, nil, 0},
		{"multichoice option not in the list", body(link, `{"supervisor": true, "manageable": 3, "training": ["juggling"]}`), 422, []string{`"question":"training"`}, nil, 0},
		{"answer hidden by show_if", body(link, `{"supervisor": false, "manageable": 3, "supervision-helps": 4}`), 422, []string{`"question":"supervision-helps","message":"is not asked unless`}, nil, 0},
		{"unknown question id", body(link, `{"supervisor": false, "manageable": 3, "favourite-colour": "teal"}`), 422, []string{`"question":"favourite-colour","message":"there is no such question in this survey"`}, nil, 0},
		{"text over its length", body(link, `{"supervisor": false, "manageable": 3, "change": "`+strings.Repeat("x", 201)+`"}`), 422, []string{"is 201 characters long; the most is 200"}, nil, 0},
		{"wrong JSON types for answers", body(link, `{"supervisor": 1, "manageable": "3", "training": "safeguarding", "caseload": "12"}`), 422,
			[]string{`"question":"supervisor"`, `"question":"manageable","message":"must be a whole number"`, `"question":"training"`, `"question":"caseload","message":"must be a number"`}, nil, 0},
		{"answers not an object", body(link, `["a"]`), 400, []string{`\"answers\" must be an object of answers by question id`}, nil, 0},
		{"code not a string", `{"code": 12, "answers": {}}`, 400, []string{`\"code\" must be a string`}, nil, 0},
		{"missing code", `{"answers": {"manageable": 3}}`, 400, []string{`\"code\" is required`}, nil, 0},
		{"missing answers", `{"code": "` + link + `"}`, 400, []string{`\"answers\" is required`}, nil, 0},
		{"code too long", body(strings.Repeat("A", 65), validAnswers), 400, []string{"too long"}, nil, 0},
		{"unknown top-level field", `{"code": "` + link + `", "answers": {}, "email": "a@b.c"}`, 400, []string{"unknown field"}, nil, 0},
		{"malformed JSON", `{"code": "` + link + `", "answers": {`, 400, []string{"not valid JSON"}, nil, 0},
		{"not JSON at all", `code=abc`, 400, []string{"syntax error"}, nil, 0},
		{"two JSON values", body(link, validAnswers) + `{}`, 400, []string{"more than one JSON value"}, nil, 0},
		{"empty body", ``, 400, []string{"the body is empty"}, nil, 0},
		{"invalid UTF-8", `{"code": "` + link + `", "answers": {"supervisor": false, "manageable": 3, "change": "a` + "\xff" + `b"}}`, 400, []string{"not valid UTF-8"}, nil, 0},
		{"oversized body", body(link, `{"change": "`+strings.Repeat("x", MaxBodyBytes)+`"}`), 413, []string{"too large"}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.count()
			status, got := f.do(nil, http.MethodPost, "/api/v1/responses", "application/json", strings.NewReader(tt.body))
			if status != tt.status {
				t.Errorf("status %d, want %d; body %s", status, tt.status, got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("body lacks %s:\n%s", w, got)
				}
			}
			for _, w := range tt.forbidden {
				if strings.Contains(got, w) {
					t.Errorf("body holds %s:\n%s", w, got)
				}
			}
			if after := f.count(); after-before != tt.stored {
				t.Errorf("%d responses stored, want %d", after-before, tt.stored)
			}
		})
	}
}

func TestSurveyDefinitionAPI(t *testing.T) {
	f := newFixture(t)
	status, body := f.do(nil, http.MethodGet, "/api/v1/surveys/"+f.wave.LinkCode, "", nil)
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	for _, want := range []string{
		`"id":"every-type"`, `"sections":[{"id":"about-you","title":"About you","questions":[{"id":"team","type":"choice"`,
		`"options":[{"value":"north","label":"North"}`, `"show_if":{"question":"supervisor","equals":true}`,
		`"id":"caseload","type":"number","text":"How many cases do you hold?","required":false,"min":0,"max":150,"unit":"cases"`,
		`"id":"change","type":"text","text":"What one thing should change?","required":false,"max_length":200`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("definition lacks %s:\n%s", want, body)
		}
	}
	for path, want := range map[string]int{
		"/api/v1/surveys/" + f.codes[2]:        200,
		"/api/v1/surveys/UNKNOWN":              404,
		"/api/v1/surveys/" + f.closed.LinkCode: 410,
	} {
		if status, body := f.do(nil, http.MethodGet, path, "", nil); status != want || !strings.HasPrefix(body, "{") {
			t.Errorf("GET %s: %d %s, want %d and JSON", path, status, body, want)
		}
	}
}

// browser is a client with cookies, as a respondent's browser would be,
// that does not follow redirects so they can be checked.
func (f *fixture) browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func TestRespondentPagesWalkThrough(t *testing.T) {
	f := newFixture(t)
	code := f.codes[3]
	b := f.browser()
	get := func(path string) string {
		t.Helper()
		status, page := f.do(b, http.MethodGet, path, "", nil)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d\n%s", path, status, page)
		}
		return page
	}
	// post sends a section's form and follows its redirect.
	post := func(path string, answers url.Values, button string) (string, string) {
		t.Helper()
		form := url.Values{"_csrf": {csrfOf(t, get(path))}, "_go": {button}}
		for k, v := range answers {
			form[k] = v
		}
		status, to := f.send(b, path, form)
		if status != http.StatusSeeOther {
			t.Fatalf("POST %s: %d, want a redirect\n%s", path, status, to)
		}
		return to, get(to)
	}

	page := get("/s/" + code)
	if !strings.Contains(page, "Your answers are anonymous") || !strings.Contains(page, "groups of 5 or more") || !strings.Contains(page, "locked with a key that only you have") {
		t.Fatalf("start page:\n%s", page)
	}
	first := f.begin(b, code)
	s1, s2, s3 := "/s/"+code+"/sections/1", "/s/"+code+"/sections/2", "/s/"+code+"/sections/3"
	if first != s1 || !strings.Contains(get(first), "Section 1 of 3") {
		t.Fatalf("Start now went to %s", first)
	}

	// Continuing without the required answer redirects back to the page,
	// which shows the error summary linked to the question's fieldset.
	to, page := post(s1, url.Values{"q.team": {"north"}}, "next")
	if to != s1 {
		t.Fatalf("a refused section went on to %s", to)
	}
	for _, want := range []string{"<title>Error: About you", "There is a problem", `<a href="#q-supervisor-fieldset">Select an answer to “Do you have a supervisor?”</a>`, `id="q-supervisor-error"`, `value="north" checked`} {
		if !strings.Contains(page, want) {
			t.Errorf("error page lacks %s", want)
		}
	}

	// Answering no hides the supervision question; yes shows it (show_if).
	to, page = post(s1, url.Values{"q.team": {"north"}, "q.supervisor": {"no"}}, "next")
	if to != s2 || !strings.Contains(page, "Section 2 of 3") || strings.Contains(page, "Supervision helps me") {
		t.Fatalf("second section after no: %s\n%s", to, page)
	}
	if page := get(s1); strings.Contains(page, "There is a problem") || !strings.Contains(page, `value="no" checked`) {
		t.Fatalf("back to the first section: the answer is lost or the old error shown\n%s", page)
	}
	to, _ = post(s2, nil, "back")
	if to != s1 {
		t.Errorf("Back from section 2 went to %s", to)
	}
	to, page = post(s1, url.Values{"q.team": {"north"}, "q.supervisor": {"yes"}}, "next")
	if to != s2 || !strings.Contains(page, "Supervision helps me") {
		t.Fatalf("the show_if question is not asked after yes: %s", to)
	}

	// A number that is not a number keeps what was typed and says why,
	// with an example that fits the question.
	to, page = post(s2, url.Values{"q.manageable": {"4"}, "q.caseload": {"lots"}, "q.satisfaction": {"8"}}, "next")
	if to != s2 || !strings.Contains(page, "“How many cases do you hold?”: enter a number, such as 38 cases") || !strings.Contains(page, `value="lots"`) {
		t.Fatalf("bad number: %s\n%s", to, page)
	}
	to, _ = post(s2, url.Values{"q.manageable": {"4"}, "q.satisfaction": {"8"}, "q.caseload": {"18"}, "q.supervision-helps": {"5"}, "q.training": {"safeguarding", "mental-capacity"}}, "next")
	if to != s3 {
		t.Fatalf("third section: %s", to)
	}
	to, page = post(s3, url.Values{"q.change": {"Fewer <forms> & more time"}}, "next")
	if to != "/s/"+code+"/check" {
		t.Fatalf("check page: %s", to)
	}
	for _, want := range []string{"Check your answers", "North", "Agree", "Strongly agree", "8 out of 10", "18 cases", "Safeguarding", "Mental capacity", "Fewer &lt;forms&gt; &amp; more time"} {
		if !strings.Contains(page, want) {
			t.Errorf("check page lacks %q", want)
		}
	}

	// Change an answer from the check page, and come straight back to it.
	change := s1 + "?return=check"
	if !strings.Contains(page, `href="`+html.EscapeString(change)+`"`) {
		t.Fatalf("the check page has no link to change the first section")
	}
	to, page = post(change, url.Values{"q.team": {"south"}, "q.supervisor": {"yes"}}, "next")
	if to != "/s/"+code+"/check" || !strings.Contains(page, "South") {
		t.Fatalf("back to check after an edit: %s", to)
	}

	if f.count() != 0 {
		t.Fatal("something was stored before submitting")
	}
	status, to := f.submitForm(b, code, page)
	if status != http.StatusSeeOther || to != "/thanks" {
		t.Fatalf("submit: %d to %q", status, to)
	}
	if f.count() != 1 {
		t.Fatalf("%d responses stored, want 1", f.count())
	}
	if status, page := f.do(b, http.MethodGet, "/thanks", "", nil); status != 200 || !strings.Contains(page, "Your answers have been saved") {
		t.Errorf("thanks page: %d", status)
	}
	if status, page := f.do(b, http.MethodGet, "/s/"+code, "", nil); status != 409 || !strings.Contains(page, "This code has already been used") || !strings.Contains(page, "If you have just submitted your answers, they have been saved") {
		t.Errorf("the used code: %d\n%s", status, page)
	}
}

func TestRespondentPagesRefuseBadPosts(t *testing.T) {
	f := newFixture(t)
	code := f.wave.LinkCode
	b := f.browser()
	s1 := f.begin(b, code)
	s2 := "/s/" + code + "/sections/2"
	_, page := f.do(b, http.MethodGet, s1, "", nil)
	token := csrfOf(t, page)
	valid := url.Values{"_csrf": {token}, "_go": {"next"}, "q.manageable": {"3"}}
	with := func(changes url.Values, drop ...string) url.Values {
		form := url.Values{}
		for k, v := range valid {
			form[k] = v
		}
		for k, v := range changes {
			form[k] = v
		}
		for _, k := range drop {
			form.Del(k)
		}
		return form
	}
	tests := []struct {
		name   string
		path   string
		form   url.Values
		status int
		want   string
	}{
		{"no CSRF token", s2, with(nil, "_csrf"), 403, "This form has expired"},
		{"wrong CSRF token", s2, with(url.Values{"_csrf": {"forged"}}), 403, "This form has expired"},
		{"unknown question", s2, with(url.Values{"q.shoe-size": {"9"}}), 400, "a question this survey does not ask"},
		{"a question on another page", s2, with(url.Values{"q.supervisor": {"no"}}), 400, "a question that is not on this page"},
		{"invalid UTF-8", "/s/" + code + "/sections/3", url.Values{"_csrf": {token}, "_go": {"next"}, "q.change": {"a\xffb"}}, 400, "not valid text"},
		{"no such section", "/s/" + code + "/sections/7", valid, 404, "no such page"},
		{"a section that is not a number", "/s/" + code + "/sections/x", valid, 404, "no such page"},
		{"no button", s2, with(nil, "_go"), 400, "without pressing one of its buttons"},
		{"submit without a token", "/s/" + code + "/check", url.Values{"_csrf": {token}, "_go": {"submit"}}, 400, "without pressing Submit"},
		{"oversized body", s2, with(url.Values{"q.change": {strings.Repeat("x", MaxBodyBytes)}}), 413, "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.count()
			status, page := f.send(b, tt.path, tt.form)
			if status != tt.status || !strings.Contains(page, tt.want) {
				t.Errorf("status %d, want %d with %q:\n%s", status, tt.status, tt.want, page)
			}
			if !strings.Contains(page, "<!DOCTYPE html>") {
				t.Error("not an HTML page")
			}
			if f.count() != before {
				t.Error("a response was stored")
			}
		})
	}
	// Answers the checks refuse are kept as typed and shown with their
	// errors, never stored.
	for _, tt := range []struct {
		name, section string
		answers       url.Values
		want          string
	}{
		{"out-of-range answer", "2", url.Values{"q.manageable": {"6"}}, "The answer to “My workload is manageable.” must be from 1"},
		{"an option not offered", "1", url.Values{"q.team": {"east"}, "q.supervisor": {"no"}}, "is not one of the options"},
		{"two answers to one question", "1", url.Values{"q.team": {"north", "south"}, "q.supervisor": {"no"}}, "“Which team are you in?”: give one answer"},
		{"text over its length", "3", url.Values{"q.change": {strings.Repeat("é", 201)}}, "is 201 characters long"},
		{"missing required answer", "2", url.Values{}, "Select an answer to “My workload is manageable.”"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := "/s/" + code + "/sections/" + tt.section
			form := url.Values{"_csrf": {token}, "_go": {"next"}}
			for k, v := range tt.answers {
				form[k] = v
			}
			if status, to := f.send(b, path, form); status != http.StatusSeeOther || to != path {
				t.Fatalf("POST %s: %d to %s, want the same page again", path, status, to)
			}
			if status, page := f.do(b, http.MethodGet, path, "", nil); status != 200 || !strings.Contains(page, tt.want) || !strings.Contains(page, "<title>Error: ") {
				t.Errorf("GET %s: %d, want the error %q:\n%s", path, status, tt.want, page)
			}
			if f.count() != 0 {
				t.Error("a response was stored")
			}
		})
	}
	if status, to := f.answer(code, url.Values{"q.supervisor": {"no"}, "q.manageable": {"3"}}); status != http.StatusSeeOther || to != "/thanks" || f.count() != 1 {
		t.Errorf("the valid answers were not stored: %d to %s", status, to)
	}
}

func TestRespondentErrorPages(t *testing.T) {
	f := newFixture(t)
	for path, want := range map[string]struct {
		status int
		text   string
	}{
		"/s/NOT-A-CODE":           {404, "Page not found"},
		"/s/" + f.closed.LinkCode: {410, "This survey has closed"},
		"/s/" + f.closedC:         {410, "This survey has closed"},
		"/no/such/page":           {404, "Page not found"},
	} {
		status, page := f.do(nil, http.MethodGet, path, "", nil)
		if status != want.status || !strings.Contains(page, want.text) || strings.Contains(page, "goroutine") {
			t.Errorf("GET %s: %d, want %d with %q", path, status, want.status, want.text)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/s/" + f.wave.LinkCode, "/api/v1/surveys/" + f.wave.LinkCode, "/healthz", "/static/sayso.css", "/nowhere"} {
		res, err := f.server.Client().Get(f.server.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		for header, want := range map[string]string{
			"Content-Security-Policy": contentSecurityPolicy,
			"X-Content-Type-Options":  "nosniff",
			"X-Frame-Options":         "DENY",
			"Referrer-Policy":         "no-referrer",
		} {
			if got := res.Header.Get(header); got != want {
				t.Errorf("GET %s: %s = %q, want %q", path, header, got, want)
			}
		}
	}
	if !strings.Contains(contentSecurityPolicy, "default-src 'none'") || strings.Contains(contentSecurityPolicy, "script-src") {
		t.Error("the policy must allow no script")
	}
}

func TestHealthz(t *testing.T) {
	f := newFixture(t)
	if status, body := f.do(nil, http.MethodGet, "/healthz", "", nil); status != 200 || body != "ok\n" {
		t.Errorf("healthz: %d %q", status, body)
	}
	f.db.Close()
	if status, _ := f.do(nil, http.MethodGet, "/healthz", "", nil); status != http.StatusServiceUnavailable {
		t.Errorf("healthz with the database closed: %d", status)
	}
}

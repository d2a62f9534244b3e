package web

import (
	"bytes"
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/sayso/sayso/internal/progress"
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

// progressSecret is the secret a browser holds for a survey's saved answers.
func (f *fixture) progressSecret(b *http.Client, code string) progress.Secret {
	f.t.Helper()
	u, _ := url.Parse(f.server.URL + "/s/" + code + "/check")
	for _, c := range b.Jar.Cookies(u) {
		if c.Name == progressCookie {
			s, err := progress.ParseSecret(c.Value)
			if err != nil {
				f.t.Fatal(err)
			}
			return s
		}
	}
	f.t.Fatal("the browser holds no key to saved answers")
	return progress.Secret{}
}

// TestADoubleSubmitOrAReplayStoresOneResponse presses Submit many times at
// once, then sends the same form again later, by link and by invitation
// code: one response each, and every press ends on the thank-you page.
func TestADoubleSubmitOrAReplayStoresOneResponse(t *testing.T) {
	f := newFixture(t)
	for _, code := range []string{f.wave.LinkCode, f.codes[0]} {
		before := f.count()
		b := f.browser()
		_, check := f.fill(b, f.begin(b, code), url.Values{"q.supervisor": {"no"}, "q.manageable": {"3"}})
		form := url.Values{"_csrf": {csrfOf(t, check)}, "_token": {tokenOf(t, check)}, "_go": {"submit"}}
		var wg sync.WaitGroup
		ends := make([]string, 8)
		for i := range ends {
			wg.Go(func() {
				status, to := postForm(t, b, f.server.URL+"/s/"+code+"/check", form, nil)
				ends[i] = strconv.Itoa(status) + " " + to
			})
		}
		wg.Wait()
		for _, end := range ends {
			if end != "303 /thanks" {
				t.Errorf("%s: a press of Submit ended %q, want the thank-you page", code, end)
			}
		}
		if status, to := postForm(t, f.browser(), f.server.URL+"/s/"+code+"/check", form, nil); status != http.StatusForbidden {
			t.Errorf("%s: the form replayed from another browser: %d %s, want 403", code, status, to)
		}
		if status, to := postForm(t, b, f.server.URL+"/s/"+code+"/check", form, nil); status != http.StatusSeeOther || to != "/thanks" {
			t.Errorf("%s: the form replayed later: %d to %s", code, status, to)
		}
		if got := f.count() - before; got != 1 {
			t.Errorf("%s: %d responses stored, want 1", code, got)
		}
		// Back to the check page after submitting: the answers are gone, so
		// a link goes back to the start, and a spent code says so plainly.
		status, page := f.do(b, http.MethodGet, "/s/"+code+"/check", "", nil)
		switch {
		case code == f.wave.LinkCode && status != http.StatusSeeOther:
			t.Errorf("the link's check page after submitting: %d", status)
		case code != f.wave.LinkCode && (status != http.StatusConflict || !strings.Contains(page, "If you have just submitted your answers, they have been saved")):
			t.Errorf("the invitation's check page after submitting: %d\n%s", status, page)
		}
	}
	var progressRows int
	db, err := sql.Open("sqlite", "file:"+f.dbPath+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRow("SELECT count(*) FROM progress").Scan(&progressRows); err != nil || progressRows != 0 {
		t.Errorf("%d saved answers left after submitting (%v)", progressRows, err)
	}
}

// TestLeaveAndComeBack saves half a survey, then comes back on the same
// device by its link and on another by the resume link.
func TestLeaveAndComeBack(t *testing.T) {
	f := newFixture(t)
	code := f.codes[1]
	b := f.browser()
	s1 := f.begin(b, code)
	_, page := f.do(b, http.MethodGet, s1, "", nil)
	if status, to := f.send(b, s1, url.Values{"_csrf": {csrfOf(t, page)}, "_go": {"next"}, "q.team": {"south"}, "q.supervisor": {"yes"}}); status != 303 {
		t.Fatalf("section 1: %d %s", status, to)
	}
	s2 := "/s/" + code + "/sections/2"
	_, page = f.do(b, http.MethodGet, s2, "", nil)
	status, to := f.send(b, s2, url.Values{"_csrf": {csrfOf(t, page)}, "_go": {"save"}, "q.caseload": {"22"}})
	if status != http.StatusSeeOther || to != "/s/"+code+"/saved" {
		t.Fatalf("Save and come back later: %d to %s", status, to)
	}
	status, saved := f.do(b, http.MethodGet, to, "", nil)
	if status != 200 {
		t.Fatalf("the saved page: %d", status)
	}
	secret := f.progressSecret(b, code)
	link := DefaultBaseURL + "/resume/" + secret.String()
	doc := parsePage(t, saved)
	links := findAll(doc, func(n *html.Node) bool { href, _ := attr(n, "href"); return n.Data == "a" && href == link })
	if len(links) != 1 || !strings.Contains(saved, "Keep the link to yourself") {
		t.Fatalf("the saved page does not give the resume link %s:\n%s", link, saved)
	}

	// Same device: the start page offers the page left.
	_, start := f.do(b, http.MethodGet, "/s/"+code, "", nil)
	resume := findAll(parsePage(t, start), func(n *html.Node) bool { href, _ := attr(n, "href"); return n.Data == "a" && href == s2 })
	if len(resume) != 1 || !strings.Contains(start, "You have answers saved on this device until") {
		t.Errorf("the start page does not offer the saved answers:\n%s", start)
	}

	// Another device: the resume link opens the answers where they were left.
	other := f.browser()
	status, to = f.do2(other, "/resume/"+strings.ToLower(secret.String()))
	if status != http.StatusSeeOther || to != s2 {
		t.Fatalf("the resume link: %d to %s", status, to)
	}
	_, page = f.do(other, http.MethodGet, s2, "", nil)
	if !strings.Contains(page, `value="22"`) || !strings.Contains(page, "Supervision helps me") {
		t.Errorf("the answers did not come back on the other device:\n%s", page)
	}
	_, page = f.do(other, http.MethodGet, s1, "", nil)
	if !strings.Contains(page, `value="south" checked`) {
		t.Errorf("the first section's answer did not come back")
	}

	for _, bad := range []string{"/resume/" + unknownSecret(), "/resume/not-a-code", "/resume/" + secret.String() + "X"} {
		if status, page := f.do(f.browser(), http.MethodGet, bad, "", nil); status != http.StatusNotFound || !strings.Contains(page, "no saved answers for this resume link") {
			t.Errorf("GET %s: %d, want 404 with a plain message\n%s", bad, status, page)
		}
	}

	// Submitted on the other device: the link opens nothing any more.
	path, check := f.fill(other, s2, url.Values{"q.manageable": {"4"}})
	if !strings.HasSuffix(path, "/check") {
		t.Fatalf("stopped on %s", path)
	}
	if status, to := f.submitForm(other, code, check); status != 303 || to != "/thanks" {
		t.Fatalf("submit: %d %s", status, to)
	}
	if status, _ := f.do(f.browser(), http.MethodGet, "/resume/"+secret.String(), "", nil); status != http.StatusNotFound {
		t.Errorf("the resume link still opens after submitting: %d", status)
	}
}

// do2 GETs a path without following a redirect: the status and where it goes.
func (f *fixture) do2(b *http.Client, path string) (int, string) {
	f.t.Helper()
	res, err := b.Get(f.server.URL + path)
	if err != nil {
		f.t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode, res.Header.Get("Location")
}

// unknownSecret is a resume code nobody was given.
func unknownSecret() string { return progress.NewSecret().String() }

// TestUnfinishedAnswersCannotBeReadFromTheFiles saves answers with a marker
// in them and reads the raw bytes of the database, its log and its index:
// nothing of the answers, and not the key, is there; with the key from the
// respondent's cookie, the sealed row opens to them.
func TestUnfinishedAnswersCannotBeReadFromTheFiles(t *testing.T) {
	f := newFixture(t)
	const marker = "unfinished-answer-marker"
	var secrets []progress.Secret
	for i, code := range []string{f.codes[2], f.wave.LinkCode} {
		b := f.browser()
		s1 := f.begin(b, code)
		_, page := f.do(b, http.MethodGet, s1, "", nil)
		f.send(b, s1, url.Values{"_csrf": {csrfOf(t, page)}, "_go": {"next"}, "q.supervisor": {"no"}})
		s3 := "/s/" + code + "/sections/3"
		_, page = f.do(b, http.MethodGet, s3, "", nil)
		answer := marker
		if i == 1 {
			answer = strings.Repeat(marker, 8)
		}
		if status, _ := f.send(b, s3, url.Values{"_csrf": {csrfOf(t, page)}, "_go": {"save"}, "q.change": {answer}}); status != 303 {
			t.Fatalf("saving: %d", status)
		}
		secrets = append(secrets, f.progressSecret(b, code))
	}
	if f.count() != 0 {
		t.Fatal("a response was stored")
	}

	ro, err := sql.Open("sqlite", "file:"+f.dbPath+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	var lengths []int
	for _, s := range secrets {
		var sealed []byte
		if err := ro.QueryRow("SELECT sealed FROM progress WHERE id = ?", s.ID()).Scan(&sealed); err != nil {
			t.Fatalf("no sealed row for a respondent: %v", err)
		}
		lengths = append(lengths, len(sealed))
		plain, err := s.Open(sealed)
		if err != nil || !bytes.Contains(plain, []byte(marker)) || !bytes.Contains(plain, []byte("q.supervisor")) {
			t.Errorf("the respondent's key does not open their answers: %v", err)
		}
	}
	if lengths[0] != lengths[1] {
		t.Errorf("sealed lengths %v tell a short answer from a long one", lengths)
	}

	var files [][]byte
	for _, suffix := range []string{"", "-wal", "-shm"} {
		data, err := os.ReadFile(f.dbPath + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		files = append(files, data)
	}
	if len(files[0]) == 0 {
		t.Fatal("the database file is empty")
	}
	for i, data := range files {
		if bytes.Contains(data, []byte(marker)) {
			t.Errorf("file %d holds an unfinished answer in the clear", i)
		}
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s.String())) || bytes.Contains(data, s[:]) {
				t.Errorf("file %d holds a respondent's key", i)
			}
		}
		if bytes.Contains(data, []byte(f.codes[2])) {
			t.Errorf("file %d holds the invitation code the answers were saved with", i)
		}
	}
}

// TestEverySurveyPageSaysWhoIsAsking serves with an organisation set and
// reads every respondent page's footer: the organisation, its contact and
// its privacy notice, and the page on anonymity, which opens too. Each page
// has one title, not the survey's twice.
func TestEverySurveyPageSaysWhoIsAsking(t *testing.T) {
	f := newFixture(t)
	org, err := NewOrganisation("Northshire County Council", "survey@northshire.gov.uk", "https://www.northshire.gov.uk/privacy")
	if err != nil {
		t.Fatal(err)
	}
	f.server.Close()
	f.server = httptest.NewServer(New(Config{Logger: discardLogger(), Organisation: org}, f.db))
	b := f.browser()
	code := f.wave.LinkCode
	s1 := f.begin(b, code)
	_, page := f.do(b, http.MethodGet, s1, "", nil)
	f.send(b, s1, url.Values{"_csrf": {csrfOf(t, page)}, "_go": {"save"}})
	pages := map[string]string{
		"start": "/s/" + code, "section": s1, "saved": "/s/" + code + "/saved", "check": "/s/" + code + "/check",
		"anonymity": "/anonymity", "thanks": "/thanks", "error": "/s/UNKNOWN-CODE", "you said, we did": "/you-said-we-did",
	}
	titles := map[string]string{"start": "Every type", "anonymity": "How your answers are kept anonymous – Sayso", "section": "About you – Every type"}
	for name, path := range pages {
		_, page := f.do(b, http.MethodGet, path, "", nil)
		doc := parsePage(t, page)
		footers := findAll(doc, func(n *html.Node) bool { return n.Data == "footer" })
		if len(footers) != 1 {
			t.Fatalf("%s: %d footers", name, len(footers))
		}
		footer := footers[0]
		if text := textOf(footer); !strings.Contains(text, "This survey is run by Northshire County Council.") {
			t.Errorf("%s: the footer does not name the organisation: %q", name, text)
		}
		for _, href := range []string{"mailto:survey@northshire.gov.uk", "https://www.northshire.gov.uk/privacy", "/anonymity"} {
			if len(findAll(footer, func(n *html.Node) bool { v, _ := attr(n, "href"); return n.Data == "a" && v == href })) != 1 {
				t.Errorf("%s: the footer has no link to %s", name, href)
			}
		}
		titleTags := findAll(doc, func(n *html.Node) bool { return n.Data == "title" })
		if len(titleTags) != 1 {
			t.Fatalf("%s: %d titles", name, len(titleTags))
		}
		if want, ok := titles[name]; ok && textOf(titleTags[0]) != want {
			t.Errorf("%s: the title is %q, want %q", name, textOf(titleTags[0]), want)
		}
	}
	_, start := f.do(b, http.MethodGet, "/s/"+code, "", nil)
	if text := textOf(parsePage(t, start)); !strings.Contains(text, "Who is asking This survey is run by Northshire County Council. If you have a question about it, contact survey@northshire.gov.uk.") || !strings.Contains(text, "locked with a key that only you have") {
		t.Errorf("the start page does not say who is asking and how saved answers are kept:\n%s", text)
	}
	res, err := http.Get(f.server.URL + "/favicon.ico")
	if err != nil {
		t.Fatal(err)
	}
	icon, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || len(icon) < 6 || !bytes.Equal(icon[:4], []byte{0, 0, 1, 0}) {
		t.Errorf("/favicon.ico: %d, %d bytes", res.StatusCode, len(icon))
	}
}

func TestOrganisationSettingsAreChecked(t *testing.T) {
	for _, tt := range []struct {
		name, org, contact, privacy, want string
	}{
		{"privacy notice not a web address", "Council", "", "privacy.html", "--privacy-url"},
		{"privacy notice by another scheme", "Council", "", "javascript:alert(1)", "--privacy-url"},
		{"a name over two lines", "Council\nEvil", "", "", "--org-name"},
		{"a contact too long", "Council", strings.Repeat("x", 201), "", "--org-contact"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewOrganisation(tt.org, tt.contact, tt.privacy); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NewOrganisation = %v, want an error naming %s", err, tt.want)
			}
		})
	}
	o, err := NewOrganisation(" Council ", "01632 960000", "")
	if err != nil || o.Name != "Council" || o.ContactEmail() {
		t.Errorf("a telephone contact: %+v %v", o, err)
	}
}

// TestTheErrorSummaryLeadsToEachQuestion sends a section with every
// question wrong: the summary comes first, is focused when the page loads,
// lists the errors in the order of the questions, and each link lands on
// the question's fieldset (its legend first, then its message) or its field.
func TestTheErrorSummaryLeadsToEachQuestion(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	code := f.wave.LinkCode
	f.begin(b, code)
	s2 := "/s/" + code + "/sections/2"
	_, page := f.do(b, http.MethodGet, s2, "", nil)
	f.send(b, s2, url.Values{"_csrf": {csrfOf(t, page)}, "_go": {"next"}, "q.satisfaction": {"11"}, "q.caseload": {"lots"}, "q.training": {"juggling"}})
	_, page = f.do(b, http.MethodGet, s2, "", nil)
	doc := parsePage(t, page)
	main := byID(doc, "main-content")
	if main == nil {
		t.Fatal("no main content")
	}
	first := findAll(main, func(n *html.Node) bool { return true })
	if len(first) == 0 {
		t.Fatal("the main content is empty")
	}
	var summary *html.Node
	for _, n := range first {
		if hasClass(n, "govuk-grid-column-two-thirds") || hasClass(n, "govuk-grid-row") {
			continue
		}
		summary = n
		break
	}
	if summary == nil || !hasClass(summary, "govuk-error-summary") {
		t.Fatalf("the first thing in the page is not the error summary")
	}
	if _, ok := attr(summary, "autofocus"); !ok {
		t.Error("the error summary is not focused when the page loads")
	}
	if v, _ := attr(summary, "tabindex"); v != "-1" {
		t.Errorf("the error summary cannot take focus: tabindex %q", v)
	}
	links := findAll(summary, func(n *html.Node) bool { return n.Data == "a" })
	var order []string
	for _, a := range links {
		order = append(order, textOf(a))
	}
	want := []string{"My workload is manageable.", "How satisfied are you?", "How many cases do you hold?", "Which training have you had?"}
	if len(links) != len(want) {
		t.Fatalf("the summary lists %q, want errors for %q", order, want)
	}
	for i, a := range links {
		if !strings.Contains(order[i], want[i]) {
			t.Errorf("error %d of the summary is %q, want the one for %q (the order of the questions)", i+1, order[i], want[i])
		}
		href, _ := attr(a, "href")
		target := byID(doc, strings.TrimPrefix(href, "#"))
		if target == nil {
			t.Errorf("%q links to %s, which is not on the page", order[i], href)
			continue
		}
		switch target.Data {
		case "fieldset":
			legend := findAll(target, func(n *html.Node) bool { return n.Data == "legend" })
			messages := findAll(target, func(n *html.Node) bool { return hasClass(n, "govuk-error-message") })
			if len(legend) != 1 || !strings.Contains(textOf(legend[0]), want[i]) || len(messages) != 1 {
				t.Errorf("%s does not hold the question's legend and its message", href)
			}
			if v, _ := attr(target, "tabindex"); v != "-1" {
				t.Errorf("%s cannot take the focus the link gives it", href)
			}
		case "input":
			if !hasClass(target.Parent.Parent, "govuk-form-group--error") && !hasClass(target.Parent, "govuk-form-group--error") {
				t.Errorf("%s is not in a form group marked in error", href)
			}
		default:
			t.Errorf("%s is a %s, not the question", href, target.Data)
		}
	}
}

// TestUKDatesAreTakenWhereDatesAreTyped opens a wave from the admin form
// with its closing day written the British way.
func TestUKDatesAreTakenWhereDatesAreTyped(t *testing.T) {
	f := newSecurityFixture(t)
	token := f.csrfFor(f.admin)
	next := time.Now().AddDate(1, 0, 0)
	form := url.Values{"_csrf": {token}, "survey": {"team-check"}, "name": {"Typed the British way"}, "access": {"link"}, "closes": {next.Format("02/01/2006")}}
	if status, body := f.send(f.admin, "POST", "/admin/waves", form); status != http.StatusSeeOther {
		t.Fatalf("opening a wave closing %s: %d %.400s", form.Get("closes"), status, body)
	}
	waves, err := f.db.Waves(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(waves) == 0 || waves[0].Name != "Typed the British way" || waves[0].ClosesOn != next.Format(survey.DateLayout) {
		t.Errorf("the wave closes on %q, want %s", waves[0].ClosesOn, next.Format(survey.DateLayout))
	}
}

// TestAResumeCodeTypedByHand opens saved answers from the code alone, as
// written down, and refuses codes that are not one with a GOV.UK error.
func TestAResumeCodeTypedByHand(t *testing.T) {
	f := newFixture(t)
	code := f.wave.LinkCode
	b := f.browser()
	s1 := f.begin(b, code)
	_, page := f.do(b, http.MethodGet, s1, "", nil)
	f.send(b, s1, url.Values{"_csrf": {csrfOf(t, page)}, "_go": {"save"}, "q.team": {"north"}})
	secret := f.progressSecret(b, code)

	if status, page := f.do(nil, http.MethodGet, "/resume", "", nil); status != 200 || byID(parsePage(t, page), "code") == nil {
		t.Fatalf("the resume form: %d", status)
	}
	typed := strings.ToLower(strings.ReplaceAll(secret.String(), "-", " "))
	other := f.browser()
	if status, to := f.do2(other, "/resume?code="+url.QueryEscape(typed)); status != http.StatusSeeOther || to != s1 {
		t.Fatalf("the typed code: %d to %s", status, to)
	}
	if _, page := f.do(other, http.MethodGet, s1, "", nil); !strings.Contains(page, `value="north" checked`) {
		t.Error("the typed code did not bring the answers")
	}
	for _, tt := range []struct{ typed, status, want string }{
		{"", "422", "Enter your resume code"},
		{"not a code", "422", "Enter the resume code as it was given"},
		{unknownSecret(), "404", "no saved answers for this resume link"},
	} {
		status, page := f.do(f.browser(), http.MethodGet, "/resume?code="+url.QueryEscape(tt.typed), "", nil)
		if strconv.Itoa(status) != tt.status || !strings.Contains(page, tt.want) {
			t.Errorf("code %q: %d, want %s with %q", tt.typed, status, tt.status, tt.want)
		}
		if tt.status == "422" {
			summary := findAll(parsePage(t, page), func(n *html.Node) bool { return hasClass(n, "govuk-error-summary") })
			if len(summary) != 1 || len(findAll(summary[0], func(n *html.Node) bool { href, _ := attr(n, "href"); return href == "#code" })) != 1 {
				t.Errorf("code %q: no error summary linked to the field", tt.typed)
			}
		}
	}
}

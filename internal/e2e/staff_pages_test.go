//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// reflowWidths are the screen widths, in CSS pixels, no staff page may be
// wider than: WCAG 2.2's reflow width and two phones' and tablets' widths.
var reflowWidths = []int64{320, 375, 640}

// signIn signs the browser in as the demo's admin.
func signIn(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), adminEmail), chromedp.SendKeys(chromedp.CSS("#password"), adminPassword)); err != nil {
		t.Fatal(err)
	}
	if err := submit(ctx, "form[action='/login'] button"); err != nil {
		t.Fatal(err)
	}
	if h := heading(ctx); h != "Results" {
		t.Fatalf("after signing in: %q", h)
	}
}

// submit presses the button a selector finds and waits for the page the
// form brings.
func submit(ctx context.Context, button string) error {
	click := fmt.Sprintf(`document.querySelector(%q).click()`, button)
	return leaveBy(ctx, chromedp.Evaluate[chromedp.Void](click), "pressing "+button)
}

// overflow is what pushes a page wider than the screen, for the message.
const overflow = `(() => {
	const width = document.documentElement.clientWidth, out = [];
	for (const e of document.querySelectorAll('body *')) {
		const r = e.getBoundingClientRect();
		if (r.right > width + 1 && !e.closest('.sayso-table-scroll')) out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.'));
	}
	return out.slice(0, 5).join(', ');
})()`

// assertFits fails for every reflow width the page in front of the
// browser is wider than, and leaves the browser as wide as it found it.
func assertFits(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	before, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`window.innerWidth`))
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	for _, w := range reflowWidths {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, 800)); err != nil {
			t.Fatal(err)
		}
		width, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		if width > w {
			wide, _ := chromedp.Run(ctx, chromedp.Evaluate[string](overflow))
			t.Errorf("%s is %d px wide on a %d px screen (%s)", page, width, w, wide)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(before, 900)); err != nil {
		t.Fatal(err)
	}
}

// staffLinks are the staff pages a page links to: this server's, not the
// respondents' or the public ones, and not downloads.
const staffLinks = `[...document.querySelectorAll('a[href]')].filter(a => !a.hasAttribute('download')).map(a => a.href)`

func isStaffPage(base string, link string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil || u.Scheme+"://"+u.Host != base {
		return "", false
	}
	u.Fragment = ""
	path := u.Path
	for _, public := range []string{"/s/", "/you-said-we-did", "/static/", "/api/", "/login", "/thanks"} {
		if strings.HasPrefix(path, public) {
			return "", false
		}
	}
	if strings.HasSuffix(path, "/report") || strings.Contains(path, "/charts/") || strings.HasSuffix(path, ".csv") {
		return "", false
	}
	return u.RequestURI(), true
}

// pageKind is a page's address with the ids in it that do not change the
// page's make-up left out: a wave's pages are of one kind with those of
// the other waves of its survey, and each action's form is of one kind.
func pageKind(path string, surveyOf map[string]string) string {
	if rest, ok := strings.CutPrefix(path, "/waves/"); ok {
		id, page, _ := strings.Cut(rest, "/")
		if survey, ok := surveyOf[id]; ok {
			return "/waves/" + survey + "/" + page
		}
	}
	if strings.HasPrefix(path, "/admin/actions/") {
		return regexp.MustCompile(`\d+`).ReplaceAllString(path, "N")
	}
	return path
}

// wavesBySurvey reads, from the dashboard, which survey each wave is of.
const wavesBySurvey = `Object.fromEntries([...document.querySelectorAll('section[aria-labelledby^="survey-"]')].flatMap(s =>
	[...s.querySelectorAll('a[href^="/waves/"]')].map(a => [a.getAttribute('href').split('/')[2], s.getAttribute('aria-labelledby')])))`

// staffPagesFitAPhone walks every kind of staff page of the demo that
// can be reached from the dashboard by its links, as an admin, and finds none
// wider than the screen at 320, 375 and 640 px: wide tables scroll inside
// their own regions.
func staffPagesFitAPhone(t *testing.T, s server) {
	ctx := browser(t)
	signIn(t, ctx, s.base)
	surveyOf, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](wavesBySurvey))
	if err != nil || len(surveyOf) == 0 {
		t.Fatalf("the dashboard lists no waves by survey (%v)", err)
	}
	queue := []string{"/dashboard", "/admin/actions/new", "/no/such/page", "/surveys/health-check/compare?by=team", "/surveys/health-check/compare?by=role"}
	seen := map[string]bool{}
	for _, p := range queue {
		seen[pageKind(p, surveyOf)] = true
	}
	var walked []string
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		if err := chromedp.Do(ctx, chromedp.Navigate(s.base+path)); err != nil {
			t.Fatal(err)
		}
		walked = append(walked, path)
		assertFits(t, ctx, path)
		links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](staffLinks))
		if err != nil {
			t.Fatal(err)
		}
		for _, link := range links {
			if p, ok := isStaffPage(s.base, link); ok && !seen[pageKind(p, surveyOf)] {
				seen[pageKind(p, surveyOf)] = true
				queue = append(queue, p)
			}
		}
	}
	if len(walked) == 0 {
		t.Fatal("no staff page was walked")
	}
	for _, want := range []string{"/dashboard", "/admin/accounts", "/admin/waves", "/admin/audit", "/actions", "/account/password", "/surveys/health-check/compare", "/waves/3/breakdown", "/waves/3/workload", "/waves/3/themes/workloads", "/waves/4/comments"} {
		if !slices.Contains(walked, want) {
			t.Errorf("the walk never reached %s; it walked %v", want, walked)
		}
	}
	t.Logf("%d staff pages fit at %v px", len(walked), reflowWidths)
}

// comparisonFormWithItsDefaults presses Compare without changing
// anything, "Nothing: everyone" included: the comparison comes, not an
// error.
func comparisonFormWithItsDefaults(t *testing.T, s server, axe string) {
	ctx := browser(t)
	signIn(t, ctx, s.base)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/surveys/health-check/compare")); err != nil {
		t.Fatal(err)
	}
	first := heading(ctx)
	if !strings.Contains(first, "compared with") {
		t.Fatalf("the comparison's heading is %q", first)
	}
	if err := submit(ctx, "main form button[type=submit]"); err != nil {
		t.Fatal(err)
	}
	if h := heading(ctx); h != first {
		t.Errorf("pressing Compare with the defaults gave %q, not %q", h, first)
	}
	query, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
	if err != nil || !strings.Contains(query, "by=&") && !strings.HasSuffix(query, "by=") {
		t.Errorf("the form did not send its empty breakdown: %q %v", query, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/surveys/health-check/compare?by=team")); err != nil {
		t.Fatal(err)
	}
	audit(t, ctx, axe, "comparison by team")
}

// formError is what the page after a refused form shows of its errors.
type formError struct {
	Summary, Focused, Ordered bool
	Fields                    []struct {
		ID     string
		Inline bool
	}
}

const readFormErrors = `(() => {
	const summary = document.querySelector('.govuk-error-summary');
	if (!summary) return {summary: false, focused: false, ordered: false, fields: []};
	const links = [...summary.querySelectorAll('a[href^="#"]')];
	const fields = links.map(a => {
		const id = a.getAttribute('href').slice(1), field = document.getElementById(id);
		const group = field && field.closest('.govuk-form-group');
		const message = group && group.querySelector('.govuk-error-message');
		return {id: id, inline: !!(group && group.classList.contains('govuk-form-group--error') && message && message.textContent.includes(a.textContent.trim()))};
	});
	let ordered = true;
	for (let i = 1; i < fields.length; i++) {
		const a = document.getElementById(fields[i-1].id), b = document.getElementById(fields[i].id);
		if (!a || !b || (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_PRECEDING)) ordered = false;
	}
	return {summary: true, focused: document.activeElement === summary, ordered: ordered, fields: fields};
})()`

// everyAdminFormShowsItsErrors sends each admin form, and one's own
// password form, wrong, on a phone's screen: each comes back with the
// error summary first and focused, listing the fields in the form's order,
// each message beside its field, and the page no wider than the screen.
func everyAdminFormShowsItsErrors(t *testing.T, s server, axe string) {
	ctx := browser(t)
	signIn(t, ctx, s.base)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 900)); err != nil {
		t.Fatal(err)
	}
	// A wave taken by invitation codes, opened with the form, for its
	// codes form.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/admin/waves"),
		chromedp.SendKeys(chromedp.CSS("#name"), "Health check 2026"), chromedp.Click(chromedp.CSS("#access-codes"))); err != nil {
		t.Fatal(err)
	}
	if err := submit(ctx, "form[action='/admin/waves'] button"); err != nil {
		t.Fatal(err)
	}
	codesForm, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('form[action$="/codes"]')].map(f => f.getAttribute('action')).pop() || ''`))
	if err != nil || codesForm == "" {
		t.Fatalf("the wave opened with codes has no codes form (%v)", err)
	}
	forms := []struct {
		name, page, button string
		fill               string // script that fills the form in wrong
		fields             []string
		axe                bool // the first error of its page: axe runs on it
	}{
		{"open a wave", "/admin/waves", "form[action='/admin/waves'] button", `document.querySelector('#headcount').value = 'many'; document.querySelector('#closes').value = '31/02/2027'`, []string{"name", "headcount", "closes"}, true},
		{"a wave's headcount", "/admin/waves", "form[action='/admin/waves/4/headcount'] button", `document.querySelector('#headcount-4').value = 'lots'`, []string{"headcount-4"}, false},
		{"invitation codes", "/admin/waves", "form[action='" + codesForm + "'] button", `document.querySelector('form[action="` + codesForm + `"] input[name=count]').value = '0'`, []string{"count-" + strings.Split(codesForm, "/")[3]}, false},
		{"add an account", "/admin/accounts", "form[action='/admin/accounts'] button", `document.querySelector('#email').value = 'not an address'`, []string{"email", "password"}, true},
		{"reset a password", "/admin/accounts", "form[action='/admin/accounts/password'] button", `document.querySelector('#reset-password').value = 'short'`, []string{"reset-password"}, false},
		{"delete an account", "/admin/accounts", "form[action='/admin/accounts/delete'] button", ``, []string{"delete-confirm"}, false},
		{"which wave an action is about", "/admin/actions/new", "main form button", ``, []string{"wave"}, true},
		{"add an action", "/admin/actions/new?wave=3", "form[action='/admin/actions'] button", `document.querySelector('#due').value = 'next year'`, []string{"title", "about", "staff_said", "we_did", "owner", "due"}, true},
		{"your own password", "/account/password", "form[action='/account/password'] button", ``, []string{"current"}, true},
	}
	for _, f := range forms {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.base+f.page)); err != nil {
			t.Fatal(err)
		}
		if f.fill != "" {
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](f.fill)); err != nil {
				t.Fatalf("%s: %v", f.name, err)
			}
		}
		if err := submit(ctx, f.button); err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		// The browser moves the focus to an autofocus element at a frame
		// after the page loads, so give it a few frames.
		var got formError
		for try := 0; try < 40 && !got.Focused; try++ {
			var err error
			if got, err = chromedp.Run(ctx, chromedp.Evaluate[formError](readFormErrors)); err != nil {
				t.Fatalf("%s: %v", f.name, err)
			}
			if !got.Focused {
				time.Sleep(25 * time.Millisecond)
			}
		}
		var ids []string
		for _, field := range got.Fields {
			ids = append(ids, field.ID)
			if !field.Inline {
				t.Errorf("%s: #%s has no message beside it in a group marked in error", f.name, field.ID)
			}
		}
		if !got.Summary || !got.Focused || !got.Ordered || !slices.Equal(ids, f.fields) {
			t.Errorf("%s: summary %v, focused %v, in field order %v, fields %v (want %v)", f.name, got.Summary, got.Focused, got.Ordered, ids, f.fields)
		}
		assertFits(t, ctx, f.name+" with errors")
		if f.axe {
			audit(t, ctx, axe, f.name+" with errors")
		}
	}
}

// newAndChangedStaffPagesPassAxe runs axe-core on the staff pages
// this work added or changed and the other browser tests do not reach.
func newAndChangedStaffPagesPassAxe(t *testing.T, s server, axe string) {
	ctx := browser(t)
	signIn(t, ctx, s.base)
	for _, p := range []struct{ name, path, h1 string }{
		{"which wave", "/admin/actions/new", "Which wave is the action about?"},
		{"staff error page", "/no/such/page", "Page not found"},
		{"audit log", "/admin/audit", "Audit log"},
		{"caseload and hours", "/waves/3/workload", "caseload and hours"},
		{"change an action", "/admin/actions/1", "Change an action"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.base+p.path)); err != nil {
			t.Fatal(err)
		}
		if h := heading(ctx); !strings.Contains(h, p.h1) {
			t.Errorf("%s: the heading is %q", p.name, h)
		}
		audit(t, ctx, axe, p.name)
	}
}

// downloadReport follows the comparison page's link to the board report
// and returns where the browser saved it: named after the survey and its
// waves, in a folder of the test's.
func downloadReport(t *testing.T, ctx context.Context, base string) string {
	t.Helper()
	dir := t.TempDir()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/surveys/health-check/compare"), chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href^="/surveys/health-check/report"]`))); err != nil {
		t.Fatal(err)
	}
	saved := filepath.Join(dir, "health-check-report-health-check-2025-vs-health-check-2024.html")
	for i := 0; ; i++ {
		if _, err := os.Stat(saved); err == nil {
			return saved
		}
		if i == 200 {
			files, _ := os.ReadDir(dir)
			t.Fatalf("the report was not saved as %s; the folder has %v", filepath.Base(saved), files)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// boardReportDownloads: the browser saves the board report and stays on
// the comparison; the saved file, opened from the disk as a board member
// would, passes axe.
func boardReportDownloads(t *testing.T, s server, axe string) {
	ctx := browser(t)
	signIn(t, ctx, s.base)
	saved := downloadReport(t, ctx, s.base)
	if h := heading(ctx); !strings.Contains(h, "compared with") {
		t.Errorf("the browser left the comparison for %q", h)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+saved)); err != nil {
		t.Fatal(err)
	}
	if h := heading(ctx); !strings.Contains(h, "Health check 2025") {
		t.Errorf("the saved report's heading is %q", h)
	}
	audit(t, ctx, axe, "board report, saved")
}

// TestStaffPages runs the staff pages' browser tests against one server
// of the demo, each in a browser of its own.
func TestStaffPages(t *testing.T) {
	axe := readAxe(t)
	s := startServer(t)
	t.Run("every kind of page fits a phone", func(t *testing.T) { staffPagesFitAPhone(t, s) })
	t.Run("the comparison form with its defaults", func(t *testing.T) { comparisonFormWithItsDefaults(t, s, axe) })
	t.Run("every admin form shows its errors", func(t *testing.T) { everyAdminFormShowsItsErrors(t, s, axe) })
	t.Run("new and changed pages pass axe", func(t *testing.T) { newAndChangedStaffPagesPassAxe(t, s, axe) })
	t.Run("the board report downloads", func(t *testing.T) { boardReportDownloads(t, s, axe) })
}

//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// respondentServer is the real server with the organisation's settings, as
// a council would start it.
func respondentServer(t *testing.T) server {
	t.Helper()
	t.Setenv("SAYSO_ORG_NAME", "Northshire County Council")
	t.Setenv("SAYSO_ORG_CONTACT", "staffsurvey@northshire.example")
	t.Setenv("SAYSO_PRIVACY_URL", "https://www.northshire.example/privacy")
	return startServer(t)
}

func phone(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(phoneWidth, phoneHeight)); err != nil {
		t.Fatal(err)
	}
}

// sectionAnswered says whether every question on the page has an answer:
// a choice in every fieldset, text in every field.
const sectionAnswered = `(() => {
	const groups = [...document.querySelectorAll('fieldset')];
	const fields = [...document.querySelectorAll('input[type=text], textarea')];
	return groups.length + fields.length > 0 &&
		groups.every(g => g.querySelector('input:checked')) &&
		fields.every(f => f.value.trim() !== '');
})()`

// pageIsServed says the browser shows a page of the site, not an error of
// its own such as "Confirm form resubmission".
const pageIsServed = `!!document.querySelector('footer a[href="/anonymity"]')`

// fillIn answers every question on the page: the first choice of every
// group, a number or a sentence in every field.
const fillIn = `(() => {
	for (const g of document.querySelectorAll('fieldset')) {
		const first = g.querySelector('input');
		if (first && !g.querySelector('input:checked')) first.checked = true;
	}
	for (const f of document.querySelectorAll('input[type=text], textarea'))
		if (f.value === '') f.value = f.inputMode === 'decimal' ? '14' : '` + typedText + `';
})()`

// goTo runs js, which leaves the page (a click), and waits until another
// page has loaded.
func goTo(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	leave(t, ctx, chromedp.Evaluate[chromedp.Void](js))
}

// goBack and goForward press the browser's Back and Forward buttons.
func goBack(t *testing.T, ctx context.Context)    { t.Helper(); leave(t, ctx, historyStep(-1)) }
func goForward(t *testing.T, ctx context.Context) { t.Helper(); leave(t, ctx, historyStep(1)) }

// historyStep moves through the tab's history as the browser's own buttons
// do.
func historyStep(step int64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tab *chromedp.Target) error {
		history, err := cdp.Call(ctx, tab, page.GetNavigationHistory, cdp.Empty{})
		if err != nil {
			return err
		}
		to := history.CurrentIndex + step
		if to < 0 || to >= int64(len(history.Entries)) {
			return fmt.Errorf("no page %d steps away in the history", step)
		}
		_, err = cdp.Call(ctx, tab, page.NavigateToHistoryEntry, page.NavigateToHistoryEntryParams{EntryID: history.Entries[to].ID})
		return err
	})
}

// leave runs an action that leaves the page and waits until another page
// has loaded. A page from the back/forward cache would keep the marker;
// the tests that go back and forward turn that cache off.
func leave(t *testing.T, ctx context.Context, action chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := leaveBy(ctx, action, "leaving the page"); err != nil {
		t.Fatal(err)
	}
}

// waitFor waits until the condition js is true on the page.
func waitFor(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	for range 400 {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		if ctx.Err() != nil {
			t.Fatal(ctx.Err())
		}
		time.Sleep(50 * time.Millisecond)
	}
	state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + ' ' + document.title + ' ' + document.readyState`))
	t.Fatalf("never came true: %s (at %s)", js, state)
}

func evaluate[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
}

// responsesToPulse signs in, in a browser of its own (a session would
// change the respondent's form tokens), and reads how many responses the
// open pulse wave has.
func responsesToPulse(t *testing.T, tab context.Context, base string) int {
	t.Helper()
	navigate(t, tab, base+"/admin/waves")
	if strings.HasSuffix(evaluate[string](t, tab, `location.pathname`), "/login") {
		if err := chromedp.Do(tab, chromedp.SendKeys(`input[name=email]`, adminEmail), chromedp.SendKeys(`input[name=password]`, adminPassword)); err != nil {
			t.Fatal(err)
		}
		if err := press(tab, kb.Enter, true); err != nil {
			t.Fatal(err)
		}
		navigate(t, tab, base+"/admin/waves")
	}
	return evaluate[int](t, tab, `(() => {
		for (const s of document.querySelectorAll('section')) {
			if (!s.querySelector('h2').textContent.startsWith('Pulse')) continue;
			for (const row of s.querySelectorAll('.govuk-summary-list__row'))
				if (row.querySelector('dt').textContent.trim() === 'Responses') return parseInt(row.querySelector('dd').textContent);
		}
		return -1;
	})()`)
}

// TestBackAndForwardKeepTheAnswers answers every section of the pulse on a
// phone, then goes Back through every page to the first
// and Forward again to the check page: every page is served (no form is
// sent again), every answer is still there, and one Submit stores one
// response however often it is pressed or the form replayed.
func TestBackAndForwardKeepTheAnswers(t *testing.T) {
	axe := readAxe(t)
	s := respondentServer(t)
	// Pages come back from the server, not the browser's back/forward
	// cache (which keeps whatever a page showed): the answers must be
	// there because the server kept them. chromedp also loses track of a
	// page restored from that cache.
	ctx := browser(t, chromedp.Flag("disable-back-forward-cache", true))
	phone(t, ctx)
	navigate(t, ctx, s.pulse)
	goTo(t, ctx, `document.querySelector('.govuk-button--start').click()`)
	var sections []string
	for !strings.HasPrefix(heading(ctx), "Check your answers") {
		if len(sections) > 20 {
			t.Fatalf("never reached the check page; on %q", heading(ctx))
		}
		sections = append(sections, heading(ctx))
		evaluate[chromedp.Void](t, ctx, fillIn)
		goTo(t, ctx, `document.querySelector('button[value=next]').click()`)
		if onErrorPage(ctx) {
			t.Fatalf("%q refused answers given on every question", sections[len(sections)-1])
		}
	}
	if len(sections) < 2 {
		t.Fatalf("only %d sections: nothing to go back through", len(sections))
	}
	audit(t, ctx, axe, "check answers on a phone")
	for i := len(sections) - 1; i >= 0; i-- {
		goBack(t, ctx)
		if !evaluate[bool](t, ctx, pageIsServed) || heading(ctx) != sections[i] {
			t.Fatalf("Back from section %d: not the page %q but %q", i+2, sections[i], heading(ctx))
		}
		if !evaluate[bool](t, ctx, sectionAnswered) {
			t.Errorf("Back to %q: answers are missing", sections[i])
		}
	}
	for i := 1; i < len(sections); i++ {
		goForward(t, ctx)
		if !evaluate[bool](t, ctx, pageIsServed) || heading(ctx) != sections[i] || !evaluate[bool](t, ctx, sectionAnswered) {
			t.Errorf("Forward to %q: on %q, answers there: %v", sections[i], heading(ctx), evaluate[bool](t, ctx, sectionAnswered))
		}
	}
	goForward(t, ctx)
	if !strings.HasPrefix(heading(ctx), "Check your answers") || !strings.Contains(evaluate[string](t, ctx, `document.querySelector('main').innerText`), typedText) {
		t.Fatalf("Forward to the check page: on %q, or the typed comment is gone", heading(ctx))
	}

	// Submit pressed twice at once, then the same form sent again: one
	// response.
	admin := browser(t)
	before := responsesToPulse(t, admin, s.base)
	if before < 0 {
		t.Fatal("the waves page does not show the pulse wave's responses")
	}
	form := evaluate[string](t, ctx, `new URLSearchParams(new FormData(document.querySelector('form[action$="/check"]'), document.querySelector('button[value=submit]'))).toString()`)
	goTo(t, ctx, `const b = document.querySelector('button[value=submit]'); b.click(); b.click();`)
	waitFor(t, ctx, `location.pathname === '/thanks' && document.readyState === 'complete'`)
	if h := heading(ctx); h != "Thank you" {
		t.Fatalf("after a double click on Submit: %q", h)
	}
	checkPath := strings.TrimPrefix(s.pulse, s.base) + "/check"
	// The same form sent again from the thank-you page, as a replay would.
	replay := `(() => {
		window.__replaying = true;
		const f = document.createElement('form');
		f.method = 'post';
		f.action = '` + checkPath + `';
		for (const [name, value] of new URLSearchParams('` + form + `')) {
			const i = document.createElement('input');
			i.type = 'hidden'; i.name = name; i.value = value;
			f.appendChild(i);
		}
		document.body.appendChild(f);
		f.submit();
	})()`
	evaluate[chromedp.Void](t, ctx, replay)
	waitFor(t, ctx, `!window.__replaying && document.readyState === 'complete'`)
	if got := evaluate[string](t, ctx, `location.pathname`); got != "/thanks" {
		t.Errorf("the form sent again ended on %q, want the thank-you page", got)
	}
	if after := responsesToPulse(t, admin, s.base); after != before+1 {
		t.Errorf("%d responses stored by a double click and a replay, want 1", after-before)
	}
	// Back past the thank-you pages to the check page: the answers are gone
	// from the server, so the survey starts afresh rather than sending
	// anything again.
	for step := 0; evaluate[string](t, ctx, `location.pathname`) == "/thanks"; step++ {
		if step == 3 {
			t.Fatal("Back never left the thank-you page")
		}
		goBack(t, ctx)
	}
	if !evaluate[bool](t, ctx, pageIsServed) {
		t.Error("Back from the thank-you page shows no page of the site")
	}
	if after := responsesToPulse(t, admin, s.base); after != before+1 {
		t.Errorf("Back after submitting stored another response: %d", after-before)
	}
}

// TestLeaveAndResume answers the first section, saves on the second, and
// comes back: on the same device by the survey's link, and in another
// browser by the resume link. Screenshots and axe-core on the start page
// with saved answers, the saved page and the anonymity page.
func TestLeaveAndResume(t *testing.T) {
	axe := readAxe(t)
	s := respondentServer(t)
	ctx := browser(t)
	phone(t, ctx)
	navigate(t, ctx, s.pulse)
	screenshots(t, ctx, "respondent-start")
	phone(t, ctx)
	if err := answerByKeyboard(ctx, "Start now"); err != nil {
		t.Fatal(err)
	}
	first := heading(ctx)
	if err := answerByKeyboard(ctx, "Continue"); err != nil {
		t.Fatal(err)
	}
	second := heading(ctx)
	secondURL := evaluate[string](t, ctx, `location.href`)
	if err := submitByKeyboard(ctx, "Save and come back later"); err != nil {
		t.Fatal(err)
	}
	if h := heading(ctx); h != "Your answers have been saved" {
		t.Fatalf("after Save and come back later: %q", h)
	}
	audit(t, ctx, axe, "saved")
	resume := evaluate[string](t, ctx, `document.querySelector('.sayso-resume-code a').href`)
	if !strings.Contains(resume, "/resume/") {
		t.Fatalf("the saved page gives no resume link: %q", resume)
	}
	screenshots(t, ctx, "respondent-saved")
	phone(t, ctx)

	// The same device, later: the link offers the page left.
	navigate(t, ctx, s.pulse)
	if !strings.Contains(evaluate[string](t, ctx, `document.querySelector('main').innerText`), "You have answers saved on this device") {
		t.Fatal("the start page does not offer the saved answers")
	}
	audit(t, ctx, axe, "start with saved answers")
	screenshot(t, ctx, "respondent-start-saved", phoneWidth, phoneHeight)
	phone(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Click(`.govuk-notification-banner a`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(`form[action*="/sections/"]`)); err != nil {
		t.Fatal(err)
	}
	if h := heading(ctx); h != second {
		t.Errorf("Continue where you left off went to %q, want %q", h, second)
	}

	// Another browser, with the resume link only.
	other := browser(t)
	phone(t, other)
	navigate(t, other, resume)
	if got := evaluate[string](t, other, `location.href`); got != secondURL {
		t.Errorf("the resume link went to %s, want %s", got, secondURL)
	}
	navigate(t, other, strings.Replace(secondURL, "/sections/2", "/sections/1", 1))
	if heading(other) != first || !evaluate[bool](t, other, sectionAnswered) {
		t.Errorf("in another browser, %q is %q with answers: %v", first, heading(other), evaluate[bool](t, other, sectionAnswered))
	}

	navigate(t, ctx, s.base+"/resume")
	audit(t, ctx, axe, "resume code")

	navigate(t, ctx, s.base+"/anonymity")
	if h := heading(ctx); h != "How your answers are kept anonymous" {
		t.Fatalf("the anonymity page: %q", h)
	}
	audit(t, ctx, axe, "anonymity")
	screenshots(t, ctx, "respondent-anonymity")
}

// TestErrorSummaryOnAPhone sends a section with a required question
// unanswered at 375 px: the error summary has the focus when the page
// comes, and following its first link with the keyboard lands on the
// question with its legend and its message on screen.
func TestErrorSummaryOnAPhone(t *testing.T) {
	axe := readAxe(t)
	s := respondentServer(t)
	ctx := browser(t)
	phone(t, ctx)
	navigate(t, ctx, s.pulse)
	if err := answerByKeyboard(ctx, "Start now"); err != nil {
		t.Fatal(err)
	}
	for step := 0; !onErrorPage(ctx); step++ {
		if step > 10 || strings.HasPrefix(heading(ctx), "Check your answers") {
			t.Fatalf("no section refused an empty post; now on %q", heading(ctx))
		}
		if err := submitByKeyboard(ctx, "Continue"); err != nil {
			t.Fatal(err)
		}
	}
	if !evaluate[bool](t, ctx, `document.activeElement.classList.contains('govuk-error-summary')`) {
		t.Fatalf("after a failed submission the focus is on %q, not the error summary", evaluate[string](t, ctx, `document.activeElement.tagName + '.' + document.activeElement.className`))
	}
	if !strings.HasPrefix(evaluate[string](t, ctx, `document.title`), "Error: ") {
		t.Error("the title does not begin with Error:")
	}
	audit(t, ctx, axe, "error on a phone")
	// The first link in the summary is the next thing Tab reaches.
	if err := press(ctx, kb.Tab, false); err != nil {
		t.Fatal(err)
	}
	href := evaluate[string](t, ctx, `document.activeElement.getAttribute('href') || ''`)
	if !strings.HasPrefix(href, "#") {
		t.Fatalf("Tab from the summary reached %q, not its first link", href)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	inView := evaluate[bool](t, ctx, `(() => {
		const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
		if (!target) return false;
		const group = target.closest('.govuk-form-group');
		const heading = group.querySelector('legend, label');
		const message = group.querySelector('.govuk-error-message');
		const seen = e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; };
		return seen(heading) && seen(message);
	})()`)
	if !inView {
		t.Errorf("after following %s the question's legend and message are not both on screen", href)
	}
	if focused := evaluate[string](t, ctx, `'#' + document.activeElement.id`); focused != href {
		t.Errorf("following %s put the focus on %s", href, focused)
	}
}

//go:build e2e

// Package e2e drives the real server in headless Chromium: a survey
// answered with the keyboard alone, a sign-in, the dashboard and the
// comparison, and axe-core's WCAG 2.2 A and AA rules on every kind of
// page. Run it with make e2e, which installs axe-core and gives its path.
package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const (
	adminEmail    = "admin@example.org"
	adminPassword = "a long e2e password"
)

// server is the real binary, serving the demo data.
type server struct {
	base, pulse string
}

func startServer(t *testing.T) server {
	t.Helper()
	bin, db := buildSayso(t)
	if out, err := exec.Command(bin, "demo", "--init", "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("sayso demo: %v\n%s", err, out)
	}
	stdout := serve(t, bin, db)
	var s server
	lines := bufio.NewScanner(stdout)
	running := regexp.MustCompile(`running at (http://\S+)`)
	pulse := regexp.MustCompile(`\(pulse\): (http://\S+)`)
	for (s.base == "" || s.pulse == "") && lines.Scan() {
		if m := running.FindStringSubmatch(lines.Text()); m != nil {
			s.base = m[1]
		}
		if m := pulse.FindStringSubmatch(lines.Text()); m != nil {
			s.pulse = m[1]
		}
	}
	go io.Copy(io.Discard, stdout)
	if s.base == "" || s.pulse == "" {
		t.Fatalf("the server did not print its address and the pulse link")
	}
	return s
}

// buildSayso builds the binary into a folder of the test's, and names the
// database beside it.
func buildSayso(t *testing.T) (bin, db string) {
	t.Helper()
	dir := t.TempDir()
	bin = filepath.Join(dir, "sayso")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/sayso")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatalf("building sayso: %v", err)
	}
	return bin, filepath.Join(dir, "sayso.db")
}

// serve starts `sayso serve` on the database with the test's admin and
// the environment given, stops it when the test ends, and hands back what
// it prints.
func serve(t *testing.T, bin, db string, env ...string) io.Reader {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--db", db, "--addr", "127.0.0.1:0")
	cmd.Env = append(append(os.Environ(), "SAYSO_ADMIN_EMAIL="+adminEmail, "SAYSO_ADMIN_PASSWORD="+adminPassword), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return stdout
}

// browser is headless Chromium from the system, set up as this machine
// needs: no sandbox as root, and no background requests to the outside;
// extra adds options of a test's own.
func browser(t *testing.T, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path := os.Getenv("CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
	)
	opts = append(opts, extra...)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium at %s: %v", path, err)
	}
	return ctx
}

// focused describes the element that has the keyboard's focus.
type focused struct {
	Tag, Type, Name, Text, InputMode string
	GroupChosen                      bool
}

const describeFocus = `(() => {
	const e = document.activeElement;
	const group = e.type === 'radio' ? document.querySelectorAll('input[name="' + e.name + '"]:checked').length > 0 : false;
	return {tag: e.tagName.toLowerCase(), type: e.type || '', name: e.name || '', text: (e.innerText || e.value || '').trim(), inputMode: e.inputMode || '', groupChosen: group};
})()`

// press sends keys and, when they submit a form, waits for the next page.
func press(ctx context.Context, keys string, submits bool) error {
	if !submits {
		return chromedp.Do(ctx, chromedp.KeyEvent(keys))
	}
	return leaveBy(ctx, chromedp.KeyEvent(keys), fmt.Sprintf("pressing %q", keys))
}

// leaveBy marks the page, does what leaves it, and waits for the page
// that comes after; doing says what was done, for the error.
func leaveBy(ctx context.Context, leave chromedp.Action[chromedp.Void], doing string) error {
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.__leaving = true`), leave); err != nil {
		return err
	}
	// The old page's script context vanishes mid-navigation, so errors
	// while polling only mean "not there yet".
	for range 400 {
		arrived, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!window.__leaving && document.readyState === 'complete'`))
		if err == nil && arrived {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("no new page came after %s", doing)
}

// tabThrough presses Tab and hands each newly focused element to visit,
// until visit says it is done.
func tabThrough(ctx context.Context, visit func(focused) (bool, error)) error {
	for range 300 {
		if err := press(ctx, kb.Tab, false); err != nil {
			return err
		}
		f, err := chromedp.Run(ctx, chromedp.Evaluate[focused](describeFocus))
		if err != nil {
			return err
		}
		if done, err := visit(f); done || err != nil {
			return err
		}
	}
	return errors.New("the keyboard never reached what it was looking for")
}

func isButton(f focused, name string) bool {
	return f.Tag == "button" && strings.HasPrefix(f.Text, name)
}

// answerByKeyboard fills in the page in front of it with Tab, Space and
// typing alone, then presses Enter on the button named submit.
func answerByKeyboard(ctx context.Context, submit string) error {
	return tabThrough(ctx, func(f focused) (bool, error) {
		switch {
		case f.Tag == "input" && f.Type == "radio" && !f.GroupChosen:
			return false, press(ctx, " ", false)
		case (f.Tag == "input" && f.Type == "text" || f.Tag == "textarea") && f.Text == "":
			value := typedText
			if f.InputMode == "numeric" || f.InputMode == "decimal" {
				value = "14"
			}
			return false, chromedp.Do(ctx, chromedp.KeyEvent(value))
		case isButton(f, submit):
			return true, press(ctx, kb.Enter, true)
		}
		return false, nil
	})
}

// typedText is what the keyboard writes in every empty text field.
const typedText = "Typed with the keyboard"

// submitByKeyboard tabs to the button named submit, touching nothing on
// the way, and presses Enter.
func submitByKeyboard(ctx context.Context, submit string) error {
	return tabThrough(ctx, func(f focused) (bool, error) {
		if isButton(f, submit) {
			return true, press(ctx, kb.Enter, true)
		}
		return false, nil
	})
}

// tabTo presses Tab until the field named name has the focus.
func tabTo(ctx context.Context, name string) error {
	return tabThrough(ctx, func(f focused) (bool, error) { return f.Name == name, nil })
}

func onErrorPage(ctx context.Context) bool {
	shown, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('.govuk-error-summary')`))
	return shown
}

func heading(ctx context.Context) string {
	h, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	return strings.TrimSpace(h)
}

type violation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

type axeResult struct {
	Passes     int
	Violations []violation
}

// runAxe runs axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules on the page.
func runAxe(ctx context.Context, axe string) (axeResult, error) {
	run := `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}}).then(r => ({passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => ({target: n.target}))}))}))`
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
		return axeResult{}, err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[axeResult](run, chromedp.EvalAwaitPromise))
}

// audit fails the test for every violation axe finds on the page.
func audit(t *testing.T, ctx context.Context, axe, page string) {
	t.Helper()
	found, err := runAxe(ctx, axe)
	if err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	if found.Passes == 0 {
		t.Errorf("axe on %s checked nothing", page)
	}
	t.Logf("%s: %d axe rules passed, %d failed", page, found.Passes, len(found.Violations))
	for _, v := range found.Violations {
		targets, _ := json.Marshal(v.Nodes)
		t.Errorf("%s: %s (%s) at %s", page, v.ID, v.Help, targets)
	}
}

func readAxe(t *testing.T) string {
	t.Helper()
	axe, err := os.ReadFile(os.Getenv("AXE_PATH"))
	if err != nil {
		t.Fatalf("axe-core: set AXE_PATH to axe.min.js (make e2e does): %v", err)
	}
	return string(axe)
}

// TestAxeFindsViolations shows the audit is not blind: a page with an
// unlabelled field and an image without alternative text fails it.
func TestAxeFindsViolations(t *testing.T) {
	axe := readAxe(t)
	ctx := browser(t)
	page := `data:text/html,<!doctype html><html lang="en"><title>Broken</title><main><h1>Broken</h1><img src="data:,"><input type="text"></main></html>`
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	found, err := runAxe(ctx, axe)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, v := range found.Violations {
		ids[v.ID] = true
	}
	for _, want := range []string{"image-alt", "label"} {
		if !ids[want] {
			t.Errorf("axe missed %s on a page made to break it; it found %v", want, ids)
		}
	}
}

func TestInTheBrowser(t *testing.T) {
	axe := readAxe(t)
	s := startServer(t)
	ctx := browser(t)
	check := func(page string) { audit(t, ctx, axe, page) }

	// A pulse survey, with the keyboard alone: the start page, sections
	// posted empty until one with a required question gives the error
	// page, then every section answered, checked and submitted.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.pulse)); err != nil {
		t.Fatal(err)
	}
	check("start")
	if err := answerByKeyboard(ctx, "Start now"); err != nil {
		t.Fatal(err)
	}
	check("question")
	for step := 0; !onErrorPage(ctx); step++ {
		if step > 10 || strings.HasPrefix(heading(ctx), "Check your answers") {
			t.Fatalf("no section refused an empty post; now on %q", heading(ctx))
		}
		if err := submitByKeyboard(ctx, "Continue"); err != nil {
			t.Fatal(err)
		}
	}
	if errorLinks, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.govuk-error-summary a[href^="#"]').length`)); err != nil || errorLinks == 0 {
		t.Errorf("the error summary has no link to the questions in error (%v)", err)
	}
	check("error")
	for step := 0; !strings.HasPrefix(heading(ctx), "Check your answers"); step++ {
		if step > 20 {
			t.Fatalf("never reached the check page; stuck on %q", heading(ctx))
		}
		if err := answerByKeyboard(ctx, "Continue"); err != nil {
			t.Fatal(err)
		}
	}
	if answers, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main"))); err != nil || !strings.Contains(answers, typedText) {
		t.Errorf("the check page does not show the comment typed with the keyboard (%v)", err)
	}
	check("check answers")
	if err := answerByKeyboard(ctx, "Submit"); err != nil {
		t.Fatal(err)
	}
	if h := heading(ctx); h != "Thank you" {
		t.Fatalf("after submitting: %q", h)
	}
	check("confirmation")

	// The public page, then sign in with the keyboard and read the results.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/you-said-we-did")); err != nil {
		t.Fatal(err)
	}
	check("you said, we did")
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/login")); err != nil {
		t.Fatal(err)
	}
	check("login")
	if err := tabTo(ctx, "email"); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(adminEmail), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(adminPassword)); err != nil {
		t.Fatal(err)
	}
	if err := press(ctx, kb.Enter, true); err != nil {
		t.Fatal(err)
	}
	if h := heading(ctx); h != "Results" {
		t.Fatalf("after signing in: %q", h)
	}
	check("dashboard")
	for _, p := range []struct{ name, path, h1 string }{
		{"comparison", "/surveys/health-check/compare", "compared with"},
		{"wave", "/waves/3", "Health check"},
		{"breakdown", "/waves/3/breakdown", "breakdowns"},
		{"actions", "/actions", "You said, we did"},
		{"waves", "/admin/waves", "Waves"},
		{"close a wave", "/admin/waves/4/close", "Close"},
		{"accounts", "/admin/accounts", "Accounts"},
		{"own password", "/account/password", "Change your password"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.base+p.path)); err != nil {
			t.Fatal(err)
		}
		if h := heading(ctx); !strings.Contains(h, p.h1) {
			t.Errorf("%s: the heading is %q", p.name, h)
		}
		check(p.name)
	}
}

// Screen sizes pages are read and saved at: a phone's and a desktop's.
const (
	phoneWidth, phoneHeight     = 375, 667
	desktopWidth, desktopHeight = 1280, 900
)

// screenshotDir is the folder SCREENSHOTS names, relative to the
// repository or absolute (SCREENSHOTS=$PWD/docs/screenshots make e2e);
// "" when it is unset, and then no test writes a screenshot.
func screenshotDir() string {
	dir := os.Getenv("SCREENSHOTS")
	if dir != "" && !filepath.IsAbs(dir) {
		dir = filepath.Join("..", "..", dir)
	}
	return dir
}

// saveScreenshot writes a screenshot as NAME.png in the screenshot folder,
// when there is one.
func saveScreenshot(t *testing.T, name string, png []byte) {
	t.Helper()
	if dir := screenshotDir(); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// screenshot saves the whole page at a screen's size as NAME-phone.png
// (at phoneWidth) or NAME-desktop.png, when there is a screenshot folder;
// the browser stays at that size.
func screenshot(t *testing.T, ctx context.Context, name string, width, height int64) {
	t.Helper()
	if screenshotDir() == "" {
		return
	}
	size := "desktop"
	if width == phoneWidth {
		size = "phone"
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height)); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, name+"-"+size, png)
}

// screenshots saves the whole page on a phone and on a desktop, and leaves
// the browser at the desktop's size.
func screenshots(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	screenshot(t, ctx, name, phoneWidth, phoneHeight)
	screenshot(t, ctx, name, desktopWidth, desktopHeight)
}

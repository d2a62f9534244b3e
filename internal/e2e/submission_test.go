//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/survey"
)

// TestAccountFaultsAreTheValidatorsWords adds an account with a bad email
// address, role and password in the browser: the summary lists the account
// validator's own messages in the form's order, each beside its field, and
// the page passes axe. With SCREENSHOTS set, the page is saved as a phone
// and a desktop show it (submission-account-errors-*.png).
func TestAccountFaultsAreTheValidatorsWords(t *testing.T) {
	axe := readAxe(t)
	s := startServer(t)
	ctx := browser(t)
	signIn(t, ctx, s.base)
	bad := account.NewAccount{Email: "not an address", Role: "viewer", Password: "short"}
	_, _, _, err := bad.Validate()
	var want []string
	for _, f := range survey.Fields(err) {
		want = append(want, f.Message)
	}
	if len(want) != 2 {
		t.Fatalf("the validator finds %d faults, want the email and the password: %v", len(want), err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/admin/accounts"),
		chromedp.SetValue(chromedp.CSS("#email"), bad.Email), chromedp.SetValue(chromedp.CSS("#password"), bad.Password)); err != nil {
		t.Fatal(err)
	}
	if err := submit(ctx, "form[action='/admin/accounts'] button"); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.govuk-error-summary__list a')].map(a => a.textContent.trim())`))
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("the summary lists %q (%v), want %q", got, err, want)
	}
	beside, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`['email-error', 'password-error'].map(id => (document.getElementById(id) || {textContent: ''}).textContent)`))
	if err != nil || len(beside) != 2 {
		t.Fatalf("the messages beside the fields: %q (%v)", beside, err)
	}
	for i, text := range beside {
		if !slices.Contains([]string{"Error: " + want[i], "Error:" + want[i]}, text) {
			t.Errorf("beside its field: %q, want %q", text, want[i])
		}
	}
	audit(t, ctx, axe, "accounts with errors")
	dir := os.Getenv("SCREENSHOTS")
	if dir == "" {
		return
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", "..", dir)
	}
	for _, size := range []struct {
		suffix string
		width  int64
	}{{"desktop", 1280}, {"phone", 375}} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.width, 900)); err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "submission-account-errors-"+size.suffix+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

//go:build e2e

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestFiguresInTheBrowser reads the demo's comparison page as a board
// member would: every statement listed under improvements reads
// "Improved" and every one under declines "Worsened", each with its own p
// beside the adjusted one; negatively worded statements are marked; and
// the theme page with its interval passes axe. With SCREENSHOTS set to a
// folder, the pages are saved there, phone and desktop, as
// statistics-*.png.
func TestFiguresInTheBrowser(t *testing.T) {
	axe := readAxe(t)
	s := startServer(t)
	ctx := browser(t)
	signIn(t, ctx, s.base)

	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/surveys/health-check/compare")); err != nil {
		t.Fatal(err)
	}
	// The verdict of each row of the table that follows each heading.
	const moves = `(() => {
		const out = {};
		for (const h of document.querySelectorAll('h3')) {
			const name = h.textContent.trim();
			if (name !== 'Improvements' && name !== 'Declines') continue;
			let next = h.nextElementSibling;
			out[name] = next && next.querySelector('table') ? [...next.querySelectorAll('tbody tr')].map(r => r.lastElementChild.textContent.trim()) : [];
		}
		return out;
	})()`
	listed, err := chromedp.Run(ctx, chromedp.Evaluate[map[string][]string](moves))
	if err != nil {
		t.Fatal(err)
	}
	if len(listed["Improvements"])+len(listed["Declines"]) == 0 {
		t.Fatalf("the demo comparison lists no improvement or decline: %v", listed)
	}
	for heading, word := range map[string]string{"Improvements": "Improved", "Declines": "Worsened"} {
		for _, verdict := range listed[heading] {
			if !strings.Contains(verdict, word) || !strings.Contains(verdict, "adjusted p") {
				t.Errorf("under %s: %q", heading, verdict)
			}
		}
	}
	marked, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('th .govuk-tag')].filter(e => e.textContent.trim() === 'Negatively worded').length`))
	if err != nil || marked == 0 {
		t.Errorf("no negatively worded statement is marked (%v)", err)
	}
	screenshots(t, ctx, "statistics-compare")

	for _, p := range []struct{ name, path string }{{"theme", "/waves/3/themes/workloads"}, {"wave", "/waves/3"}} {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.base+p.path)); err != nil {
			t.Fatal(err)
		}
		audit(t, ctx, axe, p.name)
		screenshots(t, ctx, "statistics-"+p.name)
	}
}

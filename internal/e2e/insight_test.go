//go:build e2e

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestInsightPages signs in and runs axe-core on the pages that turn
// figures into action: the overview's key messages, the heatmap and the
// comments to work through. With SCREENSHOTS set to a folder, it
// also saves each at desktop and phone width there.
func TestInsightPages(t *testing.T) {
	axe := readAxe(t)
	s := startServer(t)
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"/login")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#email"), adminEmail), chromedp.SendKeys(chromedp.CSS("#password"), adminPassword)); err != nil {
		t.Fatal(err)
	}
	if err := press(ctx, kb.Enter, true); err != nil {
		t.Fatal(err)
	}
	if h := heading(ctx); h != "Results" {
		t.Fatalf("after signing in: %q", h)
	}
	for _, p := range []struct{ name, path, h1, shows string }{
		{"key-messages", "/waves/3", "Health check 2025", "Key messages"},
		{"heatmap", "/waves/3/heatmap?by=team", "heatmap", "Fewer than 5 responses"},
		{"comments", "/waves/3/comments", "comments", "Safeguarding"},
		{"drivers", "/waves/3/drivers", "what matters most", "association, not cause"},
		{"response-rates", "/waves/3/response-rates?by=team", "response rates", "Save the headcounts"},
		{"actions", "/actions", "You said, we did", "Overdue"},
		{"you-said-we-did", "/you-said-we-did", "You said, we did", "What you told us in Health check 2025"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.base+p.path)); err != nil {
			t.Fatal(err)
		}
		if h := heading(ctx); !strings.Contains(h, p.h1) {
			t.Errorf("%s: the heading is %q", p.name, h)
		}
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		if err != nil || !strings.Contains(text, p.shows) {
			t.Errorf("%s: the page does not show %q (%v)", p.name, p.shows, err)
		}
		audit(t, ctx, axe, p.name)
		if screenshotDir() == "" {
			continue
		}
		for _, size := range []struct {
			suffix string
			width  int64
		}{{"desktop", 1280}, {"phone", 375}} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.width, 900), chromedp.Navigate(s.base+p.path)); err != nil {
				t.Fatal(err)
			}
			// The whole page at the width asked for: a table wider than that
			// scrolls within its region, as a reader sees it.
			height, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`))
			if err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.width, height)); err != nil {
				t.Fatal(err)
			}
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			saveScreenshot(t, "insight-"+p.name+"-"+size.suffix, png)
		}
		if err := chromedp.Do(ctx, chromedp.EmulateReset()); err != nil {
			t.Fatal(err)
		}
	}

	// The board report leads with key messages, and sets the benchmark and
	// the heatmap in it.
	saved := downloadReport(t, ctx, s.base)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate("file://"+saved)); err != nil {
		t.Fatal(err)
	}
	audit(t, ctx, axe, "report with insight")
	for _, section := range []string{"key-messages", "benchmark", "heatmap"} {
		png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("section[aria-labelledby="+section+"]")))
		if err != nil {
			t.Fatalf("the report has no %s section: %v", section, err)
		}
		saveScreenshot(t, "insight-report-"+section, png)
	}
}

//go:build e2e

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// chartText measures every chart's text as the browser draws it: its
// font size times the scale the page puts on the chart.
const chartText = `(() => {
	const out = {charts: 0, texts: 0, smallest: 1000, smallestText: '', boxRight: 0};
	for (const svg of document.querySelectorAll('.sayso-chart__scroll svg')) {
		out.charts++;
		out.boxRight = Math.max(out.boxRight, svg.parentElement.getBoundingClientRect().right);
		for (const t of svg.querySelectorAll('text')) {
			const m = t.getScreenCTM();
			const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
			out.texts++;
			if (px < out.smallest) { out.smallest = px; out.smallestText = t.textContent; }
		}
	}
	return out;
})()`

type chartTextSizes struct {
	Charts, Texts int
	Smallest      float64
	SmallestText  string
	BoxRight      float64
}

// TestChartsInTheBrowser reads the charts of the demo in Chromium, on a
// screen and on a phone: every text is at least 12 px as shown, a chart
// scrolls in its own box, which stays within the screen, and the pages pass
// axe. With SCREENSHOTS set to a folder, each chart is saved there as
// the page shows it (chart-NAME-desktop.png, chart-NAME-phone.png).
func TestChartsInTheBrowser(t *testing.T) {
	axe := readAxe(t)
	s := startServer(t)
	ctx := browser(t)
	signIn(t, ctx, s.base)
	// Each page's chart to save: the first, or the one named.
	pages := []struct{ name, path, figure string }{
		{"dashboard-trend", "/dashboard", ""},
		{"wave-themes", "/waves/3", ""},
		{"theme-answers", "/waves/3/themes/workloads", ""},
		{"workload-caseload", "/waves/3/workload", ":has(path[stroke-dasharray])"},
		{"compare-trends", "/surveys/health-check/compare", ":last-of-type"},
	}
	for _, screen := range []struct {
		name  string
		width int64
	}{{"desktop", 1280}, {"phone", 375}} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(screen.width, 900)); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			if err := chromedp.Do(ctx, chromedp.Navigate(s.base+p.path)); err != nil {
				t.Fatal(err)
			}
			sizes, err := chromedp.Run(ctx, chromedp.Evaluate[chartTextSizes](chartText))
			if err != nil {
				t.Fatal(err)
			}
			if sizes.Charts == 0 || sizes.Texts == 0 {
				t.Fatalf("%s on a %s: no chart with text", p.name, screen.name)
			}
			if sizes.Smallest < 12 {
				t.Errorf("%s on a %s: %q is %.1f px", p.name, screen.name, sizes.SmallestText, sizes.Smallest)
			}
			if sizes.BoxRight > float64(screen.width) {
				t.Errorf("%s on a %s: a chart's box reaches %.0f px", p.name, screen.name, sizes.BoxRight)
			}
			t.Logf("%s on a %s: %d charts, smallest text %.1f px", p.name, screen.name, sizes.Charts, sizes.Smallest)
			audit(t, ctx, axe, p.name+" on a "+screen.name)
			if screenshotDir() != "" {
				png, err := chromedp.Run(ctx, chromedp.ScreenshotScale(chromedp.CSS("figure.sayso-chart"+p.figure), 1))
				if err != nil {
					t.Fatal(err)
				}
				saveScreenshot(t, "chart-"+p.name+"-"+screen.name, png)
			}
		}
	}
}

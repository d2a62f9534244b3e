package web

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html/atom"

	"github.com/sayso/sayso/internal/format"
)

// TestWaveOverviewComparesWithTheWaveBeforeOnce reads the wave page whose
// theme chart marks the score of the wave before and whose key messages
// word the change: both come from the one comparison, so both carry the
// API's figures, and the chart to download is the same chart.
func TestWaveOverviewComparesWithTheWaveBeforeOnce(t *testing.T) {
	f := newResultsFixture(t)
	for _, manageable := range []int{2, 3} {
		f.respond(f.lastYear, 6, person("north", "worker", manageable, 5, ""))
	}
	for _, manageable := range []int{4, 5} {
		f.respond(f.thisYear, 6, person("north", "worker", manageable, 8, ""))
	}
	this, last := strconv.FormatInt(f.thisYear.ID, 10), strconv.FormatInt(f.lastYear.ID, 10)
	var api struct {
		Themes []struct {
			Title   string   `json:"title"`
			Earlier *float64 `json:"earlier"`
			Later   *float64 `json:"later"`
		} `json:"themes"`
	}
	if status, body := f.get("/api/v1/waves/"+this+"/compare/"+last, "Bearer "+f.viewer); status != 200 {
		t.Fatalf("compare API: %d %s", status, body)
	} else if err := json.Unmarshal([]byte(body), &api); err != nil {
		t.Fatal(err)
	}
	if len(api.Themes) == 0 || api.Themes[0].Earlier == nil || api.Themes[0].Later == nil {
		t.Fatalf("the API compares no theme: %+v", api.Themes)
	}
	theme := api.Themes[0]
	mark := format.Number(*theme.Later, 0) + ", was " + format.Number(*theme.Earlier, 0)

	viewer, _ := f.signIn()
	_, page := f.send(viewer, "GET", "/waves/"+this, nil)
	doc := parsePage(t, page)
	var chartText, messages []string
	for n := range doc.Descendants() {
		switch {
		case n.DataAtom == atom.Svg:
			chartText = append(chartText, svgText(n))
		case n.DataAtom == atom.Li && hasClass(n, "sayso-message"):
			messages = append(messages, textOf(n))
		}
	}
	if len(chartText) == 0 || !strings.Contains(strings.Join(chartText, " "), theme.Title) || !strings.Contains(strings.Join(chartText, " "), mark) {
		t.Errorf("the wave page's theme chart does not read %q: %q", mark, chartText)
	}
	_, download := f.send(viewer, "GET", "/waves/"+this+"/charts/themes.svg", nil)
	if !strings.Contains(download, mark) {
		t.Errorf("the theme chart to download does not read %q", mark)
	}
	// The workload score rose from 38 to 88, a change its test finds.
	want := theme.Title + ": improved since " + f.lastYear.Name + ", from " + format.Value(format.Score, theme.Earlier) + " to " + format.Value(format.Score, theme.Later)
	found := false
	for _, m := range messages {
		found = found || strings.HasPrefix(m, want)
	}
	if !found {
		t.Errorf("no key message begins %q: %q", want, messages)
	}
}

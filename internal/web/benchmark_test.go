package web

import (
	"context"
	"html"
	"net/http"
	"strconv"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"github.com/sayso/sayso/internal/benchmark"
	"github.com/sayso/sayso/internal/survey"
)

// TestBenchmarkShowsBesideTheScores: a benchmark loaded for the survey sits
// beside the wave's figures on the wave page, the heatmap and the
// comparison, with the difference, and says what it is.
func TestBenchmarkShowsBesideTheScores(t *testing.T) {
	f := newResultsFixture(t)
	f.respond(f.lastYear, 10, person("north", "worker", 3, 6, ""))
	f.respond(f.thisYear, 10, person("north", "worker", 4, 7, ""))
	f.respond(f.thisYear, 10, person("south", "worker", 2, 5, ""))
	file := "name: peers\ntitle: Peer councils\nsurvey: team-check\nsource: A peer network\nyear: 2025\nscope: childrens-services\nthemes:\n  workload: 40\nindicators:\n  satisfaction: 6.5\n"
	lookup := func(string) (*survey.Definition, bool) { return f.thisYear.Definition, true }
	if _, err := benchmark.Add(context.Background(), f.db, "peers.yaml", []byte(file), lookup, false); err != nil {
		t.Fatal(err)
	}
	viewer, _ := f.signIn()
	this := "/waves/" + strconv.FormatInt(f.thisYear.ID, 10)
	label := "Peer councils (children's services, 2025; source: A peer network)"
	for _, tc := range []struct {
		path, row string
		want      []string
	}{
		// Workloads: manageable 4 and 2 in equal numbers, a score of 50.
		{this, "Workloads", []string{"50", "40", "+10"}},
		{this, "Satisfaction", []string{"6.0", "6.5", "−0.5"}},
		{"/surveys/team-check/compare", "Satisfaction", nil},
		{this + "/heatmap?by=team", "Benchmark: Peer councils", []string{"–", "40", "6.5", "–"}},
	} {
		status, page := f.send(viewer, "GET", tc.path, nil)
		if status != http.StatusOK || !strings.Contains(html.UnescapeString(page), label) {
			t.Errorf("%s: %d, and the benchmark is not named with its source", tc.path, status)
			continue
		}
		doc := parsePage(t, page)
		if tc.want == nil {
			continue
		}
		var found []string
		for n := range doc.Descendants() {
			if n.Type == xhtml.ElementNode && n.Data == "table" && strings.Contains(textOf(n), "Benchmark") {
				if cells, ok := rowCells(n, tc.row); ok {
					found = cells
				}
			}
		}
		if strings.Join(found, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s, %s: %q, want %q", tc.path, tc.row, found, tc.want)
		}
	}
}

package report

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/sayso/sayso/internal/action"
	"github.com/sayso/sayso/internal/benchmark"
	"github.com/sayso/sayso/internal/submission"
	"github.com/sayso/sayso/internal/survey"
)

// tableRows reads the rows of the table with the caption given, each as
// the text of its cells.
func tableRows(t *testing.T, page, caption string) [][]string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	text := func(n *html.Node) string {
		var b strings.Builder
		for d := range n.Descendants() {
			if d.Type == html.TextNode {
				b.WriteString(d.Data + " ")
			}
		}
		return strings.Join(strings.Fields(b.String()), " ")
	}
	for n := range doc.Descendants() {
		if n.DataAtom != atom.Caption || text(n) != caption {
			continue
		}
		var rows [][]string
		for tr := range n.Parent.Descendants() {
			if tr.DataAtom != atom.Tr {
				continue
			}
			var cells []string
			for c := range tr.ChildNodes() {
				if c.DataAtom == atom.Th || c.DataAtom == atom.Td {
					cells = append(cells, text(c))
				}
			}
			rows = append(rows, cells)
		}
		return rows
	}
	t.Fatalf("no table captioned %q", caption)
	return nil
}

// TestReportLeadsWithMessagesHeatmapAndBenchmark writes the board report
// of a wave whose team b is hidden: the heatmap's line for b carries no
// number, the benchmark's figures sit beside the wave's with the
// difference, and the key messages lead.
func TestReportLeadsWithMessagesHeatmapAndBenchmark(t *testing.T) {
	f := newFixture(t)
	earlier, later := f.open("Check 2025", earlierYAML), f.open("Check 2026", laterYAML)
	ctx := context.Background()
	submit := func(w *survey.Wave, team string, manageable float64) {
		entry, err := f.db.Enter(ctx, w.LinkCode)
		if err != nil {
			t.Fatal(err)
		}
		a := survey.Answers{"manageable": {Number: manageable}, "satisfaction": {Number: 7}}
		if team != "" {
			a["team"] = survey.Answer{Text: team}
		}
		if err := submission.New(f.db).Submit(ctx, submission.Response{Entry: entry, Answers: a}); err != nil {
			t.Fatal(err)
		}
	}
	for range 10 {
		submit(earlier, "a", 2)
	}
	// This year: a has 8, b 3 and 3 did not say; b and those who did not
	// say are hidden, each too small and neither given away by the other.
	for range 8 {
		submit(later, "a", 5)
	}
	for range 3 {
		submit(later, "b", 1)
		submit(later, "", 3)
	}
	bench := "name: peers-2025\ntitle: Peer councils 2025\nsurvey: compared\nsource: A peer network\nyear: 2025\nscope: regional\narea: North West\nthemes:\n  workload: 60\nindicators:\n  satisfaction: 6.5\n"
	if _, err := benchmark.Add(ctx, f.db, "peers.yaml", []byte(bench), func(string) (*survey.Definition, bool) { return later.Definition, true }, false); err != nil {
		t.Fatal(err)
	}

	for _, a := range []*action.Action{
		{WaveID: later.ID, Theme: "workload", Title: "Late cap", StaffSaid: "-", WeDid: "-", Owner: "PSW", Status: action.Planned, Due: "2020-01-31"},
		{WaveID: later.ID, Theme: "workload", Title: "Done rota", StaffSaid: "-", WeDid: "-", Owner: "PSW", Status: action.Done, Due: "2020-01-31"},
	} {
		if err := f.db.CreateAction(ctx, a); err != nil {
			t.Fatal(err)
		}
	}

	r, page := f.build(Selection{Wave: later.ID})
	if !strings.Contains(page, "Late cap (planned, overdue)") || !strings.Contains(page, "Done rota (done)") || strings.Count(page, `class="overdue"`) != 1 {
		t.Error("the report does not flag the overdue action, and it alone")
	}
	if len(r.Messages) == 0 || !strings.Contains(page, `id="key-messages"`) {
		t.Error("the report has no key messages")
	}
	heat := tableRows(t, page, "Themes and headline figures by group")
	lines := map[string][]string{}
	for _, row := range heat[1:] {
		lines[row[0]] = row[1:]
	}
	if got := lines["B"]; len(got) != 1 || got[0] != "Fewer than 5 responses" {
		t.Errorf("hidden team b reads %q in the heatmap", got)
	}
	if got := lines["Not answered"]; len(got) != 1 || got[0] != "Fewer than 5 responses" {
		t.Errorf("the hidden group of those who did not say reads %q", got)
	}
	if got := lines["A"]; len(got) < 2 || got[0] != "8" || !strings.HasPrefix(got[1], "100 high") {
		t.Errorf("team a reads %q in the heatmap", got)
	}
	if got := lines["Benchmark: Peer councils 2025"]; len(got) < 2 || got[1] != "60" {
		t.Errorf("the benchmark's line reads %q", got)
	}

	rows := tableRows(t, page, r.Later.Name+" beside the benchmark")
	want := map[string]string{"Satisfaction": "7.0|6.5|+0.5", "Workload": "68|60|+8"}
	for _, row := range rows[1:] {
		if got := strings.Join(row[1:], "|"); got != want[row[0]] {
			t.Errorf("%s beside the benchmark: %q, want %q", row[0], got, want[row[0]])
		}
		delete(want, row[0])
	}
	if len(want) > 0 {
		t.Errorf("not beside the benchmark: %v", want)
	}
	if len(rows) < 2 || !strings.Contains(page, "Peer councils 2025 (regional, North West, 2025; source: A peer network)") {
		t.Errorf("the benchmark is not shown with its source: %q", rows)
	}
}

package report

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/sayso/sayso/internal/demo"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
	"github.com/sayso/sayso/surveys"
)

// TestDemoReportListsNoWorseningAsAnImprovement builds the board report of
// the demo's last health check against the one before, and checks each
// statement listed under improvements and declines against the raw answers
// as asked: an improvement is a rise in the mean answer of a positively
// worded statement or a fall in a negatively worded one, never the other
// way round. The rendered report lists the same rows under the same
// headings, and every headline figure called improved moved the better way.
func TestDemoReportListsNoWorseningAsAnImprovement(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	catalogue, err := survey.ReadDir(surveys.FS, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, db, catalogue, 1, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	svc := results.NewService(db)
	r, err := Build(ctx, svc, db, Selection{Survey: "health-check"})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Compared || r.Earlier == nil {
		t.Fatalf("the demo report compares nothing: %+v", r)
	}
	asked := func(waveID int64) map[string]float64 {
		res, err := svc.Results(ctx, waveID, nil)
		if err != nil {
			t.Fatal(err)
		}
		means := map[string]float64{}
		for _, q := range res.Questions {
			sum, n := 0.0, 0
			for _, b := range q.Buckets {
				v, _ := strconv.ParseFloat(b.Value, 64)
				sum, n = sum+v*float64(b.Count), n+b.Count
			}
			if n > 0 {
				means[q.ID] = sum / float64(n)
			}
		}
		return means
	}
	before, after := asked(r.Earlier.ID), asked(r.Later.ID)
	check := func(rows []Row, improved bool) {
		for _, row := range rows {
			q, ok := r.Definition.Question(row.ID)
			if !ok {
				t.Fatalf("no question %s", row.ID)
			}
			rose := after[row.ID] > before[q.ID]
			if row.From != "" {
				rose = after[row.ID] > before[row.From]
			}
			if better := rose != q.Reverse; better != improved {
				t.Errorf("%q (reverse %v) mean answer %v → %v is listed as improved: %v", row.Title, q.Reverse, before[q.ID], after[row.ID], improved)
			}
		}
	}
	check(r.Improvements, true)
	check(r.Declines, false)
	negative := 0
	for _, row := range append(slices.Clone(r.Improvements), r.Declines...) {
		if row.Reverse {
			negative++
		}
	}
	if len(r.Improvements)+len(r.Declines) == 0 || negative == 0 {
		t.Fatalf("the demo report lists %d improvements and %d declines, %d negatively worded: nothing to check the direction of", len(r.Improvements), len(r.Declines), negative)
	}
	t.Logf("%d improvements, %d declines", len(r.Improvements), len(r.Declines))

	for _, ind := range r.Indicators {
		if ind.Direction == "" || ind.Difference == nil || ind.Direction == results.Unchanged {
			continue
		}
		fell := *ind.Difference < 0
		if (ind.Direction == results.Improved) != (fell == (ind.Better == results.Lower)) {
			t.Errorf("headline %q moved %v and is %s though %s is better", ind.Title, *ind.Difference, ind.Direction, ind.Better)
		}
	}

	var buf bytes.Buffer
	if err := Render(&buf, r, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string][]string{}
	heading := ""
	for n := range doc.Descendants() {
		switch {
		case n.DataAtom == atom.H3 || n.DataAtom == atom.H2:
			heading = text(n)
		case n.DataAtom == atom.Table && (heading == "Improvements" || heading == "Declines"):
			for row := range n.Descendants() {
				if row.DataAtom == atom.Th && row.Parent.FirstChild == row && row.Parent.Parent.DataAtom == atom.Tbody {
					listed[heading] = append(listed[heading], text(row))
				}
			}
		}
	}
	for heading, rows := range map[string][]Row{"Improvements": r.Improvements, "Declines": r.Declines} {
		var want []string
		for _, row := range rows {
			title := row.Title
			if row.Reverse {
				title += " (negatively worded: its score rises as fewer agree)"
			}
			want = append(want, title)
		}
		if strings.Join(listed[heading], "|") != strings.Join(want, "|") {
			t.Errorf("the report lists under %s %q, want %q", heading, listed[heading], want)
		}
	}
}

func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

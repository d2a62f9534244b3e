package report

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/action"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/submission"
	"github.com/sayso/sayso/internal/survey"
)

// earlierYAML and laterYAML are the shared pair of waves in ../testdata:
// the later renames old-support to support, drops removed and adds added.
var earlierYAML, laterYAML = sharedFixture("compared-earlier.yaml"), sharedFixture("compared-later.yaml")

// sharedFixture reads a survey definition the results and report tests
// share.
func sharedFixture(name string) string {
	data, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		panic(err)
	}
	return string(data)
}

type fixture struct {
	t   *testing.T
	db  *store.DB
	svc *results.Service
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "sayso.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &fixture{t: t, db: db, svc: results.NewService(db)}
}

func (f *fixture) open(name, yaml string) *survey.Wave {
	f.t.Helper()
	def, err := survey.Parse(name+".yaml", []byte(yaml))
	if err != nil {
		f.t.Fatal(err)
	}
	src := &survey.Source{File: survey.File{Name: name + ".yaml", Data: []byte(yaml)}, Definition: def}
	w, err := f.db.OpenWave(context.Background(), store.NewWave{Source: src, Name: name, Access: survey.AccessLink, Headcount: 20})
	if err != nil {
		f.t.Fatal(err)
	}
	return w
}

func (f *fixture) respond(w *survey.Wave, team string, numbers map[string]float64) {
	f.t.Helper()
	ctx := context.Background()
	entry, err := f.db.Enter(ctx, w.LinkCode)
	if err != nil {
		f.t.Fatal(err)
	}
	a := survey.Answers{"team": {Text: team}}
	for id, v := range numbers {
		a[id] = survey.Answer{Number: v}
	}
	if err := submission.New(f.db).Submit(ctx, submission.Response{Entry: entry, Answers: a}); err != nil {
		f.t.Fatal(err)
	}
}

// twoYears stores the years worked through by hand in the results
// package's comparison tests. The earlier year: 10 people in team a;
// half answer manageable 2 and half 4 (score 50, 50% agree), all answer
// old-support 3 and satisfaction 7. The later year: teams a and b of 5;
// all answer manageable 4 (score 75, 100% agree), support 5, satisfaction 7.
func (f *fixture) twoYears() (earlier, later *survey.Wave) {
	earlier, later = f.open("Check 2025", earlierYAML), f.open("Check 2026", laterYAML)
	for i := range 10 {
		f.respond(earlier, "a", map[string]float64{"manageable": float64(2 + 2*(i%2)), "old-support": 3, "satisfaction": 7})
		f.respond(later, []string{"a", "b"}[i%2], map[string]float64{"manageable": 4, "support": 5, "satisfaction": 7})
	}
	return earlier, later
}

func (f *fixture) build(sel Selection) (*Report, string) {
	f.t.Helper()
	r, err := Build(context.Background(), f.svc, f.db, sel)
	if err != nil {
		f.t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Render(&buf, r, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)); err != nil {
		f.t.Fatal(err)
	}
	return r, buf.String()
}

func near(v *float64, want float64) bool { return v != nil && math.Abs(*v-want) < 1e-6 }

func TestReportComparesTwoYearsAsWorkedByHand(t *testing.T) {
	f := newFixture(t)
	earlier, later := f.twoYears()
	// Last year's action on a statement of the workload theme, and this
	// year's on the theme, unpublished yet.
	for _, a := range []*action.Action{
		{WaveID: earlier.ID, Question: "manageable", Title: "Caseload cap <b>18</b>", StaffSaid: "Too many cases", WeDid: "A cap", Owner: "Head of service", Status: action.Done, Published: true},
		{WaveID: later.ID, Theme: "workload", Title: "Admin support", StaffSaid: "Too much admin", WeDid: "Two officers", Owner: "PSW", Status: action.Planned},
	} {
		if err := f.db.CreateAction(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	r, html := f.build(Selection{Survey: "compared"})
	if r.Earlier == nil || r.Earlier.ID != earlier.ID || r.Later.ID != later.ID || !r.Compared || r.Hidden {
		t.Fatalf("the default is the latest wave against the one before: %+v", r)
	}
	if len(r.Themes) != 1 || !near(r.Themes[0].Earlier, 50) || !near(r.Themes[0].Later, 87.5) || !r.Themes[0].Significant {
		t.Fatalf("workload theme: %+v", r.Themes)
	}
	statements := map[string]Row{}
	for _, s := range r.Themes[0].Statements {
		statements[s.ID] = s
	}
	if s := statements["manageable"]; !near(s.Earlier, 50) || !near(s.Later, 75) || !near(s.P, 0.0149563639) || s.Favourable == nil || !near(s.Favourable.Difference, 50) {
		t.Errorf("manageable: %+v", s)
	}
	if s := statements["support"]; s.From != "old-support" || !near(s.Difference, 50) {
		t.Errorf("support, renamed: %+v", s)
	}
	if s := statements["added"]; s.Earlier != nil || s.Difference != nil {
		t.Errorf("added has nothing to compare with: %+v", s)
	}
	// manageable improved significantly after correction; support rose
	// further but with no spread in either wave it cannot be tested, so it
	// is no improvement to report. Nothing worsened.
	if len(r.Improvements) != 1 || r.Improvements[0].ID != "manageable" || len(r.Declines) != 0 {
		t.Errorf("improvements %+v, declines %+v", r.Improvements, r.Declines)
	}
	if len(r.Added) != 1 || r.Added[0].ID != "added" || len(r.Removed) != 1 || r.Removed[0].ID != "removed" || len(r.Renamed) != 1 || r.Renamed[0].From != "old-support" {
		t.Errorf("added %+v, removed %+v, renamed %+v", r.Added, r.Removed, r.Renamed)
	}
	if acts := r.Themes[0].Actions; len(acts) != 2 || acts[0].WaveName != "Check 2025" || acts[0].About != "My workload is manageable" || acts[1].Title != "Admin support" {
		t.Errorf("the workload theme's actions: %+v", acts)
	}
	if len(r.TrendWaves) != 2 || len(r.TrendCharts) != 3 {
		t.Errorf("trend: waves %v, %d charts for 2 indicators and 1 theme", r.TrendWaves, len(r.TrendCharts))
	}
	for _, want := range []string{
		"Check 2026<span class=\"sub\">compared with Check 2025",
		// manageable, in words and symbol; adjusted by Benjamini–Hochberg
		// with the Fisher tests of its favourable share (p = 0.0325) and
		// support's (0 of 10 to 10 of 10, p = 1.1e-5): 0.015 × 3/2.
		"▲</span> Improved <span class=\"p\">(p = 0.015, adjusted p = 0.022)</span>",
		"Cannot be tested: every answer the same", // satisfaction, all 7 both years
		"A question added", "A question dropped", "was old-support, now support",
		"Biggest improvements and declines", "How the figures are worked out",
		"Welch", "two-proportion z-test", "fewer than 5",
		"Caseload cap &lt;b&gt;18&lt;/b&gt; (done); Admin support (planned)", // beside the theme's change
		"Admin support <span class=\"id\">(not yet published to staff)", "You said, we did",
		"<svg",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	assertSelfContained(t, html)
}

// assertSelfContained fails on anything that would make a request: an
// http(s) or protocol-relative address in src, href or a CSS url(), or
// any src or url() at all, since the report carries everything inside.
func assertSelfContained(t *testing.T, html string) {
	t.Helper()
	external := regexp.MustCompile(`(?i)(src|href|action)\s*=\s*["']?\s*(https?:|//)|url\(|@import|<link|<script|<img|<iframe`)
	if m := external.FindString(html); m != "" {
		t.Errorf("the report would make a request: %q", m)
	}
	anchors := regexp.MustCompile(`(?i)href\s*=\s*"([^"]*)"`)
	for _, m := range anchors.FindAllStringSubmatch(html, -1) {
		if !strings.HasPrefix(m[1], "#") {
			t.Errorf("a link that leaves the report: %q", m[1])
		}
	}
}

func TestReportOfASurveyWithOneWave(t *testing.T) {
	f := newFixture(t)
	w := f.open("Check 2026", laterYAML)
	for i := range 6 {
		f.respond(w, "a", map[string]float64{"manageable": float64(3 + i%2), "support": 4, "satisfaction": 8})
	}
	r, html := f.build(Selection{Wave: w.ID})
	if r.Earlier != nil || r.Compared || r.Hidden {
		t.Fatalf("one wave: %+v", r)
	}
	// (62.5 + 75) / 2: added has no answers.
	if len(r.Themes) != 1 || !near(r.Themes[0].Later, 68.75) {
		t.Errorf("theme: %+v", r.Themes)
	}
	for _, absent := range []string{"Biggest improvements", "compared with", "Questions added, removed", "Significant"} {
		if strings.Contains(html, absent) {
			t.Errorf("a one-wave report shows %q", absent)
		}
	}
	for _, want := range []string{"Headline figures", "My workload is manageable", "95% interval", "How the figures are worked out"} {
		if !strings.Contains(html, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	assertSelfContained(t, html)
}

func TestReportOfAWaveUnderKShowsOnlyCounts(t *testing.T) {
	f := newFixture(t)
	earlier := f.open("Check 2025", earlierYAML)
	later := f.open("Check 2026", laterYAML)
	for i := range 4 {
		f.respond(earlier, "a", map[string]float64{"manageable": 5, "old-support": 5, "satisfaction": float64(9 - i)})
		f.respond(later, "b", map[string]float64{"manageable": 1, "support": 1, "satisfaction": float64(1 + i)})
	}
	r, html := f.build(Selection{Wave: later.ID, With: earlier.ID})
	if !r.Hidden || len(r.Indicators)+len(r.Themes)+len(r.Others)+len(r.Improvements)+len(r.Declines)+len(r.TrendCharts) != 0 {
		t.Fatalf("a wave of 4 shows figures: %+v", r)
	}
	for _, row := range r.TrendRows {
		for _, v := range row.Values {
			if v != nil {
				t.Errorf("the trend shows %s = %v of a wave of 4", row.Title, *v)
			}
		}
	}
	if !strings.Contains(html, "Results withheld") || !strings.Contains(html, "4 people have answered so far. Results show once at least 5 people have answered") {
		t.Error("the report does not say why there are no results")
	}
	for _, absent := range []string{"My workload is manageable", "Significant", "<svg", "Satisfaction"} {
		if strings.Contains(html, absent) {
			t.Errorf("a report of waves of 4 shows %q", absent)
		}
	}
}

func TestReportWithAnEarlierWaveUnderKShowsTheLaterAlone(t *testing.T) {
	f := newFixture(t)
	earlier := f.open("Check 2025", earlierYAML)
	later := f.open("Check 2026", laterYAML)
	for i := range 4 {
		f.respond(earlier, "a", map[string]float64{"manageable": 5, "old-support": 5, "satisfaction": float64(9 - i)})
	}
	for range 6 {
		f.respond(later, "b", map[string]float64{"manageable": 4, "support": 4, "satisfaction": 6})
	}
	r, html := f.build(Selection{Survey: "compared"})
	if r.Hidden || r.Compared || !r.ComparisonWithheld || len(r.Themes) != 1 {
		t.Fatalf("report: %+v", r)
	}
	for _, row := range append(r.Indicators, r.Themes[0].Row) {
		if row.Earlier != nil || row.Difference != nil {
			t.Errorf("%s carries a figure of the wave of 4: %+v", row.Title, row.Movement)
		}
	}
	if !strings.Contains(html, "Check 2025 cannot be compared, as it has no published results: 4 people have answered so far.") {
		t.Error("the report does not say why it does not compare")
	}
}

func TestBuildRefusesWavesThatCannotBeCompared(t *testing.T) {
	f := newFixture(t)
	earlier, later := f.twoYears()
	other := f.open("Other", strings.Replace(laterYAML, "id: compared", "id: other", 1))
	ctx := context.Background()
	for name, sel := range map[string]Selection{
		"itself":             {Wave: later.ID, With: later.ID},
		"another survey":     {Wave: later.ID, With: other.ID},
		"survey of the path": {Survey: "compared", Wave: other.ID},
	} {
		if _, err := Build(ctx, f.svc, f.db, sel); survey.Code(err) != survey.ErrInvalid {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Build(ctx, f.svc, f.db, Selection{Survey: "nothing"}); survey.Code(err) != survey.ErrNotFound {
		t.Errorf("an unknown survey: %v", err)
	}
	if _, err := Build(ctx, f.svc, f.db, Selection{Wave: 999}); survey.Code(err) != survey.ErrNotFound {
		t.Errorf("an unknown wave: %v", err)
	}
	// Given the other way round, the earlier-opened wave is still the baseline.
	r, err := Build(ctx, f.svc, f.db, Selection{Wave: earlier.ID, With: later.ID})
	if err != nil || r.Later.ID != later.ID || r.Earlier.ID != earlier.ID {
		t.Errorf("reversed: %v %+v", err, r)
	}
}

// TestReportSaysWhatIsWithheld answers the added statement by 2 people
// only in the later year: it is withheld, so is the workload theme's score
// (it would be another figure without it), and neither is compared.
func TestReportSaysWhatIsWithheld(t *testing.T) {
	f := newFixture(t)
	earlier, later := f.open("Check 2025", earlierYAML), f.open("Check 2026", laterYAML)
	for i := range 10 {
		f.respond(earlier, "a", map[string]float64{"manageable": 3, "old-support": 3, "satisfaction": 7})
		answers := map[string]float64{"manageable": 4, "support": 4, "satisfaction": 7}
		if i < 2 {
			answers["added"] = 1
		}
		f.respond(later, "a", answers)
	}
	tests := []struct {
		name     string
		sel      Selection
		compared bool
	}{
		{"compared", Selection{Wave: later.ID, With: earlier.ID}, true},
		{"alone", Selection{Wave: later.ID, With: NoComparison}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, html := f.build(tt.sel)
			if r.Compared != tt.compared || len(r.Themes) != 1 || len(r.Themes[0].Statements) != 3 {
				t.Fatalf("report: %+v", r)
			}
			theme := r.Themes[0]
			if theme.LaterItems != (Items{Scored: 2, Withheld: 1}) || !theme.LaterWithheld || theme.Later != nil || theme.Difference != nil || !theme.Withheld() {
				t.Errorf("the theme: %+v", theme.Row)
			}
			added := theme.Statements[2]
			if added.ID != "added" || !added.LaterWithheld || added.Later != nil || added.Verdict().Words != "Not compared: withheld" {
				t.Errorf("the withheld statement: %+v", added)
			}
			for _, want := range []string{
				"<td class=\"num\">Withheld<span class=\"visually-hidden\">: too few answered, or it could reveal someone's answers</span> <span class=\"items\">(1 of its 3 statements withheld)</span></td>",
				"Withheld<span class=\"visually-hidden\">: too few answered, or it could reveal someone's answers</span>",
				"“Withheld” marks a figure that is not published: fewer than 5 people answered it, or showing it could reveal someone&#39;s answers.",
			} {
				if !strings.Contains(html, want) {
					t.Errorf("the report lacks %s", want)
				}
			}
			if tt.compared && !strings.Contains(html, "Not compared: withheld") {
				t.Error("the report does not say why the theme is not compared")
			}
		})
	}
}

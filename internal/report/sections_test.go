package report

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/sayso/sayso/internal/survey"
)

// sections are the ids of a report's sections, each with its text, and
// the links of its contents.
func sections(t *testing.T, page string) (byID map[string]string, contents []string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	byID = map[string]string{}
	var walk func(n *html.Node, inNav bool)
	walk = func(n *html.Node, inNav bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "section":
				for _, a := range n.Attr {
					if a.Key == "aria-labelledby" {
						byID[a.Val] = text(n)
					}
				}
			case "nav":
				inNav = true
			case "a":
				if inNav {
					for _, a := range n.Attr {
						if a.Key == "href" {
							contents = append(contents, strings.TrimPrefix(a.Val, "#"))
						}
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inNav)
		}
	}
	walk(doc, false)
	return byID, contents
}

// TestReportLeavesOutEmptySections compares two waves of one definition
// that moved nothing and have no actions: no page of the report is there
// only to say "none", and one line in another section says so instead.
func TestReportLeavesOutEmptySections(t *testing.T) {
	f := newFixture(t)
	earlier, later := f.open("Check 2025", laterYAML), f.open("Check 2026", laterYAML)
	for i := range 10 {
		for _, wave := range []*survey.Wave{earlier, later} {
			f.respond(wave, []string{"a", "b"}[i%2], map[string]float64{"manageable": float64(2 + i%3), "support": 4, "added": 3, "satisfaction": 7})
		}
	}
	r, page := f.build(Selection{Survey: "compared"})
	if !r.Compared || len(r.Added)+len(r.Removed)+len(r.Renamed) != 0 || len(r.Improvements)+len(r.Declines) != 0 || len(r.Actions) != 0 {
		t.Fatalf("the fixture should change nothing: %+v", r)
	}
	byID, contents := sections(t, page)
	if len(byID) == 0 || len(contents) == 0 {
		t.Fatalf("no sections or contents found in %.300s", page)
	}
	for _, gone := range []string{"questions-changed", "moves", "actions"} {
		if _, ok := byID[gone]; ok {
			t.Errorf("the report has an empty section %q: %s", gone, byID[gone])
		}
	}
	for _, link := range contents {
		if _, ok := byID[link]; !ok {
			t.Errorf("the contents link to #%s, which is not a section", link)
		}
	}
	for id, want := range map[string]string{
		"by-theme": "No questions were added, removed or renamed between Check 2025 and Check 2026",
		"themes":   "No “You said, we did” action has been recorded for Check 2025 or Check 2026",
	} {
		if !strings.Contains(byID[id], want) {
			t.Errorf("section %s lacks %q: %s", id, want, byID[id])
		}
	}
	if !strings.Contains(byID["themes"], "No statement's score changed significantly between Check 2025 and Check 2026") {
		t.Errorf("the themes section does not say nothing moved: %s", byID["themes"])
	}
	if strings.Contains(page, "None.") {
		t.Error("the report still lists a heading with nothing under it")
	}
}

// TestReportListsOnlyTheChangesThereAre keeps the questions section when
// a question was renamed, with only the lists that have something in them.
func TestReportListsOnlyTheChangesThereAre(t *testing.T) {
	f := newFixture(t)
	f.twoYears()
	_, page := f.build(Selection{Survey: "compared"})
	byID, _ := sections(t, page)
	changed, ok := byID["questions-changed"]
	if !ok {
		t.Fatal("the questions added, removed and renamed are not in the report")
	}
	for _, want := range []string{"Added", "Removed", "Renamed", "was old-support, now support"} {
		if !strings.Contains(changed, want) {
			t.Errorf("the section lacks %q: %s", want, changed)
		}
	}
	if strings.Contains(byID["by-theme"], "No questions were added") {
		t.Error("the report says no question changed when some did")
	}
}

// TestDefaultIsTheLatestPublishedWave opens a third wave that has too few
// responses to show: the comparison a reader asks for without naming
// waves is still of the latest results, against the wave before them.
func TestDefaultIsTheLatestPublishedWave(t *testing.T) {
	f := newFixture(t)
	earlier, later := f.twoYears()
	newest := f.open("Check 2027", laterYAML)
	f.respond(newest, "a", map[string]float64{"manageable": 4})
	r, _ := f.build(Selection{Survey: "compared"})
	if r.Later.ID != later.ID || r.Earlier == nil || r.Earlier.ID != earlier.ID || !r.Compared {
		t.Errorf("the default compares waves %d and %v; want %d against %d", r.Later.ID, r.Earlier, later.ID, earlier.ID)
	}
	r, _ = f.build(Selection{Survey: "compared", Wave: newest.ID})
	if r.Later.ID != newest.ID || r.Earlier == nil || r.Earlier.ID != later.ID || !r.Hidden {
		t.Errorf("asked for by id, the newest wave is reported on, hidden: %+v", r.Later)
	}
}

// TestReportByGroupShowsOnlyGroupsShownInBothWaves: asked for by team,
// the report has the groups section, and a group too small in either
// wave carries no figure.
func TestReportByGroupShowsOnlyGroupsShownInBothWaves(t *testing.T) {
	f := newFixture(t)
	f.twoYears()
	r, page := f.build(Selection{Survey: "compared", By: []string{"team"}})
	if len(r.Groups) == 0 {
		t.Fatal("no groups")
	}
	byID, contents := sections(t, page)
	groups, ok := byID["groups"]
	if !ok || !slices.Contains(contents, "groups") {
		t.Fatalf("the report has no groups section, or no link to it: %v", contents)
	}
	// Team b had nobody the year before: it shows in neither wave.
	if !strings.Contains(groups, "B Fewer than 5 responses") || !strings.Contains(groups, "A 10 → 5") {
		t.Errorf("the groups section: %s", groups)
	}
	_, page = f.build(Selection{Survey: "compared"})
	if byID, _ := sections(t, page); byID["groups"] != "" {
		t.Error("a report without a breakdown has a groups section")
	}
}

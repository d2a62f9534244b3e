package web

import (
	"context"
	"encoding/xml"
	"image/png"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/chart"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// chartSurvey has a statement worded negatively and a number question
// with a safe level, as the health check has.
const chartSurvey = `id: chart-check
title: Chart check
min_group_size: 5
themes:
  - id: workload
    title: Workloads
sections:
  - id: work
    title: Your work
    questions:
      - id: manageable
        type: agreement
        text: My workload is manageable.
        theme: workload
      - id: unsafe
        type: agreement
        text: I have more cases than is safe.
        theme: workload
        reverse: true
      - id: caseload
        type: number
        text: How many cases do you hold?
        min: 0
        max: 150
        unit: cases
indicators:
  - id: over-caseload
    title: Caseload above the safe level
    kind: above
    question: caseload
    threshold: {default: 15}
`

func newChartFixture(t *testing.T) *resultsFixture {
	t.Helper()
	ctx := context.Background()
	f := &resultsFixture{fixture: newFixture(t)}
	src := sourceOf(t, "chart-check.yaml", []byte(chartSurvey))
	var err error
	if f.lastYear, err = f.db.OpenWave(ctx, store.NewWave{Source: src, Name: "Chart check 2025", Access: survey.AccessLink}); err != nil {
		t.Fatal(err)
	}
	if f.thisYear, err = f.db.OpenWave(ctx, store.NewWave{Source: src, Name: "Chart check 2026", Access: survey.AccessLink}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.CreateAccount(ctx, "viewer@example.org", account.Viewer, staffHash()); err != nil {
		t.Fatal(err)
	}
	return f
}

// svgTexts reads every text of an SVG chart.
func svgTexts(t *testing.T, svg string) []string {
	t.Helper()
	var texts []string
	d := xml.NewDecoder(strings.NewReader(svg))
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the chart is not XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			inText = e.Name.Local == "text"
			if inText {
				texts = append(texts, "")
			}
		case xml.CharData:
			if inText {
				texts[len(texts)-1] += string(e)
			}
		case xml.EndElement:
			inText = false
		}
	}
	if len(texts) == 0 {
		t.Fatalf("the chart has no text: %.300s", svg)
	}
	return texts
}

func containsText(texts []string, want string) bool {
	for _, t := range texts {
		if strings.Contains(t, want) {
			return true
		}
	}
	return false
}

func TestChartDownloadsAreTitledAndTwiceTheSize(t *testing.T) {
	f := newChartFixture(t)
	f.respond(f.lastYear, 6, `{"manageable": 2, "unsafe": 4, "caseload": 20}`)
	// Everyone answers favourably: agrees with the plain statement and
	// strongly disagrees with the one worded negatively.
	for _, caseload := range []int{10, 12, 29, 32, 33} {
		f.respond(f.thisYear, 2, `{"manageable": 5, "unsafe": 1, "caseload": `+strconv.Itoa(caseload)+`}`)
	}
	viewer := f.login("viewer@example.org")
	this := strconv.FormatInt(f.thisYear.ID, 10)
	subtitle := "Chart check · Chart check 2026 · 10 responses"

	for _, c := range []struct {
		file  string
		width int
		texts []string
	}{
		{"themes", chart.Wide, []string{"Theme scores out of 100", subtitle, chart.ScoreAxisTitle, "Chart check 2025", "was 25"}},
		{"theme-workload", chart.Wide, []string{"Answers to each statement of Workloads", subtitle, "disagreeing is", "Share of answers"}},
		{"question-caseload", chart.Narrow, []string{"How many cases do you hold?", subtitle, chart.PeopleAxisTitle, "Answer (cases)", "Above safe level"}},
	} {
		status, svg := f.send(viewer, "GET", "/waves/"+this+"/charts/"+c.file+".svg", nil)
		if status != http.StatusOK {
			t.Fatalf("%s.svg: %d %s", c.file, status, svg)
		}
		texts := svgTexts(t, svg)
		for _, want := range c.texts {
			if !containsText(texts, want) {
				t.Errorf("%s.svg has no text %q: %q", c.file, want, texts)
			}
		}
		status, body := f.send(viewer, "GET", "/waves/"+this+"/charts/"+c.file+".png", nil)
		img, err := png.Decode(strings.NewReader(body))
		if status != http.StatusOK || err != nil {
			t.Fatalf("%s.png: %d %v", c.file, status, err)
		}
		if img.Bounds().Dx() != 2*c.width {
			t.Errorf("%s.png is %d px wide, want twice %d", c.file, img.Bounds().Dx(), c.width)
		}
	}

	// Nobody gave an unfavourable answer, so nothing is drawn in the
	// strongly unfavourable red: not the negatively worded statement's
	// "strongly disagree", which is its favourable answer.
	_, svg := f.send(viewer, "GET", "/waves/"+this+"/charts/theme-workload.svg", nil)
	if red := `fill="rgba(212,53,28,1.0)"`; strings.Contains(svg, red) {
		t.Error("a favourable answer to a negatively worded statement is drawn as unfavourable")
	}
	if n := strings.Count(strings.Join(svgTexts(t, svg), " "), chart.ReverseNote); n != 1 {
		t.Errorf("%d statements marked as worded negatively, want 1", n)
	}

	status, svg := f.send(viewer, "GET", "/surveys/chart-check/charts/trend.svg", nil)
	if status != http.StatusOK || !containsText(svgTexts(t, svg), "Chart check · Chart check 2025 to Chart check 2026 · 6 and 10 responses") {
		t.Errorf("trend.svg: %d %q", status, svgTexts(t, svg))
	}
}

// The charts inline in the pages are drawn at their size in pixels, so
// that their text is as large as it was drawn.
func TestInlineChartsKeepTheirSize(t *testing.T) {
	f := newChartFixture(t)
	f.respond(f.thisYear, 6, `{"manageable": 4, "unsafe": 2, "caseload": 12}`)
	viewer := f.login("viewer@example.org")
	this := strconv.FormatInt(f.thisYear.ID, 10)
	for path, width := range map[string]int{
		"/waves/" + this:                      chart.Wide,
		"/waves/" + this + "/themes/workload": chart.Wide,
		"/waves/" + this + "/workload":        chart.Narrow,
		"/dashboard":                          chart.Narrow,
	} {
		status, page := f.send(viewer, "GET", path, nil)
		if status != http.StatusOK {
			t.Fatalf("%s: %d", path, status)
		}
		doc := parsePage(t, page)
		var widths []string
		var walk func(n *xhtml.Node, inScroll bool)
		walk = func(n *xhtml.Node, inScroll bool) {
			if n.Type == xhtml.ElementNode {
				for _, a := range n.Attr {
					if a.Key == "class" && strings.Contains(a.Val, "sayso-chart__scroll") {
						inScroll = true
					}
				}
				if n.Data == "svg" && inScroll {
					for _, a := range n.Attr {
						if a.Key == "width" {
							widths = append(widths, a.Val)
						}
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, inScroll)
			}
		}
		walk(doc, false)
		if len(widths) != 1 || widths[0] != strconv.Itoa(width) {
			t.Errorf("%s: charts in a scroll box %v px wide, want one of %d", path, widths, width)
		}
	}
}

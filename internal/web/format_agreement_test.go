package web

import (
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html/atom"

	"github.com/sayso/sayso/internal/format"
)

// TestExportPagesAndReportWriteFiguresAlike reads one wave's figures from
// the API and finds each written by internal/format alike everywhere: in
// the CSV as format.Plain writes it, and on the wave page and in the board
// report as format.Value writes it; the response rate as format.Rate
// writes it on the waves list, the wave page and the report.
func TestExportPagesAndReportWriteFiguresAlike(t *testing.T) {
	f := newResultsFixture(t)
	answers := func(team string, manageable, satisfaction, caseload int) string {
		return `{"team": "` + team + `", "role": "worker", "manageable": ` + strconv.Itoa(manageable) + `, "satisfaction": ` + strconv.Itoa(satisfaction) + `, "caseload": ` + strconv.Itoa(caseload) + `}`
	}
	f.respond(f.thisYear, 9, answers("north", 4, 7, 20))
	f.respond(f.thisYear, 7, answers("south", 2, 6, 10))
	f.respond(f.thisYear, 5, answers("east", 5, 9, 18))
	this := strconv.FormatInt(f.thisYear.ID, 10)

	api := f.results(f.thisYear, "")
	if api.ResponseRate == nil || len(api.Themes) == 0 || len(api.Indicators) == 0 {
		t.Fatalf("the API gives rate %v, %d themes and %d indicators: nothing to compare", api.ResponseRate, len(api.Themes), len(api.Indicators))
	}
	// Each figure in the unit the pages write it in, with its exact value.
	type written struct {
		title, kind, unit string
		value             *float64
	}
	var figures []written
	for _, th := range api.Themes {
		figures = append(figures, written{th.Title, "theme score", format.Score, th.Score})
	}
	for _, ind := range api.Indicators {
		unit := format.Percent
		if ind.Kind == "mean" {
			unit = format.Mean
		}
		figures = append(figures, written{ind.Title, "indicator", unit, ind.Value})
	}
	for _, fig := range figures {
		if fig.value == nil {
			t.Fatalf("%s has no value: the wave's answers should give every figure one", fig.title)
		}
	}

	viewer, _ := f.signIn()
	_, export := f.send(viewer, "GET", "/waves/"+this+"/results.csv", nil)
	rows, err := csv.NewReader(strings.NewReader(export)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	csvValue := map[string]string{}
	for _, row := range rows {
		if row[0] == "whole wave" && (row[2] == "theme score" || row[2] == "indicator") {
			csvValue[row[2]+" "+row[4]] = row[5]
		}
	}
	_, wavePage := f.send(viewer, "GET", "/waves/"+this, nil)
	_, boardReport := f.send(viewer, "GET", "/surveys/team-check/report", nil)
	reportDoc := parsePage(t, boardReport)
	for _, fig := range figures {
		if got, want := csvValue[fig.kind+" "+fig.title], format.Plain(fig.value); got != want {
			t.Errorf("%s: the CSV writes %q, format.Plain %q", fig.title, got, want)
		}
		want := format.Value(fig.unit, fig.value)
		if row := rowHeaded(t, wavePage, fig.title); !row.shows(want) {
			t.Errorf("%s: the wave page's row is %q, not showing %q", fig.title, row.text(), want)
		}
		if cells, ok := rowCells(reportDoc, fig.title); !ok || !strings.Contains(strings.Join(cells, " | "), want) {
			t.Errorf("%s: the report's row is %q, not showing %q", fig.title, cells, want)
		}
	}

	rate := format.Rate(api.ResponseRate)
	if rate != "52%" && rate != "53%" {
		t.Fatalf("21 of 40 reads %q", rate)
	}
	if got := summaryValue(t, wavePage, "Response rate"); got != rate {
		t.Errorf("the wave page gives the response rate as %q, want %q", got, rate)
	}
	_, waves := f.send(viewer, "GET", "/dashboard", nil)
	if row := waveListRow(t, waves, "/waves/"+this); !slices.Contains(row, rate) {
		t.Errorf("the waves list's row is %q, not showing %q", row, rate)
	}
	if cells, ok := rowCells(reportDoc, f.thisYear.Name); !ok || cells[len(cells)-1] != rate {
		t.Errorf("the report's wave row is %q, want it to end %q", cells, rate)
	}
}

// waveListRow is the text of each cell of the waves list's row that links to
// the wave at href.
func waveListRow(t *testing.T, page, href string) []string {
	t.Helper()
	for a := range parsePage(t, page).Descendants() {
		if a.DataAtom != atom.A || attrOf(a, "href") != href || a.Parent.DataAtom != atom.Th {
			continue
		}
		var cells []string
		for td := a.Parent.NextSibling; td != nil; td = td.NextSibling {
			if td.DataAtom == atom.Td {
				cells = append(cells, textOf(td))
			}
		}
		return cells
	}
	t.Fatalf("no row links to %s in:\n%s", href, page)
	return nil
}

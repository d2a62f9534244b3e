package web

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/sayso/sayso/internal/report"
)

// TestWorkbookEqualsTheAPI opens the Excel export with excelize and reads
// every figure back against the results API: the same numbers, stored as
// numbers, and a hidden group with no number at all.
func TestWorkbookEqualsTheAPI(t *testing.T) {
	f := newResultsFixture(t)
	f.respond(f.lastYear, 6, person("north", "worker", 2, 5, ""))
	f.respond(f.lastYear, 6, person("south", "worker", 3, 6, ""))
	f.respond(f.thisYear, 10, person("north", "worker", 5, 9, ""))
	f.respond(f.thisYear, 7, person("south", "worker", 2, 5, ""))
	f.respond(f.thisYear, 6, person("west", "manager", 4, 7, ""))
	f.respond(f.thisYear, 3, person("east", "manager", 1, 2, ""))
	viewer, _ := f.signIn()
	this := strconv.FormatInt(f.thisYear.ID, 10)

	api := f.results(f.thisYear, "?by=team")

	req, _ := http.NewRequest("GET", f.server.URL+"/waves/"+this+"/results.xlsx?by=team", nil)
	res, err := viewer.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("results.xlsx: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	book, err := excelize.OpenReader(res.Body)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer book.Close()
	if got, want := book.GetSheetList(), []string{report.SheetHeadline, report.SheetThemes, report.SheetStatements, report.SheetHeatmap, report.SheetTrend}; !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	rows := func(sheet string) [][]string {
		r, err := book.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	// number reads a cell that must hold a number, stored as one.
	number := func(sheet string, row, col int) float64 {
		t.Helper()
		cell, _ := excelize.CoordinatesToCellName(col, row)
		kind, err := book.GetCellType(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := book.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil || (kind != excelize.CellTypeNumber && kind != excelize.CellTypeUnset) {
			t.Fatalf("%s!%s is %q (type %v), not a number", sheet, cell, raw, kind)
		}
		return v
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

	headline := rows(report.SheetHeadline)
	if number(report.SheetHeadline, 2, 2) != float64(api.Responses) {
		t.Errorf("responses published: %v, the API %d", headline[1], api.Responses)
	}
	if len(api.Indicators) == 0 {
		t.Fatal("the API has no indicators")
	}
	for i, ind := range api.Indicators {
		row := headline[2+i]
		switch {
		case row[0] != ind.Title:
			t.Errorf("headline row %d is %q, want %q", i, row[0], ind.Title)
		case ind.Hidden && row[1] != "Withheld":
			t.Errorf("%s is withheld in the API; the workbook has %q", ind.Title, row[1])
		case ind.Value == nil && row[1] != "":
			t.Errorf("%s has no value in the API; the workbook has %q", ind.Title, row[1])
		case ind.Value != nil:
			want := *ind.Value
			if ind.Kind != "mean" && ind.Kind != "enps" {
				want /= 100 // a percentage is stored as a share, shown with the percent format
			}
			if got := number(report.SheetHeadline, 3+i, 2); !near(got, want) {
				t.Errorf("%s: %v in the workbook, %v in the API", ind.Title, got, want)
			}
		}
	}
	for i, th := range api.Themes {
		if got := number(report.SheetThemes, 2+i, 2); !near(got, *th.Score) || rows(report.SheetThemes)[1+i][2] != th.Band {
			t.Errorf("theme %s: %v in the workbook, %v %s in the API", th.Title, got, *th.Score, th.Band)
		}
	}

	heat := rows(report.SheetHeatmap)
	if len(heat) != 2+len(api.Groups) || len(api.Groups) == 0 {
		t.Fatalf("the heatmap sheet has %d rows for %d groups", len(heat), len(api.Groups))
	}
	hidden := 0
	for i, g := range api.Groups {
		row := heat[2+i]
		if row[0] != g.Label {
			t.Fatalf("heatmap row %d is %q, want %q", i, row[0], g.Label)
		}
		if g.Hidden {
			hidden++
			if len(row) != 2 || row[1] != "Fewer than 5 responses" {
				t.Errorf("hidden group %s reads %q in the workbook", g.Label, row)
			}
			continue
		}
		if got := number(report.SheetHeatmap, 3+i, 2); got != float64(*g.Responses) {
			t.Errorf("group %s: %v responses in the workbook, %d in the API", g.Label, got, *g.Responses)
		}
		if got := number(report.SheetHeatmap, 3+i, 3); !near(got, *g.Themes[0].Score) {
			t.Errorf("group %s: score %v in the workbook, %v in the API", g.Label, got, *g.Themes[0].Score)
		}
	}
	if hidden == 0 {
		t.Error("no group is hidden: the fixture proves nothing")
	}
	if trend := rows(report.SheetTrend); len(trend) != 3 || trend[1][0] != "Team check 2025" || trend[2][0] != "Team check 2026" {
		t.Errorf("the trend sheet reads %q", trend)
	}

	if status, _ := f.send(viewer, "GET", "/waves/"+this+"/results.xlsx?by=nonsense", nil); status != http.StatusBadRequest {
		t.Errorf("by=nonsense: %d, want 400", status)
	}
}

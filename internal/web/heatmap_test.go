package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestHeatmapCellsMatchTheAPI reads the heatmap page against the results
// API by team: each shown group's cells are the API's scores and bands, a
// hidden group's row carries no number, and each change is the
// comparison API's.
func TestHeatmapCellsMatchTheAPI(t *testing.T) {
	f := newResultsFixture(t)
	f.respond(f.lastYear, 6, person("north", "worker", 2, 5, ""))
	f.respond(f.lastYear, 6, person("south", "worker", 3, 6, ""))
	f.respond(f.lastYear, 6, person("west", "worker", 4, 6, ""))
	f.respond(f.thisYear, 10, person("north", "worker", 5, 9, ""))
	f.respond(f.thisYear, 7, person("south", "worker", 2, 5, ""))
	f.respond(f.thisYear, 6, person("west", "manager", 4, 7, ""))
	f.respond(f.thisYear, 3, person("east", "manager", 1, 2, ""))
	viewer, _ := f.signIn()
	this, last := strconv.FormatInt(f.thisYear.ID, 10), strconv.FormatInt(f.lastYear.ID, 10)

	api := f.results(f.thisYear, "?by=team")
	var changes struct {
		Groups []struct {
			Label  string `json:"label"`
			Hidden bool   `json:"hidden"`
			Themes []struct {
				Difference  *float64 `json:"difference"`
				Significant bool     `json:"significant"`
				Direction   string   `json:"direction"`
				NotTested   string   `json:"not_tested"`
			} `json:"themes"`
		} `json:"groups"`
	}
	_, body := f.get("/api/v1/waves/"+this+"/compare/"+last+"?by=team", "Bearer "+f.viewer)
	if err := json.Unmarshal([]byte(body), &changes); err != nil {
		t.Fatal(err)
	}

	status, page := f.send(viewer, "GET", "/waves/"+this+"/heatmap?by=team", nil)
	if status != http.StatusOK {
		t.Fatalf("heatmap: %d %s", status, page)
	}
	doc := parsePage(t, page)
	if len(api.Groups) == 0 {
		t.Fatal("the API has no groups")
	}
	shown, hidden, compared := 0, 0, 0
	for _, g := range api.Groups {
		cells, ok := rowCells(doc, g.Label)
		if !ok {
			t.Fatalf("no heatmap row for %s", g.Label)
		}
		if g.Hidden {
			hidden++
			if len(cells) != 1 || cells[0] != "Fewer than 5 responses" {
				t.Errorf("hidden group %s reads %q", g.Label, cells)
			}
			continue
		}
		shown++
		if cells[0] != strconv.Itoa(*g.Responses) {
			t.Errorf("group %s: %s responses on the page, %d in the API", g.Label, cells[0], *g.Responses)
		}
		for i, th := range g.Themes {
			want := strconv.FormatFloat(*th.Score, 'f', 0, 64) + " " + th.Band
			if !strings.HasPrefix(cells[1+i], want) {
				t.Errorf("group %s, theme %s: the page reads %q, the API %s", g.Label, th.ID, cells[1+i], want)
			}
		}
		for i, ind := range g.Indicators {
			cell := cells[1+len(g.Themes)+i]
			want := "–"
			switch {
			case ind.Hidden:
				want = "Withheld"
			case ind.Value != nil && ind.Kind == "mean":
				want = strconv.FormatFloat(*ind.Value, 'f', 1, 64)
			case ind.Value != nil:
				want = strconv.FormatFloat(*ind.Value, 'f', 0, 64) + "%"
			}
			if !strings.HasPrefix(cell, want) {
				t.Errorf("group %s, %s: the page reads %q, the API %s", g.Label, ind.ID, cell, want)
			}
		}
		for _, c := range changes.Groups {
			if c.Label != g.Label || c.Hidden {
				continue
			}
			compared++
			d := c.Themes[0].Difference
			verdict := "No significant change"
			switch {
			case c.Themes[0].NotTested == "no variation in either wave":
				verdict = "Cannot be tested"
			case c.Themes[0].NotTested != "":
				verdict = "Too few answers to test"
			case c.Themes[0].Significant:
				verdict = map[string]string{"improved": "Improved", "worsened": "Worsened"}[c.Themes[0].Direction]
			}
			sign := "+"
			if *d < 0 {
				sign = "−"
			}
			magnitude := strings.TrimPrefix(strconv.FormatFloat(*d, 'f', 0, 64), "-")
			if !strings.Contains(cells[1], sign+magnitude) || !strings.Contains(cells[1], verdict) {
				t.Errorf("group %s: the change is %+.1f (%s) in the API; the page cell reads %q", g.Label, *d, verdict, cells[1])
			}
		}
	}
	if shown == 0 || hidden == 0 || compared == 0 {
		t.Fatalf("the fixture should show some groups, hide some and compare some: %d shown, %d hidden, %d compared", shown, hidden, compared)
	}
	everyone, ok := rowCells(doc, "Everyone")
	if !ok || everyone[0] != strconv.Itoa(api.Responses) || !strings.HasPrefix(everyone[1], strconv.FormatFloat(*api.Themes[0].Score, 'f', 0, 64)+" ") {
		t.Errorf("the whole wave's row reads %q; the API has %d responses, score %.1f", everyone, api.Responses, *api.Themes[0].Score)
	}

	// An empty by is no choice, as on every page: the first breakdown.
	if status, _ := f.send(viewer, "GET", "/waves/"+this+"/heatmap?by=", nil); status != http.StatusOK {
		t.Errorf("heatmap?by=: %d, want 200", status)
	}
	for _, bad := range []string{"?by=nonsense", "?by=team&by=role"} {
		if status, _ := f.send(viewer, "GET", "/waves/"+this+"/heatmap"+bad, nil); status != http.StatusBadRequest {
			t.Errorf("heatmap%s: %d, want 400", bad, status)
		}
	}
	if status, _ := f.send(viewer, "GET", "/waves/999/heatmap", nil); status != http.StatusNotFound {
		t.Errorf("heatmap of no wave: %d, want 404", status)
	}
}

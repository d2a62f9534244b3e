package web

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func TestDriversPage(t *testing.T) {
	f := newResultsFixture(t)
	viewer, _ := f.signIn()
	path := "/waves/" + strconv.FormatInt(f.thisYear.ID, 10) + "/drivers"
	read := func() []string {
		t.Helper()
		status, page := f.send(viewer, "GET", path, nil)
		if status != http.StatusOK {
			t.Fatalf("drivers: %d %s", status, page)
		}
		doc := parsePage(t, page)
		if !strings.Contains(page, "This is association, not cause") && strings.Contains(page, "<table") {
			t.Error("the figures show without the caveat")
		}
		cells, _ := rowCells(doc, "Workloads")
		return cells
	}
	// 20 answered: too few.
	for i := range 20 {
		f.respond(f.thisYear, 1, person("north", "worker", 1+i%5, 2*(i%5)+(i%2), ""))
	}
	if cells := read(); len(cells) != 1 || cells[0] != "Too few answered (20)" {
		t.Errorf("with 20: %q", cells)
	}
	// 35: a strong correlation, manageable and satisfaction rising together.
	for i := range 15 {
		f.respond(f.thisYear, 1, person("south", "worker", 1+i%5, 2*(i%5)+(i%2), ""))
	}
	cells := read()
	if len(cells) != 1 || !strings.HasPrefix(cells[0], "0.9") || !strings.Contains(cells[0], " to ") {
		t.Errorf("with 35: %q", cells)
	}
	// Three more than the publication covers: nothing, until it covers them.
	f.respond(f.thisYear, 3, person("south", "worker", 3, 5, ""))
	if _, page := f.send(viewer, "GET", path, nil); !strings.Contains(page, "waits for a publication that covers all the responses") {
		t.Error("drivers show from responses the publication does not cover")
	}
}

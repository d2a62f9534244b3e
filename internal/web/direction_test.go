package web

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html/atom"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// directionCheck has a negatively worded statement, on which agreeing is
// bad, and the share of caseloads above a safe level, which is better low.
const directionCheck = `id: direction-check
title: Direction check
themes:
  - {id: workload, title: Workloads}
sections:
  - id: s
    title: S
    questions:
      - {id: manageable, type: agreement, text: My workload is manageable., theme: workload}
      - {id: unsafe, type: agreement, text: My workload is unsafe., theme: workload, reverse: true}
      - {id: caseload, type: number, text: "How many cases do you hold?", min: 0, max: 150}
indicators:
  - {id: over-caseload, title: Caseload above the safe level, kind: above, question: caseload, threshold: {default: 15}}
`

// TestDirectionFollowsWhichWayIsBetter moves two figures the wrong way for
// a naive reader: the share of caseloads above the safe level falls from
// 10 of 12 to 2 of 12 (an improvement) and agreement that workload is
// unsafe rises from disagree to agree (a decline, though the agreement
// rose). The API, the comparison page and the board report must call them
// improved and worsened, and list them so.
func TestDirectionFollowsWhichWayIsBetter(t *testing.T) {
	f := newResultsFixture(t)
	src := sourceOf(t, "direction-check.yaml", []byte(directionCheck))
	var err error
	var waves [2]*survey.Wave
	for i, name := range []string{"Direction 2025", "Direction 2026"} {
		if waves[i], err = f.db.OpenWave(context.Background(), store.NewWave{Source: src, Name: name, Access: survey.AccessLink, Headcount: 20}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 12 {
		manageable := 3 + i%2
		before, after := 20, 10 // cases: above 15 for 10 of 12, then for 2
		if i >= 10 {
			before, after = 10, 20
		}
		f.respond(waves[0], 1, `{"manageable": `+strconv.Itoa(manageable)+`, "unsafe": `+strconv.Itoa(1+i%2)+`, "caseload": `+strconv.Itoa(before)+`}`)
		f.respond(waves[1], 1, `{"manageable": `+strconv.Itoa(manageable)+`, "unsafe": `+strconv.Itoa(4+i%2)+`, "caseload": `+strconv.Itoa(after)+`}`)
	}

	type movement struct {
		ID          string   `json:"id"`
		P           *float64 `json:"p"`
		PAdjusted   *float64 `json:"p_adjusted"`
		Family      string   `json:"family"`
		Significant bool     `json:"significant"`
		Better      string   `json:"better"`
		Direction   string   `json:"direction"`
	}
	var api struct {
		Indicators []movement `json:"indicators"`
		Questions  []movement `json:"questions"`
	}
	status, body := f.get("/api/v1/waves/"+strconv.FormatInt(waves[1].ID, 10)+"/compare/"+strconv.FormatInt(waves[0].ID, 10), "Bearer "+f.viewer)
	if status != 200 {
		t.Fatalf("compare API: %d %s", status, body)
	}
	if err := json.Unmarshal([]byte(body), &api); err != nil {
		t.Fatal(err)
	}
	byID := map[string]movement{}
	for _, m := range append(api.Indicators, api.Questions...) {
		byID[m.ID] = m
	}
	for id, want := range map[string]movement{
		"over-caseload": {Family: "primary", Significant: true, Better: "lower", Direction: "improved"},
		"caseload":      {Family: "secondary", Significant: true, Better: "lower", Direction: "improved"},
		"unsafe":        {Family: "secondary", Significant: true, Better: "higher", Direction: "worsened"},
		"manageable":    {Family: "secondary", Significant: false, Better: "higher", Direction: "unchanged"},
	} {
		got := byID[id]
		if got.P == nil || got.PAdjusted == nil || *got.PAdjusted < *got.P || got.Family != want.Family || got.Significant != want.Significant || got.Better != want.Better || got.Direction != want.Direction {
			t.Errorf("API %s: %+v, want %+v", id, got, want)
		}
	}

	viewer, _ := f.signIn()
	for _, path := range []string{"/surveys/direction-check/compare", "/surveys/direction-check/report"} {
		t.Run(path, func(t *testing.T) {
			status, page := f.send(viewer, "GET", path, nil)
			if status != 200 {
				t.Fatalf("GET %s: %d", path, status)
			}
			doc := parsePage(t, page)
			cells, ok := rowCells(doc, "Caseload above the safe level")
			if !ok || !strings.Contains(strings.Join(cells, " | "), "▼ Improved (p = ") {
				t.Errorf("the caseload share's row: %q", cells)
			}
			// The statement's own row: marked as negatively worded, 100%
			// agree and 0% favourable in the later year, and worsened: its score
			// (higher when better) fell.
			statement := ""
			for n := range doc.Descendants() {
				if n.DataAtom == atom.Th && strings.HasPrefix(textOf(n), "My workload is unsafe. ") {
					statement = textOf(n)
				}
			}
			if !strings.Contains(statement, "egatively worded") {
				t.Errorf("the negatively worded statement is not marked: %q", statement)
			}
			cells, _ = rowCells(doc, statement)
			if joined := strings.Join(cells, " | "); !strings.Contains(joined, "▼ Worsened (p ") || !strings.HasSuffix(joined, "| 100% | 0%") {
				t.Errorf("the negatively worded statement's row: %q", cells)
			}
			// Among the biggest moves it is a decline, never an improvement.
			if got := headingAbove(doc, "My workload is unsafe. (negatively worded: its score rises as fewer agree)"); got != "Declines" {
				t.Errorf("the statement is listed under %q, want Declines", got)
			}
			if strings.Contains(textOf(doc), "Significant rise") || strings.Contains(textOf(doc), "Significant fall") {
				t.Error("a verdict reads rise or fall, not improved or worsened")
			}
		})
	}
}

package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/action"
	"github.com/sayso/sayso/internal/survey"
)

func TestActionsAreStoredListedChangedAndDeleted(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	first, second := openWave(t, db, survey.AccessLink), openWave(t, db, survey.AccessLink)
	mk := func(waveID int64, title, due string, published bool) *action.Action {
		a := &action.Action{WaveID: waveID, Theme: "workload", Title: title, StaffSaid: "said", WeDid: "did", Owner: "PSW", Status: action.Planned, Due: due, Published: published}
		if err := db.CreateAction(ctx, a); err != nil {
			t.Fatal(err)
		}
		if a.ID == 0 || a.CreatedAt == "" || a.UpdatedAt != a.CreatedAt {
			t.Fatalf("created: %+v", a)
		}
		return a
	}
	undated := mk(first.ID, "Undated", "", true)
	later := mk(first.ID, "Later", "2027-06-30", false)
	sooner := mk(first.ID, "Sooner", "2027-01-31", true)
	newest := mk(second.ID, "Next year's", "", true)

	titles := func(f ActionFilter) []string {
		list, err := db.Actions(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range list {
			out = append(out, a.Title)
		}
		return out
	}
	for name, c := range map[string]struct {
		filter ActionFilter
		want   []string
	}{
		"all, newest wave first, then by due day": {ActionFilter{}, []string{"Next year's", "Sooner", "Later", "Undated"}},
		"one wave":               {ActionFilter{WaveID: first.ID}, []string{"Sooner", "Later", "Undated"}},
		"published only":         {ActionFilter{PublishedOnly: true}, []string{"Next year's", "Sooner", "Undated"}},
		"one wave, published":    {ActionFilter{WaveID: first.ID, PublishedOnly: true}, []string{"Sooner", "Undated"}},
		"a wave with no actions": {ActionFilter{WaveID: 999}, nil},
	} {
		if got := titles(c.filter); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", name, got, c.want)
		}
	}

	later.Status, later.Published, later.WeDid = action.Done, true, "Done: <b>two</b> new posts"
	if err := db.UpdateAction(ctx, later); err != nil {
		t.Fatal(err)
	}
	got, err := db.Action(ctx, later.ID)
	if err != nil || got.Status != action.Done || !got.Published || got.WeDid != "Done: <b>two</b> new posts" || got.CreatedAt != later.CreatedAt {
		t.Errorf("updated: %+v, %v", got, err)
	}

	if err := db.DeleteAction(ctx, sooner.ID); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"read a deleted one":   func() error { _, err := db.Action(ctx, sooner.ID); return err }(),
		"delete it again":      db.DeleteAction(ctx, sooner.ID),
		"update a missing one": db.UpdateAction(ctx, &action.Action{ID: 999, WaveID: first.ID, Theme: later.Theme, Question: later.Question, Title: "Gone", StaffSaid: "s", WeDid: "w", Owner: "o", Status: action.Done}),
	} {
		if survey.Code(err) != survey.ErrNotFound {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := db.CreateAction(ctx, &action.Action{WaveID: 999, Title: "x", Status: action.Planned}); survey.Code(err) != survey.ErrInvalid {
		t.Errorf("an action of no wave: %v", err)
	}
	before, _ := db.Actions(ctx, ActionFilter{})
	long := &action.Action{WaveID: first.ID, Theme: later.Theme, Question: later.Question, Title: strings.Repeat("t", action.MaxTitle+1), StaffSaid: "s", WeDid: "w", Owner: "o", Status: action.Planned}
	if fields := survey.Fields(db.CreateAction(ctx, long)); len(fields) != 1 || fields[0].Field != "title" {
		t.Errorf("a title over the limit given to the store: %+v", fields)
	}
	if after, _ := db.Actions(ctx, ActionFilter{}); len(after) != len(before) {
		t.Errorf("the store kept an action over its limits: %d actions, were %d", len(after), len(before))
	}
	if len(titles(ActionFilter{})) != 3 || undated.ID == newest.ID {
		t.Error("the failed writes changed what is stored")
	}
}

func TestAWaveMayOpenOnAPastDayOnly(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	w, err := db.OpenWave(ctx, NewWave{Source: shipped(t, "pulse"), Name: "Pulse 2024", Access: survey.AccessLink, OpenedOn: "2024-10-01"})
	if err != nil || w.OpenedOn != "2024-10-01" {
		t.Fatalf("a past wave: %+v, %v", w, err)
	}
	for _, day := range []string{"2999-01-01", "2024-02-30", "yesterday"} {
		if _, err := db.OpenWave(ctx, NewWave{Source: shipped(t, "pulse"), Name: "Pulse", Access: survey.AccessLink, OpenedOn: day}); survey.Code(err) != survey.ErrInvalid {
			t.Errorf("opened on %q: %v", day, err)
		}
	}
}

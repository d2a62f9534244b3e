package results

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/submission"
	"github.com/sayso/sayso/internal/survey"
)

type serviceFixture struct {
	t     *testing.T
	path  string
	db    *store.DB
	svc   *Service
	wave  *survey.Wave
	entry *store.Entry
}

func newServiceFixture(t *testing.T) *serviceFixture {
	t.Helper()
	f := &serviceFixture{t: t, path: filepath.Join(t.TempDir(), "results.db")}
	f.open()
	def := scoredDef(t)
	var err error
	f.wave, err = f.db.OpenWave(context.Background(), store.NewWave{
		Source: &survey.Source{File: survey.File{Name: "scored.yaml", Data: []byte(scoredDefinition)}, Definition: def},
		Name:   "Check 2026", Access: survey.AccessLink, Headcount: 20,
	})
	if err != nil {
		t.Fatal(err)
	}
	f.enter()
	return f
}

func (f *serviceFixture) open() {
	var err error
	if f.db, err = store.Open(context.Background(), f.path); err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { f.db.Close() })
	f.svc = NewService(f.db)
}

func (f *serviceFixture) enter() {
	var err error
	if f.entry, err = f.db.Enter(context.Background(), f.wave.LinkCode); err != nil {
		f.t.Fatal(err)
	}
}

// submit stores n responses from children's workers in team a.
func (f *serviceFixture) submit(db *store.DB, n int, comment string) {
	f.t.Helper()
	submissions := submission.New(db)
	for range n {
		if err := submissions.Submit(context.Background(), submission.Response{Entry: f.entry, Answers: scored(person{"a", "worker", "children", "no"}, 4, 7, comment)}); err != nil {
			f.t.Fatal(err)
		}
	}
}

func (f *serviceFixture) results(by ...string) *WaveResults {
	f.t.Helper()
	r, err := f.svc.Results(context.Background(), f.wave.ID, by)
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

func TestResultsMoveOnlyInStepsOfK(t *testing.T) {
	f := newServiceFixture(t)
	f.submit(f.db, 3, "")
	if r := f.results(); !r.Hidden || r.Responses != 0 || r.Received != 3 || r.Withheld != 3 || r.Publication != nil || r.Questions != nil {
		t.Fatalf("3 responses: %+v", r)
	}
	f.submit(f.db, 1, "")
	if r := f.results(); r.Responses != 0 || r.Received != 4 {
		t.Errorf("4 responses (fewer than k) are published: %d", r.Responses)
	}
	f.submit(f.db, 1, "")
	first := f.results()
	if first.Hidden || first.Responses != 5 || *first.ResponseRate != 5.0/20 || first.Publication.Seq != 1 || !first.Publication.Interim {
		t.Fatalf("at k: %d responses, rate %v, publication %+v", first.Responses, *first.ResponseRate, first.Publication)
	}
	f.submit(f.db, 4, "")
	again := f.results()
	if again.Received != 9 || again.Withheld != 4 {
		t.Errorf("4 more: %d received, %d withheld", again.Received, again.Withheld)
	}
	before, _ := json.Marshal(first.Results)
	after, _ := json.Marshal(again.Results)
	if string(before) != string(after) {
		t.Error("a view after fewer than k new responses differs from the one before")
	}
	f.submit(f.db, 1, "")
	if r := f.results(); r.Responses != 10 || r.Publication.Seq != 2 {
		t.Errorf("after k new responses the view shows %d, want 10", r.Responses)
	}
}

func TestPublishedResultsSurviveARestart(t *testing.T) {
	f := newServiceFixture(t)
	f.submit(f.db, 6, "")
	if r := f.results(); r.Responses != 6 {
		t.Fatalf("%d responses", r.Responses)
	}
	f.submit(f.db, 3, "")
	f.db.Close()
	f.open()
	f.enter()
	if r := f.results(); r.Responses != 6 {
		t.Errorf("after a restart with 3 new responses, the view shows %d, want the published 6", r.Responses)
	}
	f.submit(f.db, 2, "")
	if r := f.results(); r.Responses != 11 {
		t.Errorf("after 5 new responses in all, the view shows %d, want 11", r.Responses)
	}
}

// After a restart the ledger is read back, and counting goes on.
func TestCountingGoesOnAfterARestart(t *testing.T) {
	f := newServiceFixture(t)
	f.submit(f.db, 6, "")
	f.results()
	f.db.Close()
	f.open()
	f.enter()
	if r := f.results(); r.Responses != 6 {
		t.Fatalf("after a restart the view shows %d, want 6", r.Responses)
	}
	f.submit(f.db, 5, "Fewer forms")
	r := f.results()
	if q := find(r.Questions, func(q Question) string { return q.ID }, "manageable"); r.Responses != 11 || q.Answered != 11 || q.Buckets[3].Count != 11 {
		t.Errorf("after 5 more: %d responses, manageable %+v", r.Responses, q)
	}
	if c, err := f.svc.Comments(context.Background(), f.wave.ID); err != nil || len(c.Comments) != 5 {
		t.Errorf("comments: %v %+v", err, c)
	}
}

func TestResponsesStoredByAnotherProcessAreCounted(t *testing.T) {
	f := newServiceFixture(t)
	f.submit(f.db, 6, "")
	f.results()
	other, err := store.Open(context.Background(), f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	f.submit(other, 7, "")
	f.submit(f.db, 1, "") // this process's hook sees position 14 after 6: a gap
	r := f.results()
	if r.Responses != 14 {
		t.Errorf("the view shows %d responses, want all 14", r.Responses)
	}
	if q := find(r.Questions, func(q Question) string { return q.ID }, "manageable"); q.Answered != 14 || q.Buckets[3].Count != 14 {
		t.Errorf("manageable counted %d answers: %+v", q.Answered, q.Buckets)
	}
}

func TestResultsRefuseUndeclaredBreakdowns(t *testing.T) {
	f := newServiceFixture(t)
	f.submit(f.db, 6, "")
	for _, by := range [][]string{{"satisfaction"}, {"team", "role"}, {"nothing"}} {
		if _, err := f.svc.Results(context.Background(), f.wave.ID, by); survey.Code(err) != survey.ErrInvalid {
			t.Errorf("by %v: %v", by, err)
		}
	}
	if r := f.results("role", "service"); len(r.Groups) != 9 || fmt.Sprint(r.Breakdown) != "[service role]" {
		t.Errorf("the declared pair in either order: %v %d groups", r.Breakdown, len(r.Groups))
	}
	if _, err := f.svc.Results(context.Background(), 999, nil); survey.Code(err) != survey.ErrNotFound {
		t.Errorf("a missing wave: %v", err)
	}
}

func TestCommentsFollowThePublishedResults(t *testing.T) {
	f := newServiceFixture(t)
	f.submit(f.db, 4, "Too many cases")
	c, err := f.svc.Comments(context.Background(), f.wave.ID)
	if err != nil || !c.Hidden || len(c.Comments) != 0 {
		t.Fatalf("4 responses: %+v %v", c, err)
	}
	f.submit(f.db, 5, "More supervision, call 07700 900123")
	c, _ = f.svc.Comments(context.Background(), f.wave.ID)
	masked := 0
	for _, cm := range c.Comments {
		if cm.Text == "More supervision, call [phone number removed]" {
			masked++
		}
	}
	if c.Hidden || len(c.Comments) != 9 || masked != 5 {
		t.Fatalf("after k more: %d comments, %d masked: %+v", len(c.Comments), masked, c.Comments)
	}
	f.submit(f.db, 1, "A new comment")
	c, _ = f.svc.Comments(context.Background(), f.wave.ID)
	for _, cm := range c.Comments {
		if cm.Text == "A new comment" {
			t.Error("a comment appeared after fewer than k new responses")
		}
	}
}

// A wave that closes with fewer than k responses since its last
// publication gets a final publication all the same, of the figures already
// shown; the late few stay withheld.
func TestAClosedWaveIsFinalWithItsLateFewWithheld(t *testing.T) {
	f := newServiceFixture(t)
	f.submit(f.db, 6, "")
	if r := f.results(); r.Publication == nil || !r.Publication.Interim {
		t.Fatalf("6 responses: %+v", r.Publication)
	}
	f.submit(f.db, 2, "")
	if err := f.db.CloseWave(context.Background(), f.wave.ID); err != nil {
		t.Fatal(err)
	}
	r := f.results()
	if r.Publication == nil || r.Publication.Interim || r.Publication.Seq != 2 || r.Responses != 6 || r.Withheld != 2 {
		t.Errorf("closed with 2 late: publication %+v, %d shown, %d withheld", r.Publication, r.Responses, r.Withheld)
	}
	if again := f.results(); again.Publication.Seq != 2 {
		t.Errorf("a second look made publication %d", again.Publication.Seq)
	}
}

// TestAComparisonIsMadeOncePerPairOfPublications asks for the same
// comparison twice and gets the one made first; a new publication of
// either wave makes a new one, so the cache never shows an old one.
func TestAComparisonIsMadeOncePerPairOfPublications(t *testing.T) {
	f := newServiceFixture(t)
	ctx := context.Background()
	earlier, earlierEntry := f.wave, f.entry
	later, err := f.db.OpenWave(ctx, store.NewWave{
		Source: &survey.Source{File: survey.File{Name: "scored.yaml", Data: []byte(scoredDefinition)}, Definition: earlier.Definition},
		Name:   "Check 2027", Access: survey.AccessLink, Headcount: 20,
	})
	if err != nil {
		t.Fatal(err)
	}
	f.submit(f.db, 5, "")
	f.wave = later
	f.enter()
	f.submit(f.db, 5, "")
	compare := func() *WaveComparison {
		t.Helper()
		c, err := f.svc.Compare(ctx, earlier.ID, later.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	first, again := compare(), compare()
	if len(first.Themes) == 0 || len(again.Themes) == 0 {
		t.Fatalf("the comparison has no themes to share: %+v", first)
	}
	if &first.Themes[0] != &again.Themes[0] || first.LaterResponses != 5 || first.EarlierResponses != 5 {
		t.Errorf("asked twice, the comparison was made again, or compares %d with %d", first.EarlierResponses, first.LaterResponses)
	}
	f.submit(f.db, 5, "")
	if c := compare(); c.LaterResponses != 10 || c.EarlierResponses != 5 {
		t.Errorf("after the later wave's new publication the comparison is of %d and %d responses, want 5 and 10", c.EarlierResponses, c.LaterResponses)
	}
	f.wave, f.entry = earlier, earlierEntry
	f.submit(f.db, 5, "")
	if c := compare(); c.LaterResponses != 10 || c.EarlierResponses != 10 {
		t.Errorf("after the earlier wave's new publication the comparison is of %d and %d responses, want 10 and 10", c.EarlierResponses, c.LaterResponses)
	}
}

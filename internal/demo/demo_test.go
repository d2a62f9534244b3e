package demo

import (
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/submission"
	"github.com/sayso/sayso/internal/survey"
	"github.com/sayso/sayso/surveys"
)

var seededAt = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func seeded(t *testing.T, seed uint64) (*store.DB, *Summary) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	catalogue, err := survey.ReadDir(surveys.FS, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Seed(ctx, db, catalogue, seed, seededAt)
	if err != nil {
		t.Fatal(err)
	}
	return db, sum
}

// stored is every wave's name, dates and sorted stored answers: what the
// demo made, whatever order the responses were committed in.
func stored(t *testing.T, db *store.DB) []string {
	t.Helper()
	ctx := context.Background()
	waves, err := db.Waves(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, w := range waves {
		var answers []string
		if _, err := db.ReadResponses(ctx, w.ID, func(a []byte) error { answers = append(answers, string(a)); return nil }); err != nil {
			t.Fatal(err)
		}
		slices.Sort(answers)
		out = append(out, w.Name+" "+w.OpenedOn+" "+string(w.Status(seededAt)))
		out = append(out, answers...)
	}
	return out
}

func TestDemoIsTheSameForTheSameSeed(t *testing.T) {
	first, _ := seeded(t, 7)
	again, _ := seeded(t, 7)
	other, _ := seeded(t, 8)
	a, b, c := stored(t, first), stored(t, again), stored(t, other)
	if !slices.Equal(a, b) {
		t.Error("the same seed made different data")
	}
	if slices.Equal(a, c) {
		t.Error("another seed made the same data")
	}
}

func TestDemoTellsAStoryWorthShowing(t *testing.T) {
	db, sum := seeded(t, 1)
	ctx := context.Background()
	if len(sum.Waves) != 4 || sum.Actions == 0 {
		t.Fatalf("summary: %+v", sum)
	}
	for i, w := range sum.Waves[:3] {
		if w.Responses < 120 || w.Responses > 180 || w.Open || w.Survey != "health-check" {
			t.Errorf("yearly wave %d: %+v", i, w)
		}
		if got, _ := db.CountResponses(ctx, w.ID); got != w.Responses {
			t.Errorf("%s: %d stored, %d said", w.Name, got, w.Responses)
		}
	}
	if pulse := sum.Waves[3]; !pulse.Open || pulse.Survey != "pulse" || pulse.LinkCode == "" {
		t.Errorf("pulse wave: %+v", pulse)
	}
	svc := results.NewService(db)
	c, err := svc.Compare(ctx, sum.Waves[1].ID, sum.Waves[2].ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	moves := map[string]float64{}
	for _, th := range c.Themes {
		if th.Significant {
			moves[th.ID] = *th.Difference
		}
	}
	if moves["workloads"] <= 0 || moves["supervision"] >= 0 {
		t.Errorf("the last year should see workloads rise and supervision fall, significantly: %v", moves)
	}
	if _, flat := moves["registration"]; flat {
		t.Errorf("registration should hold steady: %v", moves)
	}
	r, err := svc.Results(ctx, sum.Waves[2].ID, []string{"team"})
	if err != nil {
		t.Fatal(err)
	}
	hidden, shown := 0, 0
	for _, g := range r.Groups {
		if g.Hidden {
			hidden++
		} else {
			shown++
		}
	}
	if hidden == 0 || shown < 5 {
		t.Errorf("teams: %d hidden, %d shown; the demo should show both", hidden, shown)
	}
	comments, err := svc.Comments(ctx, sum.Waves[2].ID)
	if err != nil || len(comments.Comments) < 20 {
		t.Errorf("comments: %v, %v", comments, err)
	}
}

func TestDemoRefusesADatabaseInUse(t *testing.T) {
	db, _ := seeded(t, 1)
	catalogue, _ := survey.ReadDir(surveys.FS, "surveys")
	before := stored(t, db)
	if _, err := Seed(context.Background(), db, catalogue, 2, seededAt); survey.Code(err) != survey.ErrConflict {
		t.Errorf("seeding a database with waves: %v", err)
	}
	if !slices.Equal(before, stored(t, db)) {
		t.Error("the refused seed changed the database")
	}
}

// TestDemoActionsAgreeWithTheSurvey holds the caseload cap the demo's
// actions name to the safe levels the health check counts caseloads
// against: a cap above the safe level would contradict the survey.
func TestDemoActionsAgreeWithTheSurvey(t *testing.T) {
	catalogue, err := survey.ReadDir(surveys.FS, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	src, ok := catalogue.Survey("health-check")
	if !ok {
		t.Fatal("the health check is not shipped")
	}
	var threshold *survey.Threshold
	for _, ind := range src.Definition.Indicators {
		if ind.Question == "caseload" && ind.Threshold != nil {
			threshold = ind.Threshold
		}
	}
	if threshold == nil {
		t.Fatal("the health check counts no caseload over a safe level")
	}
	capText := regexp.MustCompile(`cap of (\d+) children for experienced social workers and (\d+) in the ASYE`)
	var caps int
	for _, wave := range actionsAfter {
		for _, a := range wave {
			m := capText.FindStringSubmatch(a.WeDid)
			if m == nil {
				continue
			}
			caps++
			if experienced, _ := strconv.ParseFloat(m[1], 64); experienced != threshold.Default {
				t.Errorf("%q: a cap of %s for experienced staff, but the survey's safe level is %v", a.Title, m[1], threshold.Default)
			}
			if asye, _ := strconv.ParseFloat(m[2], 64); asye != threshold.For("asye") {
				t.Errorf("%q: a cap of %s in the ASYE, but the survey's safe level is %v", a.Title, m[2], threshold.For("asye"))
			}
		}
	}
	if caps == 0 {
		t.Error("no demo action names the caseload cap")
	}
}

// TestDemoResponsesGoThroughTheOneSubmission gives the demo's way of
// answering answers the API and the form refuse (internal/web's
// TestTheAPIAndTheFormRefuseTheSameAnswers): it meets the same errors,
// and nothing is stored.
func TestDemoResponsesGoThroughTheOneSubmission(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	catalogue, err := survey.ReadDir(surveys.FS, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	pulse, _ := catalogue.Survey("pulse")
	w, err := db.OpenWave(ctx, store.NewWave{Source: pulse, Name: "Pulse", Access: survey.AccessLink})
	if err != nil {
		t.Fatal(err)
	}
	bad := survey.Answers{"workload-manageable": {Number: 9}, "role": {Text: "juggler"}}
	_, want := w.Definition.CheckResponse(bad)
	if len(want) == 0 {
		t.Fatal("the answers pass the check")
	}
	err = respond(ctx, db, submission.New(db), w, []survey.Answers{bad})
	var got survey.AnswerErrors
	if !errors.As(err, &got) || !slices.Equal(got, want) {
		t.Errorf("the demo's response is refused with %v, want %v", err, want)
	}
	if n, _ := db.CountResponses(ctx, w.ID); n != 0 {
		t.Errorf("%d responses stored from bad answers", n)
	}
}

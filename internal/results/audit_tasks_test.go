package results

import (
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/sayso/sayso/internal/survey"
	"github.com/sayso/sayso/surveys"
)

// TestSettleAllMatchesOneAfterTheOther checks that settling the questions'
// and themes' systems on forks, in parallel, withholds exactly what
// settling them one after the other does, over small random health-check
// waves after an interim publication: waves where questions withhold
// groups, and themes' statements, so that the forks' work is redone.
func TestSettleAllMatchesOneAfterTheOther(t *testing.T) {
	cat, err := survey.ReadDir(surveys.FS, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	src, _ := cat.Survey("health-check")
	def := src.Definition
	rng := rand.New(rand.NewPCG(7, 11))
	compared, resized, statements := 0, 0, 0
	for range 12 {
		n := 15 + rng.IntN(60)
		live := NewWaveTally(def)
		var ledger []*Publication
		for i := range n {
			live.Add(def, randomAnswers(def, rng))
			if i+1 == n/2 {
				if p := Publish(Input{Def: def, Ledger: ledger, Live: live, Today: "2026-06-01"}); p != nil {
					ledger = append(ledger, p)
				}
			}
		}
		in := Input{Def: def, Ledger: ledger, Live: live, Final: true, Today: "2026-06-02"}
		parallel, ok1 := prepare(in)
		serial, ok2 := prepare(in)
		if !ok1 || !ok2 {
			continue
		}
		serial.resized = false
		settledParallel := parallel.settleAll(append(parallel.questionTasks(), parallel.themeTasks()...))
		settledSerial := true
		for _, task := range append(serial.questionTasks(), serial.themeTasks()...) {
			settledSerial = settledSerial && task.settle(serial)
		}
		if settledParallel != settledSerial {
			t.Fatalf("%d responses: settled in parallel %v, one after the other %v", n, settledParallel, settledSerial)
		}
		got, want := withheldFigures(parallel), withheldFigures(serial)
		if !slices.Equal(got, want) {
			t.Fatalf("%d responses: in parallel withheld %v\none after the other %v", n, got, want)
		}
		compared++
		if serial.resized {
			resized++
		}
		if slices.ContainsFunc(serial.withheld, func(ref rowRef) bool {
			q, ok := def.Question(ref.question)
			return ok && q.Theme != ""
		}) {
			statements++
		}
	}
	if compared < 10 || resized == 0 || statements == 0 {
		t.Fatalf("compared %d waves, %d of them withholding a group within a question, %d a theme's statement: the waves test too little", compared, resized, statements)
	}
}

// withheldFigures lists what the audit's new publication withholds, and
// the groups it shows.
func withheldFigures(a *audit) []string {
	p := a.pubs[len(a.pubs)-1]
	var out []string
	for _, key := range slices.Sorted(maps.Keys(p.Groups)) {
		out = append(out, "group "+key)
	}
	tallies := map[string]*Tally{"": p.Whole}
	maps.Copy(tallies, p.Groups)
	for key, t := range tallies {
		for id, withheld := range t.Suppressed {
			if withheld {
				out = append(out, key+" question "+id)
			}
		}
		for id, withheld := range t.SuppressedIndicators {
			if withheld {
				out = append(out, key+" indicator "+id)
			}
		}
	}
	slices.Sort(out)
	return out
}

package report

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/survey"
)

// messagesYAML has teams and roles named so that no label is part of
// another, two themes, and every kind of figure a key message reads.
var messagesYAML = sharedFixture("messages.yaml")

// randomWave publishes a random population: team sizes from 0 to 12, some
// teams far below the others, some people skipping questions.
func randomWave(t *testing.T, def *survey.Definition, rng *rand.Rand) *results.Publication {
	t.Helper()
	live := results.NewWaveTally(def)
	teams, roles := []string{"alder", "birch", "cedar", "damson"}, []string{"worker", "manager"}
	for _, team := range teams {
		low := rng.IntN(3) == 0
		for range rng.IntN(13) {
			a := survey.Answers{"team": {Text: team}, "role": {Text: roles[rng.IntN(2)]}}
			for _, q := range []string{"manageable", "supported"} {
				if rng.IntN(6) == 0 {
					continue
				}
				v := 3 + rng.IntN(3)
				if low {
					v = 1 + rng.IntN(2)
				}
				a[q] = survey.Answer{Number: float64(v)}
			}
			a["satisfaction"] = survey.Answer{Number: float64(rng.IntN(11))}
			a["caseload"] = survey.Answer{Number: float64(5 + rng.IntN(20))}
			a["hours"] = survey.Answer{Number: float64(30 + rng.IntN(20))}
			live.Add(def, a)
		}
	}
	return results.Publish(results.Input{Def: def, Live: live, Final: true, Today: "2026-12-01"})
}

// TestKeyMessagesNeverNameAHiddenGroup publishes random populations, two
// waves each, and reads their key messages: every group a message names
// is shown, and no hidden group is named at all.
func TestKeyMessagesNeverNameAHiddenGroup(t *testing.T) {
	def, err := survey.Parse("messages.yaml", []byte(messagesYAML))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(18, 2026))
	named, hiddenSeen := 0, 0
	for population := range 60 {
		earlier, later := randomWave(t, def, rng), randomWave(t, def, rng)
		whole := results.Build(def, later, results.NoBreakdown)
		var groups []results.Results
		shown, hidden := map[string]bool{}, map[string]bool{}
		for b := range def.Breakdowns {
			r := results.Build(def, later, b)
			groups = append(groups, r)
			for _, g := range r.Groups {
				if g.Hidden {
					hidden[g.Label] = true
				} else {
					shown[g.Label] = true
				}
			}
		}
		var change *results.Comparison
		if c, err := results.Compare(results.WaveData{Def: def, Pub: earlier}, results.WaveData{Def: def, Pub: later}, nil); err == nil {
			change = &c
		}
		messages := KeyMessages(def, whole, groups, "last year", change)
		if !whole.Hidden && len(messages) == 0 {
			t.Errorf("population %d: a wave of %d responses has no key message", population, whole.Responses)
		}
		for label := range hidden {
			hiddenSeen++
			for _, m := range messages {
				if strings.Contains(m.Text, label+":") {
					t.Errorf("population %d: hidden group %q is named: %q", population, label, m.Text)
				}
			}
		}
		for _, m := range messages {
			if m.Kind != "group" {
				continue
			}
			named++
			label, _, _ := strings.Cut(m.Text, ":")
			if !shown[label] {
				t.Errorf("population %d: a message names %q, which is not a shown group: %q", population, label, m.Text)
			}
		}
	}
	if named == 0 || hiddenSeen == 0 {
		t.Fatalf("the populations never named a group (%d) or never hid one (%d): the test proves nothing", named, hiddenSeen)
	}
}

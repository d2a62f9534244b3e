package results

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/sayso/sayso/internal/survey"
	"github.com/sayso/sayso/surveys"
)

// nullWave is one made-up year of the health check: each person has a
// general mood that colours every answer, so items are correlated as real
// ones are, and show_if questions are asked only of whom they name.
func nullWave(def *survey.Definition, rng *rand.Rand, n int) []survey.Answers {
	people := make([]survey.Answers, n)
	for i := range people {
		mood := rng.NormFloat64()
		a := survey.Answers{}
		for _, q := range def.Questions() {
			if c := q.ShowIf; c != nil && segmentValue(a, c.Question) != c.Value {
				continue
			}
			if !q.Required && !q.Segment && rng.Float64() < 0.05 {
				continue
			}
			switch q.Type {
			case survey.Agreement:
				a[q.ID] = survey.Answer{Number: math.Round(clampTo(3+0.9*mood+0.9*rng.NormFloat64(), 1, 5))}
			case survey.Scale:
				a[q.ID] = survey.Answer{Number: math.Round(clampTo(q.Min+(q.Max-q.Min)*(0.6+0.15*mood+0.15*rng.NormFloat64()), q.Min, q.Max))}
			case survey.Number:
				a[q.ID] = survey.Answer{Number: math.Round(clampTo(15-3*mood+4*rng.NormFloat64(), q.Min, q.Max))}
			case survey.YesNo:
				a[q.ID] = survey.Answer{Yes: mood+rng.NormFloat64() > 0}
			case survey.Choice:
				a[q.ID] = survey.Answer{Text: q.Options[rng.IntN(len(q.Options))].Value}
			case survey.MultiChoice:
				var chosen []string
				for _, o := range q.Options {
					if rng.Float64() < 0.3 {
						chosen = append(chosen, o.Value)
					}
				}
				if len(chosen) > 0 {
					a[q.ID] = survey.Answer{Choices: chosen}
				}
			}
		}
		people[i] = a
	}
	return people
}

func clampTo(v, low, high float64) float64 { return math.Max(low, math.Min(high, v)) }

// TestNullSplitsStayNearFivePercent splits one year's responses at random
// into two "years" again and again. Nothing changed between them, so any
// change the comparison (the board report's figures: headline figures,
// themes, statements, other questions) calls significant is chance. Before
// correction most splits show at least one; after it, about one in twenty
// at most, as Holm (family-wise) and Benjamini–Hochberg (which under no
// change at all is family-wise too) promise.
func TestNullSplitsStayNearFivePercent(t *testing.T) {
	cat, err := survey.ReadDir(surveys.FS, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	src, ok := cat.Survey("health-check")
	if !ok {
		t.Fatal("no shipped health check")
	}
	def := src.Definition
	rng := rand.New(rand.NewPCG(14, 2026))
	wave := nullWave(def, rng, 160)
	const splits = 300
	raw, corrected, tests := 0, 0, 0
	byFamily := map[Family]int{}
	for range splits {
		order := rng.Perm(len(wave))
		first, second := NewTally(), NewTally()
		for i, person := range order {
			if i < len(wave)/2 {
				first.Add(def, wave[person])
			} else {
				second.Add(def, wave[person])
			}
		}
		c, err := Compare(WaveData{def, &Publication{Responses: first.Responses, Whole: first}}, WaveData{def, &Publication{Responses: second.Responses, Whole: second}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		primary, secondary := c.ComparedFigures.movements()
		anyRaw, anyCorrected := false, false
		inFamily := map[Family]bool{}
		for _, m := range append(primary, secondary...) {
			if m.P == nil {
				continue
			}
			tests++
			anyRaw = anyRaw || *m.P < Alpha
			anyCorrected = anyCorrected || m.Significant
			inFamily[m.Family] = inFamily[m.Family] || m.Significant
			if m.Significant != (*m.PAdjusted < Alpha) || *m.PAdjusted < *m.P {
				t.Fatalf("a label does not follow its adjusted p: %+v", m)
			}
		}
		for family, any := range inFamily {
			if any {
				byFamily[family]++
			}
		}
		if anyRaw {
			raw++
		}
		if anyCorrected {
			corrected++
		}
	}
	if tests < splits*50 {
		t.Fatalf("only %d tests in %d splits: the simulation tests too little", tests, splits)
	}
	rawRate, correctedRate := float64(raw)/splits, float64(corrected)/splits
	t.Logf("%d splits, %d tests each: any raw p < 0.05 in %.1f%%, any significant after correction in %.1f%% (primary %.1f%%, secondary %.1f%%)",
		splits, tests/splits, 100*rawRate, 100*correctedRate, 100*float64(byFamily[Primary])/splits, 100*float64(byFamily[Secondary])/splits)
	// Each family holds its own chance of any false label to 5%, so the
	// two together to under 1 − 0.95² ≈ 9.75%, less as they are correlated;
	// each family alone is checked against 8%, which with 300 splits a
	// true 5% passes all but about once in a hundred runs of other seeds.
	for _, family := range []Family{Primary, Secondary} {
		if rate := float64(byFamily[family]) / splits; rate > 0.08 {
			t.Errorf("after correction %.1f%% of splits show a significant change in the %s family; want near 5%%", 100*rate, family)
		}
	}
	if correctedRate > 0.0975 {
		t.Errorf("after correction %.1f%% of splits show a significant change; want near 5%%", 100*correctedRate)
	}
	if rawRate < 0.5 {
		t.Errorf("before correction only %.1f%% of splits show one: the simulation does not show the problem", 100*rawRate)
	}
}

package results

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

// earlierDefinition and laterDefinition are the shared pair of waves in
// ../testdata: the later renames old-support to support, drops removed
// and adds added.
var earlierDefinition, laterDefinition = sharedFixture("compared-earlier.yaml"), sharedFixture("compared-later.yaml")

func parse(t *testing.T, name, text string) *survey.Definition {
	t.Helper()
	def, err := survey.Parse(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return def
}

func answers(team string, numbers map[string]float64) survey.Answers {
	a := survey.Answers{"team": {Text: team}}
	for id, v := range numbers {
		a[id] = survey.Answer{Number: v}
	}
	return a
}

// comparedWaves builds the two years worked through by hand below. The
// earlier year: 10 people in team a; half answer manageable 2 and half 4
// (mean 3, score 50, 50% favourable), all answer old-support 3 and
// satisfaction 7. The later year: teams a and b of 5; all answer
// manageable 4 (score 75, 100% favourable), support 5 and satisfaction 7.
func comparedWaves(t *testing.T) (WaveData, WaveData) {
	earlierDef, laterDef := parse(t, "earlier.yaml", earlierDefinition), parse(t, "later.yaml", laterDefinition)
	var before, after []survey.Answers
	for i := range 10 {
		before = append(before, answers("a", map[string]float64{"manageable": float64(2 + 2*(i%2)), "old-support": 3, "satisfaction": 7}))
		after = append(after, answers([]string{"a", "b"}[i%2], map[string]float64{"manageable": 4, "support": 5, "satisfaction": 7}))
	}
	return WaveData{earlierDef, publish(earlierDef, before...)}, WaveData{laterDef, publish(laterDef, after...)}
}

func nearly(got *float64, want float64) bool {
	return got != nil && math.Abs(*got-want) < 1e-6*max(1, math.Abs(want))
}

func TestCompareAgainstHandComputedChanges(t *testing.T) {
	earlier, later := comparedWaves(t)
	c, err := Compare(earlier, later, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Hidden || c.EarlierResponses != 10 || c.LaterResponses != 10 {
		t.Fatalf("counts: %+v", c)
	}
	questions := map[string]QuestionChange{}
	for _, q := range c.Questions {
		questions[q.ID] = q
	}
	// manageable: 50 → 75. Welch: the earlier variance is 10/9, so
	// t = 1 / sqrt(10/9/10) = 3 on 9 degrees of freedom, p = 0.0149564.
	m := questions["manageable"]
	if m.Figure != "score" || !nearly(m.Earlier, 50) || !nearly(m.Later, 75) || !nearly(m.Difference, 25) || !nearly(m.P, 0.0149563639) || !m.Significant || m.Test != "Welch's t-test" {
		t.Errorf("manageable: %+v", m.Movement)
	}
	// Favourable 50% → 100%: pooled 0.75, so 2.5 unfavourable answers are
	// expected in each wave, under 5: Fisher's exact test. With 15 of 20
	// favourable, the first wave holds 5 to 10 of them; 5 and 10 are the
	// least likely, each C(10,5)/C(20,15) = 252/15504, so p = 0.0325077.
	if f := m.Favourable; f == nil || !nearly(f.Earlier, 50) || !nearly(f.Later, 100) || !nearly(f.Difference, 50) || !nearly(f.P, 504.0/15504) || f.Test != FisherTest {
		t.Errorf("manageable favourable: %+v", m.Favourable)
	}
	// support, renamed from old-support: 50 → 100, but neither wave varies,
	// so there is nothing to test the change against: never p = 0.
	s := questions["support"]
	if s.EarlierID != "old-support" || !nearly(s.Earlier, 50) || !nearly(s.Later, 100) || s.P != nil || s.NotTested != NoVariation || s.Significant || s.Direction != Unchanged {
		t.Errorf("support: %+v", s)
	}
	// satisfaction: 7 → 7, no change at all.
	if q := questions["satisfaction"]; q.Figure != "mean" || !nearly(q.Difference, 0) || q.NotTested != NoVariation || q.Significant {
		t.Errorf("satisfaction: %+v", q)
	}
	// added has no earlier value and no test.
	if q := questions["added"]; q.Earlier != nil || q.Difference != nil || q.P != nil || q.Significant || q.EarlierAnswered != 0 {
		t.Errorf("added: %+v", q)
	}
	if _, ok := questions["removed"]; ok {
		t.Error("a removed question is compared")
	}
	refs := func(r []QuestionRef) string {
		var s []string
		for _, q := range r {
			s = append(s, q.From+">"+q.ID)
		}
		return strings.Join(s, " ")
	}
	if refs(c.Added) != ">added" || refs(c.Removed) != ">removed" || refs(c.Renamed) != "old-support>support" {
		t.Errorf("added %q, removed %q, renamed %q", refs(c.Added), refs(c.Removed), refs(c.Renamed))
	}
	// workload, person by person: earlier means 2.5 and 3.5, mean 3, score
	// 50; later all 4.5 (4 and 5; added unanswered), score 87.5. Tested on
	// the same means: variance 0.25 · 10/9 earlier, none later, so t = 1.5
	// / sqrt(0.2778/10) = 9 on 9 degrees of freedom, p = 8.538e-6.
	if len(c.Themes) != 1 {
		t.Fatalf("themes: %+v", c.Themes)
	}
	if th := c.Themes[0]; !nearly(th.Earlier, 50) || !nearly(th.Later, 87.5) || !nearly(th.Difference, 37.5) || !nearly(th.P, 8.53805122e-6) || !th.Significant || th.EarlierBand == "" || th.LaterBand == "" {
		t.Errorf("workload: %+v", th)
	}
	indicators := map[string]IndicatorChange{}
	for _, ind := range c.Indicators {
		indicators[ind.ID] = ind
	}
	if ind := indicators["manageable"]; !nearly(ind.Difference, 50) || !nearly(ind.P, 504.0/15504) || ind.Family != Primary {
		t.Errorf("manageable indicator: %+v", ind)
	}
	if ind := indicators["satisfaction"]; !nearly(ind.Earlier, 7) || !nearly(ind.Difference, 0) || ind.Significant {
		t.Errorf("satisfaction indicator: %+v", ind)
	}
}

func TestCompareHidesAGroupHiddenInEitherWave(t *testing.T) {
	earlier, later := comparedWaves(t)
	c, err := Compare(earlier, later, []string{"team"})
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]ComparedGroup{}
	for _, g := range c.Groups {
		groups[g.Value] = g
	}
	// Team a is 10 then 5: shown in both. Team b is 0 then 5: hidden.
	a := groups["a"]
	if a.Hidden || *a.EarlierResponses != 10 || *a.LaterResponses != 5 || len(a.Questions) == 0 {
		t.Errorf("team a: %+v", a)
	}
	b := groups["b"]
	body, _ := json.Marshal(b)
	if !b.Hidden || b.EarlierResponses != nil || b.LaterResponses != nil || b.Questions != nil || strings.Contains(string(body), "earlier\":") {
		t.Errorf("team b is hidden in the earlier wave but reads %s", body)
	}
	if _, err := Compare(earlier, later, []string{"manageable"}); survey.Code(err) != survey.ErrInvalid {
		t.Errorf("an undeclared breakdown: %v", err)
	}
	// Team a's changes are exploratory, corrected together; the whole
	// wave's keep their own families.
	groupTests := 0
	primary, secondary := a.ComparedFigures.movements()
	for _, m := range append(primary, secondary...) {
		if m.P != nil {
			groupTests++
			if m.Family != Exploratory || m.PAdjusted == nil {
				t.Errorf("team a's change is not exploratory: %+v", m)
			}
		}
	}
	if groupTests == 0 {
		t.Error("team a has no tested change")
	}
	if c.Themes[0].Family != Primary {
		t.Errorf("the whole wave's theme: %+v", c.Themes[0].Movement)
	}
}

// TestChangesUnderKAreNotTested: a test needs k answers on each side, so
// that a share of 0 of 1 against 3 of 3 is never called significant.
func TestChangesUnderKAreNotTested(t *testing.T) {
	test := tester{k: 5}
	if _, untested := test.shares(0, 1, 3, 3); untested != TooFew {
		t.Errorf("0/1 against 3/3 was tested: %q", untested)
	}
	if _, untested := test.means(countsOf(1, 2, 3, 4), countsOf(1, 2, 3, 4, 5)); untested != TooFew {
		t.Errorf("4 answers against 5 were tested: %q", untested)
	}
	if _, untested := test.means(countsOf(1, 2, 3, 4, 5), countsOf(1, 2, 3, 4, 5)); untested != "" {
		t.Errorf("5 answers against 5 were not tested: %q", untested)
	}
	m := movement(ptr(0), ptr(100), nil, nil, Higher, Change{}, TooFew)
	correct(Secondary, []*Movement{&m})
	if m.P != nil || m.PAdjusted != nil || m.Significant || m.Direction != Unchanged || m.NotTested != TooFew {
		t.Errorf("an untested change: %+v", m)
	}
}

func TestCompareWithAWaveUnderKShowsOnlyCounts(t *testing.T) {
	earlier, later := comparedWaves(t)
	var four []survey.Answers
	for range 4 {
		four = append(four, answers("a", map[string]float64{"manageable": 1, "satisfaction": 0}))
	}
	small := publish(earlier.Def, four...)
	for _, pair := range [][2]WaveData{{{earlier.Def, small}, later}, {later, {earlier.Def, small}}} {
		c, err := Compare(pair[0], pair[1], []string{"team"})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(c)
		if !c.Hidden || c.Groups != nil {
			t.Errorf("a comparison with a wave of 4: %s", body)
		}
		for _, forbidden := range []string{"indicators", "themes", "questions", "difference", "groups", "score"} {
			if strings.Contains(string(body), forbidden) {
				t.Errorf("a comparison with a wave of 4 holds %q: %s", forbidden, body)
			}
		}
	}
}

package results

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

// segmentsDefinition has four segment questions, four single breakdowns
// and a declared pair, with k = 5. It is built from parts that the report
// tests reuse.
const (
	segmentsHeader = `id: segments
title: Segments
min_group_size: 5
`
	segmentsSection = `sections:
  - id: about
    title: About
    questions:
      - id: team
        type: choice
        text: Team?
        segment: true
        options:
          - {value: a, label: A}
          - {value: b, label: B}
          - {value: c, label: C}
          - {value: d, label: D}
          - {value: e, label: E}
      - id: role
        type: choice
        text: Role?
        segment: true
        options:
          - {value: worker, label: Worker}
          - {value: manager, label: Manager}
      - id: service
        type: choice
        text: Service?
        segment: true
        options:
          - {value: children, label: Children}
          - {value: adults, label: Adults}
      - id: agency
        type: yesno
        text: Agency?
        segment: true
`
	segmentsBreakdowns = `breakdowns:
  - team
  - role
  - service
  - agency
  - [service, role]
`
	segmentsDefinition = segmentsHeader + segmentsSection + segmentsBreakdowns
)

func segmentsDef(t testing.TB) *survey.Definition {
	t.Helper()
	def, err := survey.Parse("segments.yaml", []byte(segmentsDefinition))
	if err != nil {
		t.Fatal(err)
	}
	return def
}

// person is one response's segment answers; "" is not answered.
type person struct{ team, role, service, agency string }

func (p person) answers() survey.Answers {
	a := survey.Answers{}
	for id, v := range map[string]string{"team": p.team, "role": p.role, "service": p.service} {
		if v != "" {
			a[id] = survey.Answer{Text: v}
		}
	}
	if p.agency != "" {
		a["agency"] = survey.Answer{Yes: p.agency == "yes"}
	}
	return a
}

func (p person) value(id string) string {
	return map[string]string{"team": p.team, "role": p.role, "service": p.service, "agency": p.agency}[id]
}

// people makes n people alike.
func people(n int, p person) []person {
	out := make([]person, n)
	for i := range out {
		out[i] = p
	}
	return out
}

func visibility(def *survey.Definition, everyone []person) []Group {
	profiles := NewProfiles(def)
	for _, p := range everyone {
		profiles.Add(p.answers())
	}
	return Visibility(def, def.MinGroupSize, profiles)
}

// audit checks every promise against the raw responses, by sets of people,
// without using Profiles or Visibility's own counting.
func audit(t *testing.T, def *survey.Definition, everyone []person, groups []Group) {
	t.Helper()
	k := def.MinGroupSize
	members := make([]map[int]bool, len(groups))
	for g, group := range groups {
		members[g] = map[int]bool{}
		for i, p := range everyone {
			in := true
			for j, id := range def.Breakdowns[group.Breakdown].Questions {
				in = in && p.value(id) == group.Values[j]
			}
			if in {
				members[g][i] = true
			}
		}
		if len(members[g]) != group.Responses {
			t.Fatalf("group %v counted %d, but %d people are in it", group.Values, group.Responses, len(members[g]))
		}
	}
	small := func(n int) bool { return n > 0 && n < k }
	name := func(g int) string {
		return fmt.Sprintf("%v=%s", def.Breakdowns[groups[g].Breakdown].Questions, groups[g].Key())
	}
	everyoneSet := map[int]bool{}
	for i := range everyone {
		everyoneSet[i] = true
	}
	for g, group := range groups {
		if group.Hidden {
			continue
		}
		if len(everyone) < k {
			t.Errorf("%s shown in a wave of %d", name(g), len(everyone))
		}
		if group.Responses < k || small(len(everyone)-group.Responses) {
			t.Errorf("%s shown with %d of %d", name(g), group.Responses, len(everyone))
		}
	}
	// Subtraction: inside the whole wave and inside every shown group, what
	// another breakdown's shown groups within it leave uncovered is 0 or >= k.
	var outers []map[int]bool
	var outerNames []string
	var outerBreakdown []int
	if len(everyone) >= k {
		outers, outerNames, outerBreakdown = append(outers, everyoneSet), append(outerNames, "the whole wave"), append(outerBreakdown, -1)
	}
	for g := range groups {
		if !groups[g].Hidden {
			outers = append(outers, members[g])
			outerNames = append(outerNames, name(g))
			outerBreakdown = append(outerBreakdown, groups[g].Breakdown)
		}
	}
	for o, outer := range outers {
		for b := range def.Breakdowns {
			if b == outerBreakdown[o] {
				continue
			}
			covered := map[int]bool{}
			for g := range groups {
				if groups[g].Breakdown != b || groups[g].Hidden || len(members[g]) == 0 {
					continue
				}
				inside := true
				for i := range members[g] {
					inside = inside && outer[i]
				}
				if inside {
					for i := range members[g] {
						covered[i] = true
					}
				}
			}
			if rest := len(outer) - len(covered); (len(covered) > 0 || outerBreakdown[o] == -1) && small(rest) {
				t.Errorf("%s minus the shown groups of %v inside it leaves %d people", outerNames[o], def.Breakdowns[b].Questions, rest)
			}
		}
	}
	// Overlap: two shown groups of different breakdowns differ by 0 or >= k.
	for a := range groups {
		for b := range groups {
			if a >= b || groups[a].Hidden || groups[b].Hidden || groups[a].Breakdown == groups[b].Breakdown {
				continue
			}
			differ := 0
			for i := range everyone {
				if members[a][i] != members[b][i] {
					differ++
				}
			}
			if small(differ) {
				t.Errorf("%s and %s differ by %d people", name(a), name(b), differ)
			}
		}
	}
}

func shown(def *survey.Definition, groups []Group) string {
	var out []string
	for _, g := range groups {
		if !g.Hidden {
			out = append(out, fmt.Sprintf("%s=%s:%d", strings.Join(def.Breakdowns[g.Breakdown].Questions, "+"), g.Key(), g.Responses))
		}
	}
	return strings.Join(out, " ")
}

func TestVisibilityOfACraftedWave(t *testing.T) {
	def := segmentsDef(t)
	var everyone []person
	// Children's teams a (20), b (12) and e (1); adults'
	// c (5, exactly k) and d (3); two adults who gave no team. Nobody
	// answered agency, so its blank group is everyone.
	everyone = append(everyone, people(16, person{"a", "worker", "children", ""})...)
	everyone = append(everyone, people(4, person{"a", "manager", "children", ""})...)
	everyone = append(everyone, people(12, person{"b", "worker", "children", ""})...)
	everyone = append(everyone, people(1, person{"e", "manager", "children", ""})...)
	everyone = append(everyone, people(5, person{"c", "worker", "adults", ""})...)
	everyone = append(everyone, people(3, person{"d", "manager", "adults", ""})...)
	everyone = append(everyone, people(2, person{"", "worker", "adults", ""})...)
	groups := visibility(def, everyone)
	audit(t, def, everyone, groups)

	// Worked by hand (k = 5, 43 people):
	// - under k: teams d (3), e (1), blank (2); pair cell adults+manager (3).
	// - the pair's hidden cells total 3: its smallest shown cell,
	//   children+manager (5), is hidden too.
	// - children (33) minus its shown teams a and b leaves team e: the
	//   smaller, b, is hidden.
	// - adults (10) minus the shown pair cell adults+worker (7) leaves 3:
	//   that cell is hidden. Adults minus team c (5) leaves 5: fine.
	want := "team=a:20 team=c:5 role=worker:35 role=manager:8 service=children:33 service=adults:10 agency=:43 service+role=children,worker:28"
	if got := shown(def, groups); got != want {
		t.Errorf("shown\n got %s\nwant %s", got, want)
	}
}

func TestVisibilityOfASmallWave(t *testing.T) {
	def := segmentsDef(t)
	everyone := people(4, person{"a", "worker", "children", "no"})
	groups := visibility(def, everyone)
	audit(t, def, everyone, groups)
	if got := shown(def, groups); got != "" {
		t.Errorf("a wave of 4 shows %s", got)
	}
}

func TestVisibilityWhenOneGroupIsEveryone(t *testing.T) {
	def := segmentsDef(t)
	everyone := people(9, person{"a", "worker", "children", "no"})
	groups := visibility(def, everyone)
	audit(t, def, everyone, groups)
	// Showing team a shows no one new: it is the whole wave.
	if got := shown(def, groups); !strings.Contains(got, "team=a:9") {
		t.Errorf("shown: %s", got)
	}
}

func TestVisibilityHidesTheLargerOfTwoNearlyEqualGroups(t *testing.T) {
	def := segmentsDef(t)
	var everyone []person
	// Everyone is a children's worker, so role and service tell nothing.
	// Team a (12) and agency yes (14) share 11 people and differ by 4:
	// neither lies inside the other, so only the overlap rule can see it.
	everyone = append(everyone, people(11, person{"a", "worker", "children", "yes"})...)
	everyone = append(everyone, people(1, person{"a", "worker", "children", "no"})...)
	everyone = append(everyone, people(3, person{"b", "worker", "children", "yes"})...)
	everyone = append(everyone, people(7, person{"b", "worker", "children", "no"})...)
	everyone = append(everyone, people(20, person{"c", "worker", "children", "no"})...)
	groups := visibility(def, everyone)
	audit(t, def, everyone, groups)
	want := "team=a:12 team=b:10 team=c:20 role=worker:42 service=children:42 agency=no:28 service+role=children,worker:42"
	if got := shown(def, groups); got != want {
		t.Errorf("shown\n got %s\nwant %s", got, want)
	}
}

// TestVisibilityOfRandomWaves audits many random waves, from tiny to a few
// hundred people, with lopsided team sizes and blanks.
func TestVisibilityOfRandomWaves(t *testing.T) {
	def := segmentsDef(t)
	rng := rand.New(rand.NewPCG(7, 11))
	pick := func(values ...string) string { return values[rng.IntN(len(values))] }
	shownGroups, secondary := 0, 0
	for wave := range 300 {
		size := rng.IntN(120)
		var everyone []person
		for range size {
			everyone = append(everyone, person{
				team:    pick("a", "a", "a", "b", "b", "c", "d", "e", ""),
				role:    pick("worker", "worker", "worker", "manager", ""),
				service: pick("children", "children", "adults", ""),
				agency:  pick("no", "no", "no", "no", "yes", ""),
			})
		}
		groups := visibility(def, everyone)
		audit(t, def, everyone, groups)
		if t.Failed() {
			t.Fatalf("wave %d of %d people", wave, size)
		}
		for _, g := range groups {
			switch rest := size - g.Responses; {
			case !g.Hidden:
				shownGroups++
			case g.Responses >= def.MinGroupSize && (rest == 0 || rest >= def.MinGroupSize):
				secondary++
			}
		}
	}
	if shownGroups < 1000 || secondary < 100 {
		t.Errorf("the random waves showed %d groups and hid %d by secondary suppression: too few to test the rules", shownGroups, secondary)
	}
}

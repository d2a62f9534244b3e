package results

import (
	"slices"
	"strings"

	"github.com/sayso/sayso/internal/survey"
)

// NotAnswered is the group of those who left a segment question blank. It
// is a group like any other for the anonymity rules.
const NotAnswered = ""

// Profiles counts responses by their answers to the segment questions the
// breakdowns use: enough to know the size of every group of every
// breakdown, and of every overlap between two groups, and nothing more.
type Profiles struct {
	Segments []string // question ids, sorted
	Counts   map[string]int
}

// NewProfiles makes an empty count for the definition's breakdowns.
func NewProfiles(def *survey.Definition) *Profiles {
	var segments []string
	for _, b := range def.Breakdowns {
		for _, id := range b.Questions {
			if !slices.Contains(segments, id) {
				segments = append(segments, id)
			}
		}
	}
	slices.Sort(segments)
	return &Profiles{Segments: segments, Counts: map[string]int{}}
}

// profileSeparator cannot appear in an option value (a slug).
const profileSeparator = "\x1f"

// Add counts one response.
func (p *Profiles) Add(answers survey.Answers) {
	values := make([]string, len(p.Segments))
	for i, id := range p.Segments {
		values[i] = segmentValue(answers, id)
	}
	p.Counts[strings.Join(values, profileSeparator)]++
}

// segmentValue is a response's group for one segment question.
func segmentValue(answers survey.Answers, id string) string {
	a, ok := answers[id]
	switch {
	case !ok:
		return NotAnswered
	case a.Text != "":
		return a.Text
	}
	return survey.YesNoValue(a.Yes)
}

// Clone copies the counts.
func (p *Profiles) Clone() *Profiles {
	c := &Profiles{Segments: p.Segments, Counts: make(map[string]int, len(p.Counts))}
	for k, v := range p.Counts {
		c.Counts[k] = v
	}
	return c
}

// Group is one group of a breakdown and whether it may be shown.
type Group struct {
	Breakdown int      // index into the definition's breakdowns
	Values    []string // one value per question of the breakdown; NotAnswered for a blank
	Responses int
	Hidden    bool
}

// Key names a group within its breakdown, as "value" or "value,value".
func (g Group) Key() string { return strings.Join(g.Values, ",") }

// Visibility decides, for every group of every declared breakdown, whether
// it may be shown to anyone, under DESIGN.md's rules with minimum group
// size k:
//
//   - the whole wave is shown only with at least k responses;
//   - a group is shown only if it has at least k responses and the rest of
//     the wave is empty or has at least k;
//   - no group can be rebuilt by subtraction: within any shown group (the
//     whole wave included), the responses not covered by the shown groups
//     of another breakdown that lie wholly inside it number 0 or at least k
//     (so a hidden team cannot be had from its service minus the other
//     teams, nor a hidden group from the total minus the rest);
//   - two shown groups of different breakdowns never differ by fewer than
//     k people: the larger of two such is hidden.
//
// Hiding only ever grows, so the rules are applied until nothing changes.
func Visibility(def *survey.Definition, k int, p *Profiles) []Group {
	index := make(map[string]int, len(p.Segments))
	for i, id := range p.Segments {
		index[id] = i
	}
	type profile struct {
		values []string
		count  int
	}
	profiles := make([]profile, 0, len(p.Counts))
	total := 0
	for key, count := range p.Counts {
		profiles = append(profiles, profile{strings.Split(key, profileSeparator), count})
		total += count
	}

	var groups []Group
	var members [][]bool // members[g][i]: profile i is in group g
	for b, breakdown := range def.Breakdowns {
		for _, values := range groupValues(def, breakdown) {
			g := Group{Breakdown: b, Values: values}
			in := make([]bool, len(profiles))
			for i, pr := range profiles {
				in[i] = true
				for j, id := range breakdown.Questions {
					in[i] = in[i] && pr.values[index[id]] == values[j]
				}
				if in[i] {
					g.Responses += pr.count
				}
			}
			groups = append(groups, g)
			members = append(members, in)
		}
	}
	// overlap[a][b] is how many responses groups a and b share. Each
	// profile is in one group per breakdown, so it is counted from the
	// profiles' memberships rather than by comparing groups pairwise.
	memberOf := make([][]int, len(profiles))
	for g := range groups {
		for i, in := range members[g] {
			if in {
				memberOf[i] = append(memberOf[i], g)
			}
		}
	}
	overlaps := make([][]int, len(groups))
	for g := range overlaps {
		overlaps[g] = make([]int, len(groups))
	}
	for i, in := range memberOf {
		for _, a := range in {
			for _, b := range in {
				overlaps[a][b] += profiles[i].count
			}
		}
	}
	overlap := func(a, b int) int { return overlaps[a][b] }

	for g := range groups {
		n := groups[g].Responses
		groups[g].Hidden = total < k || n < k || (total-n > 0 && total-n < k)
	}
	for changed := true; changed; {
		changed = false
		hide := func(g int) {
			if g >= 0 && !groups[g].Hidden {
				groups[g].Hidden, changed = true, true
			}
		}
		// Within the whole wave: each breakdown's hidden groups together
		// are 0 or at least k.
		for b := range def.Breakdowns {
			covered, smallest := 0, -1
			for g := range groups {
				if groups[g].Breakdown == b && !groups[g].Hidden {
					covered += groups[g].Responses
					smallest = smaller(groups, smallest, g)
				}
			}
			if rest := total - covered; rest > 0 && rest < k {
				hide(smallest)
			}
		}
		// Within each shown group: the same, for the shown groups of every
		// other breakdown that lie wholly inside it.
		for outer := range groups {
			if groups[outer].Hidden {
				continue
			}
			for b := range def.Breakdowns {
				if b == groups[outer].Breakdown {
					continue
				}
				covered, smallest := 0, -1
				for inner := range groups {
					if groups[inner].Breakdown != b || groups[inner].Hidden || groups[inner].Responses == 0 {
						continue
					}
					if overlap(outer, inner) == groups[inner].Responses {
						covered += groups[inner].Responses
						smallest = smaller(groups, smallest, inner)
					}
				}
				if rest := groups[outer].Responses - covered; covered > 0 && rest > 0 && rest < k {
					hide(smallest)
				}
			}
		}
		// Two shown groups of different breakdowns differ by 0 or at least k.
		for a := range groups {
			for b := a + 1; b < len(groups); b++ {
				if groups[a].Hidden || groups[b].Hidden || groups[a].Breakdown == groups[b].Breakdown {
					continue
				}
				differ := groups[a].Responses + groups[b].Responses - 2*overlap(a, b)
				if differ > 0 && differ < k {
					if groups[a].Responses > groups[b].Responses {
						hide(a)
					} else {
						hide(b)
					}
				}
			}
		}
	}
	return groups
}

// smaller returns whichever of two groups has fewer responses; -1 is none.
func smaller(groups []Group, a, b int) int {
	if a < 0 || groups[b].Responses < groups[a].Responses {
		return b
	}
	return a
}

// groupValues lists every group of a breakdown: each combination of its
// questions' values, not answered included.
func groupValues(def *survey.Definition, b survey.Breakdown) [][]string {
	combos := [][]string{{}}
	for _, id := range b.Questions {
		q, _ := def.Question(id)
		values := []string{}
		if q.Type == survey.YesNo {
			values = append(values, "yes", "no")
		}
		for _, o := range q.Options {
			values = append(values, o.Value)
		}
		values = append(values, NotAnswered)
		var next [][]string
		for _, c := range combos {
			for _, v := range values {
				next = append(next, append(slices.Clone(c), v))
			}
		}
		combos = next
	}
	return combos
}

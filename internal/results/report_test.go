package results

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

func waveOf(def *survey.Definition, responses ...survey.Answers) *WaveTally {
	w := NewWaveTally(def)
	for _, r := range responses {
		w.Add(def, r)
	}
	return w
}

// publish makes the one publication of a closed wave of these responses;
// nil when there is none to make.
func publish(def *survey.Definition, responses ...survey.Answers) *Publication {
	comments := map[string][]string{}
	for _, r := range responses {
		for _, q := range def.Questions() {
			if a, ok := r[q.ID]; ok && q.Type == survey.Text && strings.TrimSpace(a.Text) != "" {
				comments[q.ID] = append(comments[q.ID], a.Text)
			}
		}
	}
	return Publish(Input{Def: def, Live: waveOf(def, responses...), Comments: comments, Final: true, Today: "2026-06-01"})
}

// scored gives a person segment answers and a few scored answers.
func scored(p person, manageable, satisfaction float64, comment string) survey.Answers {
	a := p.answers()
	a["manageable"] = survey.Answer{Number: manageable}
	a["satisfaction"] = survey.Answer{Number: satisfaction}
	if comment != "" {
		a["comment"] = survey.Answer{Text: comment}
	}
	return a
}

// scoredDefinition is the segments definition with a theme, scored
// questions, a comment and an indicator.
var scoredDefinition = sharedFixture("scored.yaml")

func scoredDef(t *testing.T) *survey.Definition {
	t.Helper()
	def, err := survey.Parse("scored.yaml", []byte(scoredDefinition))
	if err != nil {
		t.Fatal(err)
	}
	return def
}

func TestAWaveUnderKShowsOnlyItsCount(t *testing.T) {
	def := scoredDef(t)
	var responses []survey.Answers
	for i := range 4 {
		responses = append(responses, scored(person{"a", "worker", "children", "no"}, 5, float64(i), "Call me on 07700 900123"))
	}
	p := publish(def, responses...)
	if p != nil {
		t.Fatalf("a wave of 4 is published: %+v", p)
	}
	for _, breakdown := range []int{NoBreakdown, 0, 4} {
		r := Build(def, p, breakdown)
		body, _ := json.Marshal(r)
		if !r.Hidden || r.Responses != 0 || r.Groups != nil {
			t.Errorf("breakdown %d: %+v", breakdown, r)
		}
		for _, forbidden := range []string{"questions", "themes", "indicators", "distribution", "score", "mean", "groups", "07700"} {
			if strings.Contains(string(body), forbidden) {
				t.Errorf("breakdown %d: the results of a wave of 4 hold %q: %s", breakdown, forbidden, body)
			}
		}
	}
}

func TestHiddenGroupsCarryNoNumber(t *testing.T) {
	def := scoredDef(t)
	var responses []survey.Answers
	add := func(n int, p person, manageable float64) {
		for range n {
			responses = append(responses, scored(p, manageable, 7, ""))
		}
	}
	add(20, person{"a", "worker", "children", "no"}, 4)
	add(12, person{"b", "worker", "adults", "no"}, 2)
	add(3, person{"c", "manager", "adults", "yes"}, 1)
	add(1, person{"", "manager", "adults", "no"}, 5)
	r := Build(def, publish(def, responses...), 0) // by team
	body, _ := json.Marshal(r)
	if r.Hidden || r.Responses != 36 || len(r.Groups) != 6 {
		t.Fatalf("results: %s", body)
	}
	byValue := map[string]GroupResults{}
	for _, g := range r.Groups {
		byValue[g.Value] = g
	}
	// Teams c (3) and blank (1) are under k, and together 4: team b, the
	// smaller shown team, is hidden too. d and e are empty. (Were the blank
	// person in children's services, children minus team a would be them,
	// and team a would be hidden as well.)
	for _, hidden := range []string{"b", "c", "d", "e", ""} {
		g := byValue[hidden]
		if !g.Hidden || g.Responses != nil || g.Questions != nil || g.Themes != nil || g.Indicators != nil {
			t.Errorf("team %q: %+v", hidden, g)
		}
		groupJSON, _ := json.Marshal(g)
		if !strings.Contains(string(groupJSON), `"responses":null`) || strings.Contains(string(groupJSON), "questions") {
			t.Errorf("team %q as JSON: %s", hidden, groupJSON)
		}
	}
	a := byValue["a"]
	if a.Hidden || *a.Responses != 20 || a.Label != "A" {
		t.Fatalf("team a: %+v", a)
	}
	// A shown group's figures are exactly those of its own responses.
	direct := waveOf(def, responses[:20]...).Whole
	direct.suppress(def, "team")
	direct.suppress(def, "role")
	direct.suppress(def, "service")
	direct.suppress(def, "agency")
	direct.suppress(def, "comment")
	if !reflect.DeepEqual(a.Figures, figures(def, direct)) {
		t.Errorf("team a's figures differ from its responses' own")
	}
	if got := *a.Themes[0].Score; got != 75 {
		t.Errorf("team a's workload score %v, want 75", got)
	}
	if byValue[""].Label != "Not answered" {
		t.Errorf("blank label %q", byValue[""].Label)
	}
}

func TestFindBreakdown(t *testing.T) {
	def := segmentsDef(t)
	for _, c := range []struct {
		by   []string
		want int
		ok   bool
	}{
		{[]string{"team"}, 0, true},
		{[]string{"service", "role"}, 4, true},
		{[]string{"role", "service"}, 4, true},
		{[]string{"team", "role"}, 0, false},
		{[]string{"satisfaction"}, 0, false},
		{[]string{}, 0, false},
	} {
		got, ok := FindBreakdown(def, c.by)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("FindBreakdown(%v) = %d, %v", c.by, got, ok)
		}
	}
}

func TestCommentsAreMaskedShuffledAndBare(t *testing.T) {
	def := scoredDef(t)
	var responses []survey.Answers
	for i := range 30 {
		responses = append(responses, scored(person{"a", "worker", "children", "no"}, 3, 5, fmt.Sprintf("comment %02d", i)))
	}
	responses = append(responses, scored(person{"b", "manager", "adults", "yes"}, 3, 5, "Email jo.bloggs@council.gov.uk or ring 07700 900123, or +44 20 7946 0958. We had 12 cases in 2025."))
	comments := publish(def, responses...).Comments["comment"]
	if len(comments) != 31 {
		t.Fatalf("%d comments", len(comments))
	}
	inOrder := func(texts []string) bool {
		for i := 1; i < 30; i++ {
			if texts[i-1] > texts[i] && !strings.HasPrefix(texts[i-1], "Email") {
				return false
			}
		}
		return true
	}
	if inOrder(comments) {
		t.Error("comments are in the order they came")
	}
	body, _ := json.Marshal(comments)
	for _, forbidden := range []string{"jo.bloggs", "07700", "7946", "team", "role", "service", "manager"} {
		if strings.Contains(string(body), forbidden) {
			t.Errorf("comments hold %q: %s", forbidden, body)
		}
	}
	if !strings.Contains(string(body), "Email [email removed] or ring [phone number removed], or [phone number removed]. We had 12 cases in 2025.") {
		t.Errorf("masking: %s", body)
	}
	// A fresh shuffle each time: 30! orders, so two alike means no shuffle.
	if again := publish(def, responses...).Comments["comment"]; reflect.DeepEqual(again, comments) {
		t.Error("two publications shuffle the comments alike")
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{
		"no contact details, 15 cases": "no contact details, 15 cases",
		"a.b-c@example.org.uk":         "[email removed]",
		"(01632) 960 001":              "[phone number removed]",
		"0161 496 0000 please":         "[phone number removed] please",
		"dates 2024-2025 stay":         "dates 2024-2025 stay",
	} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

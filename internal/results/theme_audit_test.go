package results

import (
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

// TestThemeScoreThatWouldGiveAnAnswerAwayIsWithheld: nine people answer
// both statements and one only the second. Each statement has 9 or 10
// answers and shows, but a theme score of per-person means would give the
// tenth person's answer away: with T the sum of person means and S_a, S_b
// the statements' sums, B_x = 2T − S_a − S_b. The audit counts who answered
// how many of a theme's statements and withholds the theme; with everyone
// answering both it shows.
func TestThemeScoreThatWouldGiveAnAnswerAwayIsWithheld(t *testing.T) {
	def := ownFixture(t, "two-statement-theme.yaml")
	var answers []survey.Answers
	for i := range 9 {
		answers = append(answers, survey.Answers{"a": n(float64(1 + i%5)), "b": n(float64(1 + (i+2)%5))})
	}
	alone := append(answers, survey.Answers{"b": n(5)})
	p := publish(def, alone...)
	r := Build(def, p, NoBreakdown)
	if r.Hidden || len(r.Themes) != 1 || len(r.Questions) != 2 {
		t.Fatalf("results: %+v", r)
	}
	if th := r.Themes[0]; !th.Hidden || th.Score != nil || th.Interval != nil || th.Withheld != 0 {
		t.Errorf("the theme gives the tenth answer away: %+v", th)
	}
	for _, q := range r.Questions {
		if q.Hidden || q.Score == nil {
			t.Errorf("statement %s, answered by 9 or 10, is withheld: %+v", q.ID, q)
		}
	}
	both := append(answers, survey.Answers{"a": n(2), "b": n(5)})
	if th := Build(def, publish(def, both...), NoBreakdown).Themes[0]; th.Hidden || th.Score == nil {
		t.Errorf("everyone answered both, yet the theme is withheld: %+v", th)
	}
}

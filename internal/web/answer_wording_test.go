package web

import (
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

// TestEveryKindOfAnswerFaultHasItsOwnPageWording words every kind of fault
// for every type of question with the domain's message replaced: the page
// says the same, so rewording a domain message cannot change a page, and
// no kind falls back on the wording kept for a kind the pages do not know.
func TestEveryKindOfAnswerFaultHasItsOwnPageWording(t *testing.T) {
	def := newFixture(t).wave.Definition
	questions := def.Questions()
	if len(questions) == 0 || len(survey.AnswerErrorKinds) == 0 {
		t.Fatal("no questions or no kinds to word")
	}
	for _, q := range questions {
		unknown := pageMessage(q, survey.AnswerError{Question: q.ID, Kind: "a kind not yet worded"})
		seen := map[string]survey.AnswerErrorKind{}
		for _, kind := range survey.AnswerErrorKinds {
			fault := survey.AnswerError{Question: q.ID, Kind: kind, Value: "east", Length: 201}
			fault.Message = "the domain's wording"
			first := pageMessage(q, fault)
			fault.Message = "reworded entirely"
			if again := pageMessage(q, fault); again != first {
				t.Errorf("%s, %s: rewording the domain's message changed the page from %q to %q", q.ID, kind, first, again)
			}
			if strings.Contains(first, "the domain's wording") {
				t.Errorf("%s, %s: the page shows the domain's message: %q", q.ID, kind, first)
			}
			if first == unknown || !strings.Contains(first, q.Label()) {
				t.Errorf("%s, %s: %q is not worded for its kind and question", q.ID, kind, first)
			}
			if other, clash := seen[first]; clash {
				t.Errorf("%s: %s and %s read the same: %q", q.ID, other, kind, first)
			}
			seen[first] = kind
		}
	}
}

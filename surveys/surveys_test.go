package surveys

import (
	"slices"
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

func TestShippedSurveys(t *testing.T) {
	cat, err := survey.ReadDir(FS, "surveys")
	if err != nil {
		t.Fatalf("a shipped definition does not validate:\n%v", err)
	}
	var ids []string
	for _, src := range cat.Sources() {
		ids = append(ids, src.Definition.ID)
	}
	if want := []string{"exit", "health-check", "new-starter", "pulse"}; !slices.Equal(ids, want) {
		t.Fatalf("shipped surveys %v, want %v", ids, want)
	}
}

// TestHealthCheckCoversTheEmployerStandards holds the health check to what
// councils run: the eight standards with 3 to 6 items each, the six-item
// engagement index, the headline figures and the segments.
func TestHealthCheckCoversTheEmployerStandards(t *testing.T) {
	cat, err := survey.ReadDir(FS, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	src, _ := cat.Survey("health-check")
	def := src.Definition
	standards := []string{"framework", "workforce-planning", "workloads", "wellbeing", "supervision", "cpd", "registration", "education"}
	for _, id := range standards {
		if _, ok := def.Theme(id); !ok {
			t.Errorf("no theme %q", id)
			continue
		}
		if n := len(def.ThemeQuestions(id)); n < 3 || n > 6 {
			t.Errorf("standard %q has %d items, want 3 to 6", id, n)
		}
	}
	if n := len(def.ThemeQuestions("engagement")); n != 6 {
		t.Errorf("the engagement index has %d items, want 6", n)
	}
	kinds := map[survey.IndicatorKind]string{}
	for _, ind := range def.Indicators {
		kinds[ind.Kind] = ind.Question
	}
	if kinds[survey.Mean] != "satisfaction" || kinds[survey.ENPS] != "recommend" || kinds[survey.Favourable] != "plan-to-stay" || kinds[survey.Above] != "caseload" {
		t.Errorf("indicators %v", kinds)
	}
	for _, id := range []string{"service-area", "role", "team", "years-qualified", "employment-type"} {
		if q, ok := def.Question(id); !ok || !q.Segment {
			t.Errorf("%q is not a segment question", id)
		}
	}
	for _, id := range []string{"hours", "caseload", "new-cases", "supervision-frequency", "works-well", "one-change"} {
		if _, ok := def.Question(id); !ok {
			t.Errorf("no question %q", id)
		}
	}
	if asye, _ := def.Question("years-qualified"); asye != nil {
		if _, ok := asye.Option("asye"); !ok {
			t.Error("years qualified has no ASYE option")
		}
	}
}

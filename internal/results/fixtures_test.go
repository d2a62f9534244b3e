package results

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

// segmentsDefinition has four segment questions, four single breakdowns
// and a declared pair, with k = 5.
var segmentsDefinition = sharedFixture("segments.yaml")

// ownFixture parses a survey definition of testdata, which only this
// package's tests use.
func ownFixture(t testing.TB, name string) *survey.Definition {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	def, err := survey.Parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return def
}

// sharedFixture reads a survey definition of ../testdata, where the
// definitions tests of several packages use are kept.
func sharedFixture(name string) string {
	data, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		panic(err)
	}
	return string(data)
}

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

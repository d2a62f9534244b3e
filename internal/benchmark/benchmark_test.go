package benchmark

import (
	"errors"
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/survey"
	"github.com/sayso/sayso/surveys"
)

func catalogue(t testing.TB) func(string) (*survey.Definition, bool) {
	t.Helper()
	c, err := survey.ReadDir(surveys.FS, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	return Lookup(c)
}

const valid = `name: national-2025
title: National health check 2025
survey: health-check
source: Example council network
year: 2025
scope: national
themes:
  workloads: 52
  supervision: 61.5
indicators:
  satisfaction: 6.1
  enps: -30
  plan-to-stay: 55
`

func TestParseReadsAValidFile(t *testing.T) {
	b, err := Parse("b.yaml", []byte(valid+"example: true\n"), catalogue(t))
	if err != nil {
		t.Fatal(err)
	}
	if b.Name != "national-2025" || b.Year != 2025 || b.Scope != National || !b.Example || b.Themes["supervision"] != 61.5 || b.Indicators["enps"] != -30 {
		t.Errorf("read as %+v", b)
	}
	if !strings.HasPrefix(b.Label(), "Example figures, for illustration only") {
		t.Errorf("an example benchmark's label does not say so: %s", b.Label())
	}
}

func TestParseReportsEveryProblemAtItsPosition(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"broken YAML", "name: [x\n", []string{"b.yaml:1:1: invalid YAML"}},
		{"empty", "", []string{"b.yaml:1:1: the file is empty"}},
		{"not a mapping", "- a\n", []string{"b.yaml:1:1: a benchmark must be a mapping"}},
		{"unknown key", valid + "colour: red\n", []string{`b.yaml:14:1: unknown key "colour"`}},
		{"key twice", valid + "year: 2024\n", []string{`b.yaml:14:1: "year" appears twice in this benchmark (first at line 5)`}},
		{"missing keys", "name: x\nthemes: {workloads: 50}\n", []string{`b.yaml:1:1: this benchmark has no "title"`, `no "survey"`, `no "source"`, `no "year"`, `no "scope"`}},
		{"bad values", strings.NewReplacer("national-2025", "National 2025", "2025\n", "1999\n", "scope: national", "scope: local").Replace(valid), []string{
			`b.yaml:1:7: name "National 2025" must be lower-case`, "b.yaml:5:7: year must be a whole number from 2000 to 2100", `b.yaml:6:8: scope "local" must be one of`}},
		{"regional without area", strings.Replace(valid, "scope: national", "scope: regional", 1), []string{`b.yaml:1:1: a regional benchmark must say which region`}},
		{"unknown survey", strings.Replace(valid, "survey: health-check", "survey: nope", 1), []string{`b.yaml:3:9: there is no survey "nope"`}},
		{"unknown theme and indicator", valid + "  nope: 5\n", []string{`b.yaml:14:3: survey "health-check" has no indicator "nope"`}},
		{"figures out of range", strings.NewReplacer("workloads: 52", "workloads: 120", "satisfaction: 6.1", "satisfaction: 11", "enps: -30", "enps: -130").Replace(valid), []string{
			"b.yaml:8:14: a theme's score is out of 100; 120 is not", "b.yaml:11:17: satisfaction must be from 0 to 10; 11 is not", "b.yaml:12:9: enps must be from -100 to 100; -130 is not"}},
		{"figure not a number", strings.Replace(valid, "workloads: 52", "workloads: \"52\"", 1), []string{`b.yaml:8:14: the figure for "workloads" must be a number`}},
		{"figure twice", strings.Replace(valid, "  supervision: 61.5", "  workloads: 61.5", 1), []string{`b.yaml:9:3: "workloads" appears twice in themes (first at line 8)`}},
		{"no figures", "name: x\ntitle: T\nsurvey: health-check\nsource: S\nyear: 2025\nscope: national\n", []string{"b.yaml:1:1: this benchmark has no figures"}},
		{"example not a boolean", valid + "example: yes please\n", []string{"b.yaml:14:10: example must be true or false"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("b.yaml", []byte(tc.yaml), catalogue(t))
			var problems survey.Problems
			if !errors.As(err, &problems) {
				t.Fatalf("got %v, want problems", err)
			}
			text := problems.Error()
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("problems\n%s\nlack %q", text, w)
				}
			}
		})
	}
}

// FuzzParse: any bytes give a benchmark or positioned problems, never a
// panic, and a benchmark read is one whose figures are all in range.
func FuzzParse(f *testing.F) {
	f.Add([]byte(valid))
	f.Add([]byte(valid + "example: true\n"))
	f.Add([]byte("name: x\nthemes: {workloads: [1]}\n"))
	f.Add([]byte("- a\n"))
	lookup := catalogue(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse("f.yaml", data, lookup)
		var problems survey.Problems
		switch {
		case err == nil:
			for id, v := range b.Themes {
				if v < 0 || v > 100 {
					t.Errorf("theme %s read as %v", id, v)
				}
			}
		case !errors.As(err, &problems) || len(problems) == 0:
			t.Errorf("an error that is not problems: %v", err)
		}
	})
}

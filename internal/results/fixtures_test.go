package results

import (
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

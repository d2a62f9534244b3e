package survey

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

// header opens a valid survey; cases append their own sections.
const header = `id: t
title: Test
themes:
  - id: workload
    title: Workloads
sections:
`

// oneSection is a valid body for cases that change only the top level.
const oneSection = `  - id: s
    title: S
    questions:
      - id: q
        type: agreement
        text: Fine?
        theme: workload
`

// want is one expected problem: its position and a part of its message.
type want struct {
	line, col int
	message   string
}

func TestParseReportsEveryRuleAtItsPosition(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []want
	}{
		{"broken YAML", "id: t\ntitle: [unclosed\n", []want{{1, 1, `invalid YAML: did not find expected ',' or ']'`}}},
		{"bad indentation", "id: t\ntitle: T\n  sections: []\n", []want{{3, 1, "invalid YAML: mapping values are not allowed in this context"}}},
		{"tab indentation", "id: t\ntitle: T\nsections:\n\t- id: s\n", []want{{4, 1, "invalid YAML: found character that cannot start any token"}}},
		{"empty file", "", []want{{1, 1, `the file is empty; a survey needs at least id, title and sections`}}},
		{"not a mapping", "- a\n- b\n", []want{{1, 1, `a survey must be a mapping of keys to values, starting with id: and title:`}}},
		{"invalid UTF-8", "id: t\ntitle: \xff\n", []want{{1, 1, `the file is not valid UTF-8; save it as UTF-8`}}},
		{"alias", "id: &x t\ntitle: *x\nthemes: [{id: workload, title: W}]\nsections:\n" + oneSection, []want{{2, 8, `aliases are not supported in definitions; write the value out`}}},
		{"unknown key with suggestion", header + oneSection + "indicatorz: []\n", []want{{14, 1, `unknown key "indicatorz" in survey; did you mean "indicators"?`}}},
		{"unknown key without suggestion", header + `  - id: s
    title: S
    colour: red
    questions:
      - id: q
        type: agreement
        text: Fine?
        theme: workload
`, []want{{9, 5, `unknown key "colour" in section; expected one of: id, intro, questions, title`}}},
		{"key twice", "id: t\nid: u\n" + header[len("id: t\n"):] + oneSection, []want{{2, 1, `"id" appears twice in this survey (first at line 1); keep one`}}},
		{"bad keywords", "id: t\ntitle: T\nthemes:\n  - id: workload\n    title: W\n    keywords: [caseload, Caseload, \"time; off\", \"\", " + strings.Repeat("x", 41) + "]\nsections:\n" + oneSection, []want{
			{6, 26, `keyword "Caseload" is listed twice in this theme`},
			{6, 36, `keyword "time; off" must be letters, digits, spaces, hyphens or apostrophes`},
			{6, 49, `keyword is empty; write it out or remove the key`},
			{6, 53, `is longer than 40 characters`},
		}},
		{"empty keywords", "id: t\ntitle: T\nthemes:\n  - id: workload\n    title: W\n    keywords: []\nsections:\n" + oneSection, []want{{6, 15, `keywords is an empty list; list at least one or remove the key`}}},
		{"keywords not a list", "id: t\ntitle: T\nthemes:\n  - id: workload\n    title: W\n    keywords: caseload\nsections:\n" + oneSection, []want{{6, 15, `keywords must be a list`}}},
		{"missing required keys", "id: t\n", []want{{1, 1, `this survey has no "title"; add one`}, {1, 1, `this survey has no "sections"; add one`}}},
		{"bad survey id", "id: Team Check\n" + header[len("id: t\n"):] + oneSection, []want{{1, 5, `survey id "Team Check" must be lower-case letters, digits and single hyphens, at most 64 characters, such as "team-size"`}}},
		{"threshold under three", "id: t\ntitle: T\nmin_group_size: 2\nthemes:\n  - id: workload\n    title: W\nsections:\n" + oneSection, []want{{3, 17, `min_group_size is 2; it may never be below 3, or small groups could be recognised`}}},
		{"threshold not a number", "id: t\ntitle: T\nmin_group_size: five\nthemes:\n  - id: workload\n    title: W\nsections:\n" + oneSection, []want{{3, 17, `min_group_size must be a whole number, not "five"`}}},
		{"empty survey", "id: t\ntitle: T\nsections: []\n", []want{{3, 11, `the survey has no sections; add at least one section with questions`}}},
		{"empty section", header + "  - id: s\n    title: S\n    questions: []\n" + oneSection[:0], []want{{4, 9, `theme "workload" has no questions; add "theme: workload" to at least one agreement item, or remove the theme`}, {9, 16, `section "s" has no questions; add some or remove the section`}}},
		{"duplicate question id", header + oneSection + `  - id: s2
    title: S2
    questions:
      - id: q
        type: yesno
        text: Again?
`, []want{{17, 13, `question id "q" is already used at line 10`}}},
		{"duplicate section and theme ids", "id: t\ntitle: T\nthemes:\n  - id: w\n    title: W\n  - id: w\n    title: W2\nsections:\n" + strings.ReplaceAll(oneSection, "workload", "w") + "  - id: s\n    title: S\n    questions:\n      - {id: q2, type: yesno, text: Y ok}\n", []want{{6, 9, `theme id "w" is already used at line 4; ids must be unique`}, {16, 9, `section id "s" is already used at line 9; ids must be unique`}}},
		{"misspelt theme reference", header + strings.Replace(oneSection, "theme: workload", "theme: workloads", 1), []want{{4, 9, `theme "workload" has no questions; add "theme: workload" to at least one agreement item, or remove the theme`}, {13, 16, `theme "workloads" is not defined; did you mean "workload"?`}}},
		{"theme on a non-agreement question", header + oneSection + "      - {id: n, type: yesno, text: Y ok, theme: workload}\n", []want{{14, 42, `"theme" does not apply to a yesno question; remove it, or change the type`}}},
		{"unknown type", header + oneSection + "      - {id: n, type: agreemnt, text: Y ok}\n", []want{{14, 23, `unknown question type "agreemnt"; did you mean "agreement"?`}}},
		{"scale min above max", header + oneSection + "      - {id: n, type: scale, text: S ok, min: 10, max: 0}\n", []want{{14, 56, `max (0) must be above min (10)`}}},
		{"scale too wide", header + oneSection + "      - {id: n, type: scale, text: S ok, min: 0, max: 100}\n", []want{{14, 55, `a scale from 0 to 100 has 101 points; at most 11 fit on a page (0 to 10)`}}},
		{"scale of fractions", header + oneSection + "      - {id: n, type: scale, text: S ok, min: 0.5, max: 3}\n", []want{{14, 47, `a scale runs between whole numbers; use whole numbers for min and max`}}},
		{"number without max", header + oneSection + "      - {id: n, type: number, text: N ok, min: 0}\n", []want{{14, 9, `a number question needs both min and max`}}},
		{"text max_length out of range", header + oneSection + "      - {id: n, type: text, text: T ok, max_length: 0}\n", []want{{14, 53, `max_length is 0; it must be from 1 to 10000 characters`}}},
		{"choice with one option", header + oneSection + "      - {id: n, type: choice, text: C ok, options: [{value: a, label: A}]}\n", []want{{14, 52, `a choice question needs at least two options, each with a value and a label`}}},
		{"option value twice", header + oneSection + "      - {id: n, type: choice, text: C ok, options: [{value: a, label: A}, {value: a, label: B}]}\n", []want{{14, 83, `option value "a" is used twice in this question (first at line 14); each value must be unique`}}},
		{"options on agreement", header + oneSection + "      - {id: n, type: agreement, text: C ok, theme: workload, options: [{value: a, label: A}, {value: b, label: B}]}\n", []want{{14, 63, `"options" does not apply to an agreement question; remove it, or change the type`}}},
		{"segment on a number", header + oneSection + "      - {id: n, type: number, text: N ok, min: 0, max: 5, segment: true}\n", []want{{14, 59, `"segment" does not apply to a number question; remove it, or change the type`}}},
		{"show_if pointing forward", header + `  - id: s
    title: S
    questions:
      - id: q
        type: agreement
        text: Fine?
        theme: workload
        show_if: {question: later, equals: true}
      - {id: later, type: yesno, text: Later ok}
`, []want{{14, 29, `show_if must depend on an earlier question; "later" is not asked before "q"`}}},
		{"show_if on itself", header + oneSection + "      - {id: n, type: yesno, text: Y ok, show_if: {question: n, equals: true}}\n", []want{{14, 62, `show_if must depend on an earlier question; "n" is not asked before "n"`}}},
		{"show_if on an unsuitable question", header + oneSection + "      - {id: n, type: yesno, text: Y ok, show_if: {question: q, equals: 4}}\n", []want{{14, 62, `show_if can only depend on a choice or yesno question; "q" is an agreement question`}}},
		{"show_if on an unknown question", header + oneSection + "      - {id: n, type: yesno, text: Y ok, show_if: {question: qq, equals: true}}\n", []want{{14, 62, `show_if names question "qq", which is not defined; did you mean "q"?`}}},
		{"show_if value not an option", header + oneSection + "      - {id: c, type: choice, text: C ok, options: [{value: one, label: One}, {value: two, label: Two}]}\n      - {id: n, type: yesno, text: Y ok, show_if: {question: c, equals: three}}\n", []want{{15, 73, `"three" is not an option of "c"; use one of: one, two`}}},
		{"show_if yesno value", header + oneSection + "      - {id: y, type: yesno, text: Y ok}\n      - {id: n, type: yesno, text: Y ok, show_if: {question: y, equals: maybe}}\n", []want{{15, 73, `"y" is a yes/no question; show_if equals must be true or false`}}},
		{"replaces an id still in use", header + oneSection + "      - {id: n, type: yesno, text: Y ok, replaces: q}\n", []want{{14, 52, `question "n" replaces "q", but "q" is still asked in this survey; a replaced id must be gone`}}},
		{"breakdown on a non-segment question", header + oneSection + "breakdowns:\n  - q\n", []want{{15, 5, `breakdown by "q" is not allowed: it is not a segment question; add "segment: true" to a choice or yesno question`}}},
		{"breakdown on an unknown question", header + oneSection + "breakdowns:\n  - [q, team]\n", []want{{15, 6, `breakdown by "q" is not allowed: it is not a segment question; add "segment: true" to a choice or yesno question`}, {15, 9, `breakdown names question "team", which is not defined`}}},
		{"breakdown declared twice", header + oneSection + "      - {id: a, type: yesno, text: A ok, segment: true}\n      - {id: b, type: yesno, text: B ok, segment: true}\nbreakdowns:\n  - [a, b]\n  - [b, a]\n  - [a, a]\n  - [a, b, q]\n", []want{{18, 5, `breakdown b × a is already declared at line 17`}, {19, 5, `a breakdown pair needs two different questions`}, {20, 5, `a breakdown is one segment question, or a pair written [first, second]; this one names 3`}, {20, 12, `breakdown by "q" is not allowed: it is not a segment question; add "segment: true" to a choice or yesno question`}}},
		{"indicator on an incompatible type", header + oneSection + "indicators:\n  - {id: i, title: I, kind: mean, question: q}\n", []want{{15, 45, `a mean indicator needs a scale question; "q" is an agreement question`}}},
		{"enps not on 0 to 10", header + oneSection + "      - {id: r, type: scale, text: R ok, min: 1, max: 5}\nindicators:\n  - {id: i, title: I, kind: enps, question: r}\n", []want{{16, 45, `eNPS is read from a 0 to 10 scale; "r" runs from 1 to 5`}}},
		{"above without threshold", header + oneSection + "      - {id: c, type: number, text: C ok, min: 0, max: 50}\nindicators:\n  - {id: i, title: I, kind: above, question: c}\n", []want{{16, 5, `an above indicator needs a threshold`}}},
		{"threshold by an unknown option", header + oneSection + "      - {id: yq, type: choice, text: Y ok, options: [{value: asye, label: ASYE}, {value: other, label: Other}]}\n      - {id: c, type: number, text: C ok, min: 0, max: 50}\nindicators:\n  - id: i\n    title: I\n    kind: above\n    question: c\n    threshold: {default: 15, by: yq, values: {asey: 12}}\n", []want{{21, 47, `"asey" is not an option of "yq"; use one of: asye, other`}}},
		{"unknown indicator kind", header + oneSection + "indicators:\n  - {id: i, title: I, kind: median, question: q}\n", []want{{15, 29, `unknown indicator kind "median"; did you mean "mean"?`}}},
		{"bands with a gap", "id: t\ntitle: T\nbands:\n  - {label: low, min: 0, max: 40}\n  - {label: high, min: 50, max: 100}\nthemes:\n  - id: workload\n    title: W\nsections:\n" + oneSection, []want{{5, 5, `band "high" starts at 50; bands must run in order from 0 to 100 with no gap or overlap, so it should start at 41`}}},
		{"bands short of 100", header[:strings.Index(header, "sections:")] + "    bands: [{label: low, min: 0, max: 60}]\nsections:\n" + oneSection, []want{{6, 12, `the bands end at 60; the last band must end at 100`}}},
		{"theme without items", "id: t\ntitle: T\nthemes:\n  - id: workload\n    title: W\n  - id: unused\n    title: U\nsections:\n" + oneSection, []want{{6, 9, `theme "unused" has no questions; add "theme: unused" to at least one agreement item, or remove the theme`}}},
		{"wrong value types", header + oneSection + "      - {id: n, type: text, text: T ok, required: yes please, max_length: 1.5}\n", []want{{14, 51, `required must be true or false, not "yes please"`}, {14, 75, `max_length must be a whole number, not "1.5"`}}},
		{"empty text", header + oneSection + "      - {id: n, type: yesno, text: ''}\n", []want{{14, 36, `question text is empty; write it out or remove the key`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def, err := Parse("test.yaml", []byte(tt.yaml))
			var problems Problems
			if !errors.As(err, &problems) {
				t.Fatalf("Parse returned %v, %v; want problems", def, err)
			}
			if len(problems) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(problems), len(tt.want), problems)
			}
			for i, w := range tt.want {
				p := problems[i]
				if p.File != "test.yaml" || p.Line != w.line || p.Column != w.col || !strings.Contains(p.Message, w.message) {
					t.Errorf("problem %d is\n  %v\nwant\n  test.yaml:%d:%d: …%s…", i, p, w.line, w.col, w.message)
				}
			}
		})
	}
}

// documentedExample is the complete example in docs/survey-format.md, so
// the documentation cannot drift from what the loader accepts.
func documentedExample(t testing.TB) []byte {
	doc, err := os.ReadFile("../../docs/survey-format.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "## A complete example")
	_, rest, ok2 := strings.Cut(rest, "```yaml\n")
	example, _, ok3 := strings.Cut(rest, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("docs/survey-format.md has no complete example in a yaml block")
	}
	return []byte(example)
}

func TestParseReadsEveryField(t *testing.T) {
	def, err := Parse("example.yaml", documentedExample(t))
	if err != nil {
		t.Fatalf("the documented example does not validate:\n%v", err)
	}
	if def.ID != "team-check" || def.MinGroupSize != 5 || len(def.Sections) != 2 || len(def.Questions()) != 13 {
		t.Fatalf("survey read as id %q, k %d, %d sections, %d questions", def.ID, def.MinGroupSize, len(def.Sections), len(def.Questions()))
	}
	workload, _ := def.Theme("workload")
	supervision, _ := def.Theme("supervision")
	for _, c := range []struct {
		theme *Theme
		score float64
		band  string
	}{
		{workload, 50.4, "low"}, {workload, 50.5, "moderate"}, {workload, 74.4, "moderate"}, {workload, 75, "high"}, {workload, 0, "low"}, {workload, 100, "high"},
		{supervision, 59, "low"}, {supervision, 60, "moderate"}, {supervision, 80, "high"},
	} {
		if got := c.theme.Band(c.score); got != c.band {
			t.Errorf("theme %s band of %v = %q, want %q", c.theme.ID, c.score, got, c.band)
		}
	}
	q := func(id string) *Question {
		q, ok := def.Question(id)
		if !ok {
			t.Fatalf("question %q missing", id)
		}
		return q
	}
	if q("workload-unsafe").Reverse != true || q("workload-manageable").Required != true || q("team").Segment != true {
		t.Error("reverse, required or segment not read")
	}
	if got := q("supervision-regular").Replaces; got != "supervision-frequent" {
		t.Errorf("replaces = %q", got)
	}
	if c := q("supervisor-support").ShowIf; c == nil || *c != (Condition{Question: "has-supervisor", Value: "yes"}) {
		t.Errorf("show_if = %+v", c)
	}
	if s := q("satisfaction"); s.Min != 0 || s.Max != 10 || s.MinLabel != "Not at all satisfied" {
		t.Errorf("scale read as %+v", s)
	}
	if n := q("caseload"); n.Unit != "cases" || n.Max != 150 {
		t.Errorf("number read as %+v", n)
	}
	if tx := q("change-one-thing"); tx.MaxLength != 1000 {
		t.Errorf("max_length = %d", tx.MaxLength)
	}
	if o, ok := q("team").Option("long-term"); !ok || o.Label != "Long-term" {
		t.Errorf("option = %+v, %v", o, ok)
	}
	if got := fmt.Sprint(def.Breakdowns); got != "[{[team]} {[years-qualified]} {[team years-qualified]}]" {
		t.Errorf("breakdowns = %s", got)
	}
	caseload := def.Indicators[3]
	if caseload.Kind != Above || caseload.Threshold.For("asye") != 12 || caseload.Threshold.For("experienced") != 15 || caseload.Threshold.For("") != 15 {
		t.Errorf("caseload indicator read as %+v %+v", caseload, caseload.Threshold)
	}
	if got := strings.Join(workload.Keywords, ","); got != "caseload,workload,overtime,unallocated" {
		t.Errorf("keywords = %s", got)
	}
	if got := len(def.ThemeQuestions("supervision")); got != 2 {
		t.Errorf("supervision has %d items, want 2", got)
	}
}

func TestDefaults(t *testing.T) {
	def, err := Parse("t.yaml", []byte(header+oneSection+"      - {id: n, type: text, text: T ok}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if def.MinGroupSize != DefaultMinGroupSize {
		t.Errorf("k = %d, want %d", def.MinGroupSize, DefaultMinGroupSize)
	}
	if got := fmt.Sprint(def.Themes[0].Bands); got != fmt.Sprint(DefaultBands()) {
		t.Errorf("bands = %s", got)
	}
	if n, _ := def.Question("n"); n.MaxLength != DefaultTextMaxLength || n.Required {
		t.Errorf("text question read as %+v", n)
	}
}

func TestTooLargeFileIsRefused(t *testing.T) {
	big := header + oneSection + "# " + strings.Repeat("x", MaxDefinitionSize) + "\n"
	_, err := Parse("big.yaml", []byte(big))
	if err == nil || !strings.Contains(err.Error(), "a definition may be at most") {
		t.Fatalf("err = %v", err)
	}
}

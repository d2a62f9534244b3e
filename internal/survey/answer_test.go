package survey

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strings"
	"testing"
)

func exampleDefinition(t testing.TB) *Definition {
	t.Helper()
	def, err := Parse("example.yaml", documentedExample(t))
	if err != nil {
		t.Fatal(err)
	}
	return def
}

// jsonAnswers decodes answers as the API does, with numbers kept as json.Number.
func jsonAnswers(t testing.TB, s string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestDecodeAndCheckJSON(t *testing.T) {
	def := exampleDefinition(t)
	valid := `"team": "assessment", "years-qualified": "asye", "agency": false,
		"workload-manageable": 4, "workload-unsafe": 2, "caseload": 14.5, "satisfaction": 8,
		"recommend": 10, "has-supervisor": true, "supervisor-support": 5,
		"training": ["safeguarding", "practice-educator"], "change-one-thing": "More time ✓"`
	tests := []struct {
		name    string
		answers string
		want    string // the errors, as question: message; empty for none
	}{
		{"valid", valid, ""},
		{"only the required answer", `"workload-manageable": 1`, ""},
		{"null is unanswered", `"workload-manageable": 3, "team": null`, ""},
		{"missing required", `"team": "assessment"`, "workload-manageable: is required"},
		{"unknown question", `"workload-manageable": 3, "shoe-size": 9`, "shoe-size: there is no such question in this survey"},
		{"wrong JSON types", `"workload-manageable": "4", "team": 3, "agency": "no", "training": "safeguarding", "caseload": "12", "change-one-thing": 5`,
			"team: must be a string; agency: must be true or false; workload-manageable: must be a whole number; caseload: must be a number; training: must be an array of option values; change-one-thing: must be a string"},
		{"fraction on a scale", `"workload-manageable": 3.5`, "workload-manageable: must be a whole number"},
		{"agreement out of range", `"workload-manageable": 6`, "workload-manageable: must be from 1 (strongly disagree) to 5 (strongly agree)"},
		{"agreement zero", `"workload-manageable": 0`, "workload-manageable: must be from 1 (strongly disagree) to 5 (strongly agree)"},
		{"scale out of range", `"workload-manageable": 3, "satisfaction": 11`, "satisfaction: must be from 0 to 10"},
		{"number out of range", `"workload-manageable": 3, "caseload": -1`, "caseload: must be from 0 to 150"},
		{"huge number", `"workload-manageable": 3, "caseload": 1e400`, "caseload: must be a number"},
		{"option not in the list", `"workload-manageable": 3, "team": "fostering"`, `team: "fostering" is not one of the options`},
		{"multichoice unknown and twice", `"workload-manageable": 3, "training": ["safeguarding", "safeguarding"]`, `training: "safeguarding" is chosen twice`},
		{"hidden by show_if", `"workload-manageable": 3, "has-supervisor": false, "supervisor-support": 4`, `supervisor-support: is not asked unless "has-supervisor" is answered "yes"`},
		{"show_if target unanswered", `"workload-manageable": 3, "supervisor-support": 4`, `supervisor-support: is not asked unless "has-supervisor" is answered "yes"`},
		{"text too long", `"workload-manageable": 3, "change-one-thing": "` + strings.Repeat("é", 1001) + `"`, "change-one-thing: is 1001 characters long; the most is 1000"},
		{"text at its length", `"workload-manageable": 3, "change-one-thing": "` + strings.Repeat("é", 1000) + `"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answers, errs := def.DecodeJSON(jsonAnswers(t, "{"+tt.answers+"}"))
			if len(errs) == 0 {
				errs = def.Check(def.Questions(), answers)
			}
			if got := describe(errs); got != tt.want {
				t.Errorf("errors\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestDecodedAnswersKeepTheirValues(t *testing.T) {
	def := exampleDefinition(t)
	answers, errs := def.DecodeJSON(jsonAnswers(t, `{"caseload": 14.5, "training": ["practice-educator"], "has-supervisor": true, "team": "long-term", "satisfaction": 7}`))
	if errs != nil {
		t.Fatal(errs)
	}
	got := fmt.Sprintln(answers["caseload"].Number, answers["training"].Choices, answers["has-supervisor"].Yes, answers["team"].Text, answers["satisfaction"].Number)
	if got != "14.5 [practice-educator] true long-term 7\n" {
		t.Errorf("decoded %s", got)
	}
}

func TestDecodeForm(t *testing.T) {
	def := exampleDefinition(t)
	tests := []struct {
		name string
		form url.Values
		want string
	}{
		{"valid", url.Values{"q.team": {"assessment"}, "q.workload-manageable": {"4"}, "q.caseload": {" 12 "}, "q.has-supervisor": {"yes"}, "q.training": {"safeguarding", "practice-educator"}}, ""},
		{"blank is unanswered", url.Values{"q.workload-manageable": {"2"}, "q.caseload": {""}, "q.team": {"  "}}, ""},
		{"not a number", url.Values{"q.workload-manageable": {"2"}, "q.caseload": {"twelve"}}, "caseload: enter a number, such as 38 cases"},
		{"two answers to one question", url.Values{"q.workload-manageable": {"2", "3"}}, "workload-manageable: give one answer"},
		{"bad yes/no", url.Values{"q.workload-manageable": {"2"}, "q.has-supervisor": {"maybe"}}, "has-supervisor: choose yes or no"},
		{"invalid UTF-8", url.Values{"q.workload-manageable": {"2"}, "q.change-one-thing": {"a\xffb"}}, "change-one-thing: contains characters that are not valid text"},
		{"missing required", url.Values{}, "workload-manageable: is required"},
		{"out of range", url.Values{"q.workload-manageable": {"9"}}, "workload-manageable: must be from 1 (strongly disagree) to 5 (strongly agree)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answers, errs := DecodeForm(def.Questions(), func(f string) []string { return tt.form[f] })
			if len(errs) == 0 {
				errs = def.Check(def.Questions(), answers)
			}
			if got := describe(errs); got != tt.want {
				t.Errorf("errors\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// describe reads a list of answer errors as one line, empty for none.
func describe(errs AnswerErrors) string {
	if len(errs) == 0 {
		return ""
	}
	return errs.Error()
}

func TestNumberExampleFitsTheQuestion(t *testing.T) {
	for _, tt := range []struct {
		name     string
		min, max float64
		unit     string
		want     string
	}{
		{"a caseload", 0, 150, "cases", "such as 38 cases"},
		{"hours a week", 0, 80, "hours", "such as 20 hours"},
		{"a narrow range", 1, 2, "", "such as 1.5"},
		{"years qualified", 0, 50, "years", "such as 13 years"},
		{"no range", 0, 0, "", "such as 12"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := &Question{Type: Number, Min: tt.min, Max: tt.max, Unit: tt.unit}
			if got := NumberExample(q); got != tt.want {
				t.Errorf("NumberExample = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestEachAnswerFaultCarriesItsKind: every fault of a whole response comes
// with the kind the pages word it by, whatever its message says.
func TestEachAnswerFaultCarriesItsKind(t *testing.T) {
	def := exampleDefinition(t)
	tests := []struct {
		name    string
		answers string
		want    []AnswerErrorKind
	}{
		{"unknown question", `"workload-manageable": 3, "shoe-size": 9`, []AnswerErrorKind{UnknownQuestion}},
		{"wrong type", `"workload-manageable": "4"`, []AnswerErrorKind{WrongType}},
		{"required", `"team": "assessment"`, []AnswerErrorKind{Required}},
		{"out of range", `"workload-manageable": 6, "satisfaction": 11`, []AnswerErrorKind{OutOfRange, OutOfRange}},
		{"not an option", `"workload-manageable": 3, "team": "fostering"`, []AnswerErrorKind{NotAnOption}},
		{"chosen twice", `"workload-manageable": 3, "training": ["safeguarding", "safeguarding"]`, []AnswerErrorKind{ChosenTwice}},
		{"not asked", `"workload-manageable": 3, "supervisor-support": 4`, []AnswerErrorKind{NotAsked}},
		{"too long", `"workload-manageable": 3, "change-one-thing": "` + strings.Repeat("é", 1001) + `"`, []AnswerErrorKind{TooLong}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answers, errs := def.DecodeJSON(jsonAnswers(t, "{"+tt.answers+"}"))
			if len(errs) == 0 {
				_, errs = def.CheckResponse(answers)
			}
			var got []AnswerErrorKind
			for _, e := range errs {
				got = append(got, e.Kind)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("kinds %v, want %v (%v)", got, tt.want, errs)
			}
		})
	}
	form := []struct {
		name string
		form url.Values
		want AnswerErrorKind
	}{
		{"two answers to one question", url.Values{"q.workload-manageable": {"2", "3"}}, GiveOneAnswer},
		{"invalid UTF-8", url.Values{"q.change-one-thing": {"a\xffb"}}, NotText},
		{"not a number", url.Values{"q.caseload": {"twelve"}}, WrongType},
	}
	for _, tt := range form {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := DecodeForm(def.Questions(), func(f string) []string { return tt.form[f] })
			if len(errs) != 1 || errs[0].Kind != tt.want {
				t.Errorf("%v, want one fault of kind %s", errs, tt.want)
			}
		})
	}
}

// TestCheckResponseRefusesWhatNoEdgeDecodes: a fraction on a scale, a
// number that is not one, an answer to no question; each would be stored
// as something else.
func TestCheckResponseRefusesWhatNoEdgeDecodes(t *testing.T) {
	def := exampleDefinition(t)
	for name, answers := range map[string]Answers{
		"a fraction on a scale": {"workload-manageable": {Number: 3.5}},
		"NaN for a number":      {"workload-manageable": {Number: 3}, "caseload": {Number: math.NaN()}},
		"no such question":      {"workload-manageable": {Number: 3}, "shoe-size": {Number: 9}},
	} {
		if checked, errs := def.CheckResponse(answers); errs == nil || checked.Encoded() != nil {
			t.Errorf("%s: checked, encoded as %s", name, checked.Encoded())
		}
	}
	checked, errs := def.CheckResponse(Answers{"workload-manageable": {Number: 3}})
	if errs != nil || !checked.CheckedBy(def) || checked.CheckedBy(exampleDefinition(t)) {
		t.Errorf("a valid response: %v; checked by its definition %v", errs, checked.CheckedBy(def))
	}
}

// FuzzAppendJSONString: a string is stored as encoding/json writes it
// without HTML escaping, whether it is copied as it is or encoded.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain words", "<b>&</b>", `a "quote"`, `back\slash`, "tab\there", "\u2028\u2029", "é ✓ 😀", "\ufffd", "a\xffb", "\x00\x1f\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Errorf("%q stored as %s, want %s", s, got, want.Bytes())
		}
	})
}

package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

// TestTheAPIAndTheFormRefuseTheSameAnswers sends the same bad answers as
// JSON to the API and through the form's pages to its last one: each edge
// refuses them with the errors of the one submission check, question for
// question (the API in the domain's words, the page in its own words for
// each kind), and stores nothing. The demo's side is in internal/demo.
func TestTheAPIAndTheFormRefuseTheSameAnswers(t *testing.T) {
	f := newFixture(t)
	def := f.wave.Definition
	for _, tt := range []struct {
		name   string
		answer map[string]any // as JSON would carry it
	}{
		{"a required answer missing", map[string]any{"supervisor": true}},
		{"out of range, not an option, chosen twice and too long", map[string]any{
			"supervisor": true, "manageable": 9, "team": "east", "satisfaction": 11,
			"training": []string{"safeguarding", "safeguarding"}, "change": strings.Repeat("x", 201),
		}},
		{"a value not among a list's options", map[string]any{"supervisor": false, "manageable": 3, "training": []string{"juggling"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := json.Marshal(tt.answer)
			if err != nil {
				t.Fatal(err)
			}
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.UseNumber()
			var decoded map[string]any
			if err := dec.Decode(&decoded); err != nil {
				t.Fatal(err)
			}
			answers, errs := def.DecodeJSON(decoded)
			if errs != nil {
				t.Fatalf("the answers do not decode: %v", errs)
			}
			_, want := def.CheckResponse(answers)
			if len(want) == 0 {
				t.Fatal("the answers pass the check")
			}
			before := f.count()

			body := `{"code": "` + f.wave.LinkCode + `", "answers": ` + string(raw) + `}`
			status, got := f.do(nil, http.MethodPost, "/api/v1/responses", "application/json", strings.NewReader(body))
			var problem struct {
				Errors survey.AnswerErrors `json:"errors"`
			}
			if err := json.Unmarshal([]byte(got), &problem); err != nil || status != http.StatusUnprocessableEntity {
				t.Fatalf("the API: %d %s", status, got)
			}
			if !slices.EqualFunc(problem.Errors, want, func(a, b survey.AnswerError) bool { return a.Question == b.Question && a.Message == b.Message }) {
				t.Errorf("the API refuses with %v, want %v", problem.Errors, want)
			}

			var wantPage []string
			for _, e := range want {
				q, _ := def.Question(e.Question)
				wantPage = append(wantPage, pageMessage(q, e))
			}
			if gotPage := f.submitThroughTheForm(formValues(tt.answer)); !slices.Equal(gotPage, wantPage) {
				t.Errorf("the form's last page refuses with\n%q\nwant\n%q", gotPage, wantPage)
			}
			if after := f.count(); after != before {
				t.Errorf("%d responses stored from bad answers", after-before)
			}
		})
	}
}

// formValues are answers as a browser would post them.
func formValues(answers map[string]any) url.Values {
	form := url.Values{}
	for id, v := range answers {
		name := survey.FieldName(id)
		switch v := v.(type) {
		case bool:
			form.Set(name, survey.YesNoValue(v))
		case []string:
			form[name] = v
		case string:
			form.Set(name, v)
		case int:
			form.Set(name, strconv.Itoa(v))
		}
	}
	return form
}

// submitThroughTheForm posts each section's answers, opens the check page
// and presses Submit: the errors the check page then lists.
func (f *fixture) submitThroughTheForm(answers url.Values) []string {
	f.t.Helper()
	b := f.browser()
	code := f.wave.LinkCode
	f.begin(b, code)
	for i := range f.wave.Definition.Sections {
		path := "/s/" + code + "/sections/" + sectionNumber(i)
		_, page := f.do(b, http.MethodGet, path, "", nil)
		form := sectionAnswers(f.wave.Definition, i, answers)
		form.Set("_csrf", csrfOf(f.t, page))
		form.Set("_go", "next")
		if status, to := f.send(b, path, form); status != http.StatusSeeOther {
			f.t.Fatalf("POST %s: %d %s", path, status, to)
		}
	}
	status, check := f.do(b, http.MethodGet, "/s/"+code+"/check", "", nil)
	if status != http.StatusOK {
		f.t.Fatalf("the check page: %d", status)
	}
	if status, to := f.submitForm(b, code, check); status != http.StatusSeeOther || !strings.HasSuffix(to, "/check") {
		f.t.Fatalf("Submit with bad answers: %d to %s, want the check page again", status, to)
	}
	_, check = f.do(b, http.MethodGet, "/s/"+code+"/check", "", nil)
	return errorSummary(f.t, check)
}

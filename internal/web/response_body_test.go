package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/sayso/sayso/internal/survey"
	"github.com/sayso/sayso/surveys"
)

// strictResponse is responseRequest without its quick reader.
type strictResponse responseRequest

// FuzzQuickResponseReader: whatever the quick reader of a response body
// takes, the strict reader takes too, into the same code and answers.
func FuzzQuickResponseReader(f *testing.F) {
	for _, seed := range []string{
		`{"code": "ABC", "answers": ` + validAnswers + `}`,
		` {"answers":{"a":[],"b":null,"c":-0.5e+3,"d":"é ✓","e":[1,"x",true,null]},"code":"ABC"} ` + "\n",
		`{"code": "ABC", "answers": {}}`,
		`{"code": "", "answers": {}}`,
		`{"code": "ABC", "answers": null}`,
		`{"code": "ABC", "answers": {"a": 1, "a": 2}}`,
		`{"code": "ABC", "answers": {"a": 1, "A": 2}}`,
		`{"code": "ABC", "code": "DEF", "answers": {}}`,
		`{"Code": "ABC", "answers": {}}`,
		`{"code": "A\"BC", "answers": {}}`,
		`{"code": "ABC", "answers": {"a": "x\ny"}}`,
		`{"code": "ABC", "answers": {"a": 01}}`,
		`{"code": "ABC", "answers": {"a": 1.}}`,
		`{"code": "ABC", "answers": {"a": [[1]]}}`,
		`{"code": "ABC", "answers": {"a": {"b": 1}}}`,
		`{"code": "ABC", "answers": {"a": tru}}`,
		`{"code": "ABC", "answers": {"a": 1,}}`,
		`{"code": "ABC", "answers": {}} {}`,
		`{"code": "ABC", "answers": {}, "extra": 1}`,
		`{"code": 12, "answers": {}}`,
		`{"code": "` + string(bytes.Repeat([]byte("A"), 65)) + `", "answers": {}}`,
		`{"code": "ABC"}`,
		`[]`,
		``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !utf8.Valid(raw) {
			return // refused before either reader
		}
		var quick responseRequest
		if !quick.decodeQuickly(raw) {
			return
		}
		req := httptest.NewRequest(http.MethodPost, "/api/v1/responses", bytes.NewReader(raw))
		req.Header.Set("Content-Type", "application/json")
		var strict strictResponse
		if err := decodeJSONRequest(req, &strict, "a response"); err != nil {
			if validateRequest(&quick, "a response") == nil {
				t.Fatalf("the quick reader takes %q, which the strict one refuses: %v", raw, err)
			}
			return
		}
		if quick.Code != strict.Code || !reflect.DeepEqual(quick.Answers, strict.Answers) {
			t.Fatalf("%q read quickly as %q %#v, strictly as %q %#v", raw, quick.Code, quick.Answers, strict.Code, strict.Answers)
		}
	})
}

// TestTheQuickReaderTakesWhatClientsSend: the bodies respondents' clients
// send are read in one pass, not handed on to the strict reader.
func TestTheQuickReaderTakesWhatClientsSend(t *testing.T) {
	for _, body := range []string{
		`{"code": "ABC", "answers": ` + validAnswers + `}`,
		`{"answers":{"training":[],"team":null,"caseload":-0.5e+3,"change":"é ✓"},"code":"ABC"}`,
	} {
		var req responseRequest
		if !req.decodeQuickly([]byte(body)) || req.Code != "ABC" || len(req.Answers) == 0 {
			t.Errorf("declined or misread: %s: %+v", body, req)
		}
	}
}

// BenchmarkResponseBody reads a health-check-sized response body (every
// question of the shipped health check answered, as `sayso loadtest` sends
// them) the quick way and the strict way.
func BenchmarkResponseBody(b *testing.B) {
	cat, err := survey.ReadDir(surveys.FS, "surveys")
	if err != nil {
		b.Fatal(err)
	}
	src, _ := cat.Survey("health-check")
	answers := map[string]any{}
	for _, q := range src.Definition.Questions() {
		switch q.Type {
		case survey.Agreement, survey.Scale, survey.Number:
			answers[q.ID] = int(q.Min) + 1
		case survey.Choice:
			answers[q.ID] = q.Options[0].Value
		case survey.MultiChoice:
			answers[q.ID] = []string{q.Options[0].Value}
		case survey.YesNo:
			answers[q.ID] = true
		case survey.Text:
			answers[q.ID] = "more time for supervision and fewer forms"
		}
	}
	body, err := json.Marshal(map[string]any{"code": "ABCD-EFGH-JKLM", "answers": answers})
	if err != nil {
		b.Fatal(err)
	}
	read := func(b *testing.B, v any) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			req := httptest.NewRequest(http.MethodPost, "/api/v1/responses", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			if err := decodeJSONRequest(req, v, "a response"); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("quick", func(b *testing.B) { read(b, &responseRequest{}) })
	b.Run("strict", func(b *testing.B) { read(b, &strictResponse{}) })
}

// TestAReleasedMapOfAnswersKeepsNothing reads a response into a map, gives
// the map back, and reads another: the second holds its own answers
// alone, whichever map it was read into.
func TestAReleasedMapOfAnswersKeepsNothing(t *testing.T) {
	for range 20 {
		var first, second responseRequest
		if !first.decodeQuickly([]byte(`{"code": "ABC", "answers": {"a": 1, "b": "x", "c": [1, 2]}}`)) {
			t.Fatal("the first body was declined")
		}
		releaseAnswers(first.Answers)
		if !second.decodeQuickly([]byte(`{"code": "DEF", "answers": {"d": true}}`)) {
			t.Fatal("the second body was declined")
		}
		if len(second.Answers) != 1 || second.Answers["d"] != true {
			t.Fatalf("the second response's answers: %v", second.Answers)
		}
		releaseAnswers(second.Answers)
	}
}

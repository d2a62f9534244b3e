package web

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

func everyTypeDefinition(tb testing.TB) (*survey.Definition, []byte) {
	tb.Helper()
	src := testdataSource(tb, "every-type.yaml")
	return src.Definition, src.File.Data
}

// FuzzReadAnswersForm feeds arbitrary form bodies to the respondent form
// decoder. It must never panic; it refuses a form only as invalid; it
// keeps answers only to questions still asked; answers saved between
// pages read back exactly as they were; and answers
// with nothing wrong are stored and read back unchanged.
func FuzzReadAnswersForm(f *testing.F) {
	def, _ := everyTypeDefinition(f)
	for _, seed := range []string{
		"q.team=north&q.supervisor=yes&q.manageable=4&q.supervision-helps=5&q.satisfaction=8&q.caseload=17.5&q.training=safeguarding&q.training=mental-capacity&q.change=More+time",
		"q.supervisor=no&q.supervision-helps=5&q.manageable=3&_at=check&_go=submit",
		"q.manageable=6&q.caseload=-1&q.team=east&q.satisfaction=+8",
		"q.team=north&q.team=south&q.training=&q.training=nonsense",
		"q.change=%FF&q.shoe-size=9",
		"q.caseload=1e400&q.satisfaction=0x8&q.manageable=%204%20",
		"q.supervisor=yes&q.supervision-helps=&q.change=" + url.QueryEscape("line one\r\nline two\u00e9"),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		read, err := readAnswersForm(def, form)
		if err != nil {
			if survey.Code(err) != survey.ErrInvalid {
				t.Fatalf("refused other than as invalid: %v", err)
			}
			return
		}
		for id := range read.answers {
			q, ok := def.Question(id)
			if !ok || !def.Visible(q, read.answers) {
				t.Fatalf("kept an answer to %q, which is not asked", id)
			}
			if _, bad := read.problems[id]; bad {
				t.Fatalf("%q is both answered and a problem", id)
			}
		}

		// Saved between pages, sealed as JSON, the answers read back as
		// they were.
		sealed, err := json.Marshal(progressState{Code: "x", Values: read.values})
		if err != nil {
			t.Fatal(err)
		}
		var saved progressState
		if err := json.Unmarshal(sealed, &saved); err != nil {
			t.Fatal(err)
		}
		carried := saved.Values
		again, err := readAnswersForm(def, carried)
		if err != nil {
			t.Fatalf("the answers carried forward are refused: %v", err)
		}
		if !bytes.Equal(def.EncodeAnswers(again.answers), def.EncodeAnswers(read.answers)) || !maps.Equal(again.problems, read.problems) {
			t.Fatalf("carried forward, %v became %v", read.values, carried)
		}

		for _, s := range def.Sections {
			problems := read.check(s.Questions)
			for _, q := range read.visibleQuestions(s.Questions) {
				read.questionView(q, problems[q.ID])
			}
		}
		for _, q := range def.Questions() {
			a, answered := read.answers[q.ID]
			display(q, a, answered)
		}
		if len(read.check(def.Questions())) > 0 {
			return
		}
		encoded := def.EncodeAnswers(read.answers)
		decoded, err := def.DecodeStored(encoded)
		if err != nil || def.Check(def.Questions(), decoded) != nil || !bytes.Equal(def.EncodeAnswers(decoded), encoded) {
			t.Fatalf("accepted answers do not read back once stored: %s: %v", encoded, err)
		}
	})
}

// FuzzResponseCreate posts arbitrary bodies to POST /api/v1/responses,
// with @code@ standing for an open wave's link. The answer is never a
// 5xx: a 201 stores exactly one response, which is valid against the
// definition; a 4xx stores nothing.
func FuzzResponseCreate(f *testing.F) {
	ctx := context.Background()
	def, data := everyTypeDefinition(f)
	path := filepath.Join(f.TempDir(), "sayso.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	wave, err := db.OpenWave(ctx, store.NewWave{Source: &survey.Source{File: survey.File{Name: "every-type.yaml", Data: data}, Definition: def}, Name: "Fuzz", Access: survey.AccessLink})
	if err != nil {
		f.Fatal(err)
	}
	// A connection of its own, to read what was stored and clear it, so
	// that each check reads at most one response.
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { raw.Close() })
	// The limit on responses from one address is not under test here.
	srv := New(Config{Logger: discardLogger(), SubmitRate: 1_000_000}, db)

	for _, seed := range []string{
		`{"code": "@code@", "answers": ` + validAnswers + `}`,
		`{"code": "@code@", "answers": {"supervisor": false, "manageable": 1, "supervision-helps": 2}}`,
		`{"code": "@code@", "answers": {"supervisor": "yes", "manageable": 4.5, "team": ["north"]}}`,
		`{"code": "@code@", "answers": {"supervisor": true, "manageable": 5, "caseload": 1e400, "training": []}}`,
		`{"code": "@code@", "answers": {"supervisor": true, "manageable": 3}, "extra": 1}`,
		`{"code": "@code@", "answers": null}`,
		`{"code": "not-a-code", "answers": {}}`,
		`{"code": "@code@", "answers": {"supervisor": true, "manageable": 3, "change": "\u0000\ud800"}} {}`,
		`[]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		body = bytes.ReplaceAll(body, []byte("@code@"), []byte(wave.LinkCode))
		req := httptest.NewRequest(http.MethodPost, "/api/v1/responses", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%d with a body that is not JSON: %s", rec.Code, rec.Body)
		}
		rows, err := raw.Query("DELETE FROM responses RETURNING answers")
		if err != nil {
			t.Fatal(err)
		}
		var stored [][]byte
		for rows.Next() {
			var answers []byte
			if err := rows.Scan(&answers); err != nil {
				t.Fatal(err)
			}
			stored = append(stored, answers)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		switch rec.Code {
		case http.StatusCreated:
			if len(stored) != 1 {
				t.Fatalf("a 201 stored %d responses", len(stored))
			}
			answers, err := def.DecodeStored(stored[0])
			if err != nil || def.Check(def.Questions(), answers) != nil {
				t.Fatalf("stored an invalid response %s: %v", stored[0], err)
			}
		case http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
			if len(stored) != 0 {
				t.Fatalf("a %d stored %d responses: %s", rec.Code, len(stored), rec.Body)
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	})
}

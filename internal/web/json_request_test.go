package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestJSONBodiesAreStrict sends each JSON endpoint that takes a body what
// a careless or hostile client might: another media type or none, another
// charset, and a key written twice at any depth, which encoding/json
// would settle by keeping the last. Each is refused, 415 or 400 naming
// the key, and nothing is stored or changed.
func TestJSONBodiesAreStrict(t *testing.T) {
	f := newResultsFixture(t)
	link, this := f.wave.LinkCode, strconv.FormatInt(f.thisYear.ID, 10)
	response := `{"code": "` + link + `", "answers": ` + validAnswers + `}`
	action := `{"wave_id": ` + this + `, "theme": "workload", "title": "Fewer forms", "staff_said": "Forms take a day a week", "we_did": "Two forms merged", "owner": "PSW", "status": "done", "published": true}`
	changed := func() int { return f.count() + f.actionCount() }
	for _, c := range []struct {
		name, method, path, contentType, body string
		status                                int
		want                                  string
	}{
		{"a response as JSON", "POST", "/api/v1/responses", "application/json", response, 201, `"status":"received"`},
		{"a response as JSON in UTF-8", "POST", "/api/v1/responses", "application/json; charset=UTF-8", response, 201, `"status":"received"`},
		{"a response with no Content-Type", "POST", "/api/v1/responses", "", response, 415, "Content-Type: application/json"},
		{"a response as text", "POST", "/api/v1/responses", "text/plain", response, 415, "Content-Type: application/json"},
		{"a response as a form", "POST", "/api/v1/responses", "application/x-www-form-urlencoded", response, 415, "Content-Type: application/json"},
		{"a response as another JSON type", "POST", "/api/v1/responses", "application/json-patch+json", response, 415, "Content-Type: application/json"},
		{"a response in Latin-1", "POST", "/api/v1/responses", "application/json; charset=latin1", response, 415, "in UTF-8"},
		{"a response with a broken Content-Type", "POST", "/api/v1/responses", "application/json; charset", response, 415, "Content-Type: application/json"},
		{"the code twice", "POST", "/api/v1/responses", "application/json", `{"code": "NOPE", "answers": {}, "code": "` + link + `"}`, 400, `the key \"code\" more than once`},
		{"the code twice, in two cases", "POST", "/api/v1/responses", "application/json", `{"CODE": "NOPE", "answers": {}, "code": "` + link + `"}`, 400, `the key \"code\" more than once`},
		{"the code twice, one escaped", "POST", "/api/v1/responses", "application/json", `{"code": "NOPE", "answers": {}, "co\u0064e": "` + link + `"}`, 400, `the key \"code\" more than once`},
		{"an answer twice", "POST", "/api/v1/responses", "application/json", `{"code": "` + link + `", "answers": {"supervisor": true, "manageable": 3, "manageable": 9}}`, 400, `the key \"answers.manageable\" more than once`},
		{"a key twice deep in an array", "POST", "/api/v1/responses", "application/json", `{"code": "` + link + `", "answers": {"supervisor": true, "manageable": 3, "training": [{"a": 1, "a": 2}]}}`, 400, `the key \"answers.training[0].a\" more than once`},
		{"an action with no Content-Type", "POST", "/api/v1/actions", "", action, 415, "Content-Type: application/json"},
		{"an action as text", "PUT", "/api/v1/actions/1", "text/plain", action, 415, "Content-Type: application/json"},
		{"an action with its title twice", "POST", "/api/v1/actions", "application/json", strings.Replace(action, `"owner"`, `"title": "Other", "owner"`, 1), 400, `the key \"title\" more than once`},
		{"an action with published twice", "PUT", "/api/v1/actions/1", "application/json", strings.Replace(action, `"published": true`, `"published": true, "published": false`, 1), 400, `the key \"published\" more than once`},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := changed()
			req, err := http.NewRequest(c.method, f.server.URL+c.path, strings.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			if c.contentType != "" {
				req.Header.Set("Content-Type", c.contentType)
			}
			req.Header.Set("Authorization", "Bearer "+f.admin)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != c.status || !strings.Contains(string(body), c.want) || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
				t.Errorf("%d %s, want %d with %s", res.StatusCode, body, c.status, c.want)
			}
			if stored := changed() - before; c.status < 300 != (stored == 1) {
				t.Errorf("%d stored or changed with status %d", stored, res.StatusCode)
			}
		})
	}
}

package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// resultsFixture adds to the respondent fixture two waves of the team
// check, last year's and this year's, and a viewer's and an admin's API
// tokens.
type resultsFixture struct {
	*fixture
	lastYear, thisYear *survey.Wave
	viewer, admin      string
}

func newResultsFixture(t *testing.T) *resultsFixture {
	t.Helper()
	ctx := context.Background()
	f := &resultsFixture{fixture: newFixture(t)}
	src := testdataSource(t, "team-check.yaml")
	var err error
	if f.lastYear, err = f.db.OpenWave(ctx, store.NewWave{Source: src, Name: "Team check 2025", Access: survey.AccessLink, Headcount: 40}); err != nil {
		t.Fatal(err)
	}
	if f.thisYear, err = f.db.OpenWave(ctx, store.NewWave{Source: src, Name: "Team check 2026", Access: survey.AccessLink, Headcount: 40}); err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct {
		email string
		role  account.Role
		token *string
	}{{"viewer@example.org", account.Viewer, &f.viewer}, {"admin@example.org", account.Admin, &f.admin}} {
		if _, err := f.db.CreateAccount(ctx, a.email, a.role, staffHash()); err != nil {
			t.Fatal(err)
		}
		if *a.token, _, err = f.db.CreateToken(ctx, a.email, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// respond submits n responses to a wave through the API.
func (f *resultsFixture) respond(w *survey.Wave, n int, answers string) {
	f.t.Helper()
	for range n {
		status, body := f.do(nil, "POST", "/api/v1/responses", "application/json", strings.NewReader(`{"code": "`+w.LinkCode+`", "answers": `+answers+`}`))
		if status != http.StatusCreated {
			f.t.Fatalf("submitting %s: %d %s", answers, status, body)
		}
	}
}

func person(team, role string, manageable, satisfaction int, comment string) string {
	a := map[string]any{"manageable": manageable, "satisfaction": satisfaction}
	if team != "" {
		a["team"] = team
	}
	if role != "" {
		a["role"] = role
	}
	if comment != "" {
		a["change"] = comment
	}
	body, _ := json.Marshal(a)
	return string(body)
}

// get sends a GET with the given Authorization header (none for "").
func (f *resultsFixture) get(path, authorization string) (int, string) {
	f.t.Helper()
	req, err := http.NewRequest("GET", f.server.URL+path, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	res, err := f.server.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	if res.StatusCode == http.StatusOK && res.Header.Get("Cache-Control") != "no-store" {
		f.t.Errorf("GET %s: results may be cached: Cache-Control %q", path, res.Header.Get("Cache-Control"))
	}
	if res.StatusCode == http.StatusUnauthorized && res.Header.Get("WWW-Authenticate") == "" {
		f.t.Errorf("GET %s: a 401 without WWW-Authenticate", path)
	}
	return res.StatusCode, string(body)
}

func TestResultsRoutesNeedAToken(t *testing.T) {
	f := newResultsFixture(t)
	f.respond(f.thisYear, 6, person("north", "worker", 4, 7, "More time"))
	f.respond(f.lastYear, 6, person("north", "worker", 3, 6, ""))
	routes := []string{
		fmt.Sprintf("/api/v1/waves/%d/results", f.thisYear.ID),
		fmt.Sprintf("/api/v1/waves/%d/results?by=team", f.thisYear.ID),
		fmt.Sprintf("/api/v1/waves/%d/results?by=team,role", f.thisYear.ID),
		fmt.Sprintf("/api/v1/waves/%d/comments", f.thisYear.ID),
		fmt.Sprintf("/api/v1/waves/%d/compare/%d", f.thisYear.ID, f.lastYear.ID),
		"/api/v1/surveys/team-check/trend",
	}
	callers := []struct {
		name          string
		authorization string
		status        int
	}{
		{"no token", "", 401},
		{"a bad token", "Bearer sayso_" + strings.Repeat("A", 43), 401},
		{"a malformed token", "Bearer not-a-token", 401},
		{"another scheme", "Basic " + f.viewer, 401},
		{"the scheme alone", "Bearer", 401},
		{"a viewer", "Bearer " + f.viewer, 200},
		{"an admin", "bearer " + f.admin, 200},
	}
	for _, route := range routes {
		for _, caller := range callers {
			status, body := f.get(route, caller.authorization)
			if status != caller.status {
				t.Errorf("%s with %s: %d, want %d: %s", route, caller.name, status, caller.status, body)
			}
			if status == 401 && (body != `{"error":"a valid API token is required: send Authorization: Bearer TOKEN"}`+"\n" || strings.Contains(body, "6")) {
				t.Errorf("%s with %s: the 401 says more than it should: %s", route, caller.name, body)
			}
		}
	}
}

func TestResultsRoutesRefuseBadRequests(t *testing.T) {
	f := newResultsFixture(t)
	auth := "Bearer " + f.viewer
	this, last, other := f.thisYear.ID, f.lastYear.ID, f.wave.ID
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{fmt.Sprintf("/api/v1/waves/%d/results?by=manageable", this), 400, `results cannot be broken down by manageable: this survey allows by=team, by=role, by=team,role`},
		{fmt.Sprintf("/api/v1/waves/%d/results?by=role,team", this), 200, `"hidden":true`},
		{fmt.Sprintf("/api/v1/waves/%d/results?by=team,", this), 400, "names an empty question"},
		{fmt.Sprintf("/api/v1/waves/%d/results?by=team&by=role", this), 400, "give by once"},
		{fmt.Sprintf("/api/v1/waves/%d/results?by=%%FF", this), 400, "cannot be broken down"},
		{"/api/v1/waves/999/results", 404, "no wave"},
		{"/api/v1/waves/abc/results", 400, `\"abc\" is not a wave id`},
		{"/api/v1/waves/-1/comments", 400, "is not a wave id"},
		{"/api/v1/waves/99999999999999999999/results", 400, "is not a wave id"},
		{"/api/v1/waves/999/comments", 404, "no wave"},
		{fmt.Sprintf("/api/v1/waves/%d/compare/%d", this, other), 400, "only waves of the same survey can be compared"},
		{fmt.Sprintf("/api/v1/waves/%d/compare/%d", this, this), 400, "cannot be compared with itself"},
		{fmt.Sprintf("/api/v1/waves/%d/compare/999", this), 404, "no wave"},
		{fmt.Sprintf("/api/v1/waves/%d/compare/%d?by=manageable", this, last), 400, "both waves must declare a breakdown by manageable"},
		{"/api/v1/surveys/no-such-survey/trend", 404, `no wave of a survey \"no-such-survey\"`},
	}
	for _, tt := range tests {
		status, body := f.get(tt.path, auth)
		if status != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: %d %s; want %d with %q", tt.path, status, body, tt.status, tt.want)
		}
	}
}

// decode reads a JSON body into a generic value.
func decode(t *testing.T, body string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return v
}

func TestResultsAPIShowsNothingOfAWaveUnderK(t *testing.T) {
	f := newResultsFixture(t)
	auth := "Bearer " + f.admin
	f.respond(f.thisYear, 4, person("north", "worker", 5, 9, "Ring me on 07700 900123, the only one in north"))
	f.respond(f.lastYear, 10, person("north", "worker", 2, 3, "Less paperwork"))
	this, last := f.thisYear.ID, f.lastYear.ID
	for _, path := range []string{
		fmt.Sprintf("/api/v1/waves/%d/results", this),
		fmt.Sprintf("/api/v1/waves/%d/results?by=team", this),
		fmt.Sprintf("/api/v1/waves/%d/results?by=team,role", this),
		fmt.Sprintf("/api/v1/waves/%d/comments", this),
		fmt.Sprintf("/api/v1/waves/%d/compare/%d", this, last),
		fmt.Sprintf("/api/v1/waves/%d/compare/%d?by=team", last, this),
	} {
		status, body := f.get(path, auth)
		if status != 200 || !strings.Contains(body, `"hidden":true`) {
			t.Errorf("GET %s: %d %s", path, status, body)
		}
		for _, forbidden := range []string{"indicators", "themes", "questions", "distribution", "score", "mean", "groups", "07700", "only one", `"text"`} {
			if strings.Contains(body, forbidden) {
				t.Errorf("GET %s for a wave of 4 holds %q: %s", path, forbidden, body)
			}
		}
	}
	_, body := f.get("/api/v1/surveys/team-check/trend", auth)
	trend := decode(t, body)
	waves := trend["waves"].([]any)
	if len(waves) != 2 {
		t.Fatalf("trend: %s", body)
	}
	first, second := waves[0].(map[string]any), waves[1].(map[string]any)
	if first["wave"].(map[string]any)["name"] != "Team check 2025" || first["themes"] == nil || first["hidden"] != false {
		t.Errorf("the trend's first wave should be last year's, shown: %v", first)
	}
	if second["received"] != 4.0 || second["responses"] != 0.0 || second["hidden"] != true || second["themes"] != nil || second["indicators"] != nil {
		t.Errorf("the trend shows figures of a wave of 4: %v", second)
	}
}

// apiFigures are the figures the results API gives of the whole wave or
// of a group, as tests read them.
type apiFigures struct {
	Themes []struct {
		ID    string   `json:"id"`
		Title string   `json:"title"`
		Score *float64 `json:"score"`
		Band  string   `json:"band"`
	} `json:"themes"`
	Indicators []struct {
		ID     string   `json:"id"`
		Title  string   `json:"title"`
		Kind   string   `json:"kind"`
		Hidden bool     `json:"hidden"`
		Value  *float64 `json:"value"`
	} `json:"indicators"`
}

// apiResults is the results API's answer, as tests read it.
type apiResults struct {
	Responses    int      `json:"responses"`
	ResponseRate *float64 `json:"response_rate"`
	apiFigures
	Groups []struct {
		Label     string `json:"label"`
		Hidden    bool   `json:"hidden"`
		Responses *int   `json:"responses"`
		apiFigures
	} `json:"groups"`
}

// results reads a wave's results from the API as the fixture's viewer;
// query is "" or such as "?by=team".
func (f *resultsFixture) results(w *survey.Wave, query string) apiResults {
	f.t.Helper()
	status, body := f.get(fmt.Sprintf("/api/v1/waves/%d/results%s", w.ID, query), "Bearer "+f.viewer)
	if status != http.StatusOK {
		f.t.Fatalf("results API: %d %s", status, body)
	}
	var r apiResults
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		f.t.Fatal(err)
	}
	return r
}

// group is a group of a breakdown as the API shows it.
type group struct {
	Value     string   `json:"value"`
	Values    []string `json:"values"`
	Hidden    bool     `json:"hidden"`
	Responses *int     `json:"responses"`
	Themes    []any    `json:"themes"`
	Questions []any    `json:"questions"`
}

func (f *resultsFixture) groups(by string) (total int, groups []group, raw []map[string]any) {
	f.t.Helper()
	status, body := f.get(fmt.Sprintf("/api/v1/waves/%d/results?by=%s", f.thisYear.ID, by), "Bearer "+f.viewer)
	if status != 200 {
		f.t.Fatalf("by=%s: %d %s", by, status, body)
	}
	var r struct {
		Responses int     `json:"responses"`
		Groups    []group `json:"groups"`
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		f.t.Fatal(err)
	}
	var generic struct {
		Groups []map[string]any `json:"groups"`
	}
	if err := json.Unmarshal([]byte(body), &generic); err != nil {
		f.t.Fatal(err)
	}
	return r.Responses, r.Groups, generic.Groups
}

// TestResultsAPIHidesSmallGroups crafts a wave of 22 people: north 12 (10
// workers, 2 managers), south 6, east 3, west none, and one who gave no
// team, so that teams under k, a team exactly at k and the two declared
// breakdowns and their pair can all be tried against each other.
func TestResultsAPIHidesSmallGroups(t *testing.T) {
	f := newResultsFixture(t)
	f.respond(f.thisYear, 10, person("north", "worker", 4, 7, ""))
	f.respond(f.thisYear, 2, person("north", "manager", 1, 2, ""))
	f.respond(f.thisYear, 5, person("south", "worker", 3, 6, ""))
	f.respond(f.thisYear, 1, person("south", "", 3, 6, ""))
	f.respond(f.thisYear, 3, person("east", "worker", 5, 10, "East is fine, email me at jo@example.org"))
	f.respond(f.thisYear, 1, person("", "worker", 2, 4, ""))
	const k = 5

	visible := map[string]map[string]int{} // by breakdown, group value
	for _, by := range []string{"team", "role", "team,role"} {
		total, groups, raw := f.groups(by)
		if total != 22 {
			t.Fatalf("by=%s: %d responses", by, total)
		}
		visible[by] = map[string]int{}
		covered := 0
		for i, g := range groups {
			if g.Hidden {
				// A hidden group says so, names itself and carries no number.
				if g.Responses != nil || g.Themes != nil || g.Questions != nil || len(raw[i]) != 5 {
					t.Errorf("by=%s: hidden group %s carries %v", by, g.Value, raw[i])
				}
				continue
			}
			if *g.Responses < k {
				t.Errorf("by=%s: group %s of %d is shown", by, g.Value, *g.Responses)
			}
			visible[by][g.Value] = *g.Responses
			covered += *g.Responses
		}
		// No hidden group, nor any set of them, can be had as the total
		// minus the shown groups.
		if rest := total - covered; rest != 0 && rest < k {
			t.Errorf("by=%s: the hidden groups add up to %d, readable by subtraction", by, rest)
		}
	}
	// The groups that must be hidden: east (3), west (0), no team (1),
	// managers (2), north managers (2); and south (6) because the hidden
	// teams would otherwise add up to 4; the workers (20) because the
	// managers would otherwise be the total minus the workers.
	for _, hidden := range [][2]string{{"team", "east"}, {"team", "west"}, {"team", "not-answered"}, {"team", "south"}, {"role", "manager"}, {"role", "worker"}, {"team,role", "north,manager"}, {"team,role", "east,worker"}} {
		if n, shown := visible[hidden[0]][hidden[1]]; shown {
			t.Errorf("by=%s: group %s is shown with %d", hidden[0], hidden[1], n)
		}
	}
	if visible["team"]["north"] != 12 {
		t.Errorf("north (12) should be shown: %v", visible["team"])
	}
	// Combining breakdowns: within every shown team, the shown pairs of
	// that team leave 0 or at least k; and a shown pair never differs
	// from a shown team or role by fewer than k.
	for pair, n := range visible["team,role"] {
		team, role, _ := strings.Cut(pair, ",")
		for _, whole := range []int{visible["team"][team], visible["role"][role]} {
			if whole > 0 && whole-n > 0 && whole-n < k {
				t.Errorf("pair %s (%d) is shown beside a group of %d", pair, n, whole)
			}
		}
	}
	for team, n := range visible["team"] {
		inside := 0
		for pair, m := range visible["team,role"] {
			if strings.HasPrefix(pair, team+",") {
				inside += m
			}
		}
		if rest := n - inside; inside > 0 && rest > 0 && rest < k {
			t.Errorf("team %s (%d) minus its shown pairs leaves %d", team, n, rest)
		}
	}

	// Comments show with the wave over k, masked and with no attribute.
	_, body := f.get(fmt.Sprintf("/api/v1/waves/%d/comments", f.thisYear.ID), "Bearer "+f.viewer)
	comments := decode(t, body)
	list := comments["comments"].([]any)
	if comments["hidden"] != false || len(list) != 3 {
		t.Fatalf("comments: %s", body)
	}
	for _, c := range list {
		c := c.(map[string]any)
		// Besides its question and text, a comment carries only what is
		// read from its text: its theme tags and safeguarding flag.
		if len(c) != 4 || c["question"] != "change" || c["text"] != "East is fine, email me at [email removed]" || c["safeguarding"] != false || len(c["themes"].([]any)) != 0 {
			t.Errorf("comment %v", c)
		}
	}
}

// published drops from an answer what may move with every response: the
// counts received and withheld, and the response rate made from them.
func published(body string) string {
	for _, field := range []string{"received", "withheld", "response_rate"} {
		body = regexp.MustCompile(`"`+field+`":[0-9.]+,`).ReplaceAllString(body, "")
	}
	return body
}

func TestResultsAPIMovesOnlyInStepsOfK(t *testing.T) {
	f := newResultsFixture(t)
	auth := "Bearer " + f.viewer
	f.respond(f.lastYear, 8, person("south", "worker", 3, 6, ""))
	f.respond(f.thisYear, 10, person("north", "worker", 4, 7, "Fewer meetings"))
	paths := []string{
		fmt.Sprintf("/api/v1/waves/%d/results?by=team", f.thisYear.ID),
		fmt.Sprintf("/api/v1/waves/%d/comments", f.thisYear.ID),
		fmt.Sprintf("/api/v1/waves/%d/compare/%d", f.thisYear.ID, f.lastYear.ID),
		"/api/v1/surveys/team-check/trend",
	}
	before := map[string]string{}
	for _, p := range paths {
		_, before[p] = f.get(p, auth)
	}
	// Four people from a new team, each very unhappy: fewer than k.
	f.respond(f.thisYear, 4, person("east", "manager", 1, 0, "Only east says this"))
	for _, p := range paths {
		if _, after := f.get(p, auth); published(after) != published(before[p]) {
			t.Errorf("GET %s moved after 4 responses:\nbefore %s\nafter  %s", p, before[p], after)
		}
	}
	f.respond(f.thisYear, 1, person("east", "manager", 1, 0, ""))
	_, body := f.get(paths[0], auth)
	if r := decode(t, body); r["responses"] != 15.0 {
		t.Errorf("after k more responses the results should move to 15: %s", body)
	}
}

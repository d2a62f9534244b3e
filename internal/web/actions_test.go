package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/action"
	"github.com/sayso/sayso/internal/store"
)

// api sends a JSON request with the given bearer token ("" for none).
func (f *resultsFixture) api(method, path, token, body string) (int, string) {
	f.t.Helper()
	req, err := http.NewRequest(method, f.server.URL+path, strings.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := f.server.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return res.StatusCode, string(out)
}

func (f *resultsFixture) actionCount() int {
	f.t.Helper()
	list, err := f.db.Actions(context.Background(), store.ActionFilter{})
	if err != nil {
		f.t.Fatal(err)
	}
	return len(list)
}

func TestActionsAPI(t *testing.T) {
	f := newResultsFixture(t)
	this := strconv.FormatInt(f.thisYear.ID, 10)
	stored := &action.Action{WaveID: f.lastYear.ID, Theme: "workload", Title: "Caseload cap", StaffSaid: "Too many cases", WeDid: "A cap of 18", Owner: "Head of service", Status: action.InProgress}
	if err := f.db.CreateAction(context.Background(), stored); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(stored.ID, 10)
	valid := `{"wave_id": ` + this + `, "theme": "workload", "title": "Fewer forms", "staff_said": "Forms take a day a week", "we_did": "Two forms merged", "owner": "PSW", "status": "done", "due": "2027-03-31", "published": true}`
	with := func(field, value string) string {
		var m map[string]any
		_ = json.Unmarshal([]byte(valid), &m)
		var v any
		if err := json.Unmarshal([]byte(value), &v); err != nil {
			t.Fatalf("bad scenario value %s", value)
		}
		m[field] = v
		out, _ := json.Marshal(m)
		return string(out)
	}
	const none = ""
	for _, c := range []struct {
		name, method, path string
		token              string // "viewer", "admin" or none
		body               string
		status             int
		want, forbid       string
		stores             bool
	}{
		{"list without a token", "GET", "/api/v1/actions", none, "", 401, "", "Caseload cap", false},
		{"list as a viewer", "GET", "/api/v1/actions", "viewer", "", 200, `"title":"Caseload cap"`, "", false},
		{"list one wave", "GET", "/api/v1/actions?wave=" + this, "viewer", "", 200, `{"actions":[]}`, "Caseload cap", false},
		{"list a bad wave", "GET", "/api/v1/actions?wave=x", "viewer", "", 400, "not a wave id", "", false},
		{"show as a viewer", "GET", "/api/v1/actions/" + id, "viewer", "", 200, `"status":"in progress"`, "", false},
		{"show a missing one", "GET", "/api/v1/actions/999", "viewer", "", 404, "no action 999", "", false},
		{"show a bad id", "GET", "/api/v1/actions/abc", "viewer", "", 400, "not an action id", "", false},
		{"create without a token", "POST", "/api/v1/actions", none, valid, 401, "", "", false},
		{"create as a viewer", "POST", "/api/v1/actions", "viewer", valid, 403, "Only an admin", "", false},
		{"update as a viewer", "PUT", "/api/v1/actions/" + id, "viewer", valid, 403, "", "", false},
		{"delete as a viewer", "DELETE", "/api/v1/actions/" + id, "viewer", "", 403, "", "", false},
		{"malformed JSON", "POST", "/api/v1/actions", "admin", `{"title": `, 400, "not valid JSON", "", false},
		{"two values", "POST", "/api/v1/actions", "admin", valid + valid, 400, "more than one JSON value", "", false},
		{"an unknown field", "POST", "/api/v1/actions", "admin", with("colour", `"red"`), 400, "unknown field", "", false},
		{"a wave id as a string", "POST", "/api/v1/actions", "admin", with("wave_id", `"1"`), 400, `\"wave_id\" must be a whole number`, "", false},
		{"published as a string", "POST", "/api/v1/actions", "admin", with("published", `"yes"`), 400, `\"published\" must be true or false`, "", false},
		{"no title", "POST", "/api/v1/actions", "admin", with("title", `""`), 400, "Enter a title", "", false},
		{"a blank title", "POST", "/api/v1/actions", "admin", with("title", `"   "`), 400, "Enter a title", "", false},
		{"a title too long", "POST", "/api/v1/actions", "admin", with("title", `"`+strings.Repeat("x", 121)+`"`), 400, "Shorten a title to 120 characters or fewer", "", false},
		{"an unknown status", "POST", "/api/v1/actions", "admin", with("status", `"finished"`), 400, "Choose how far the action has got", "", false},
		{"a due date that is not a day", "POST", "/api/v1/actions", "admin", with("due", `"2027-02-30"`), 400, "Enter the due date as a real day", "", false},
		{"an unknown wave", "POST", "/api/v1/actions", "admin", with("wave_id", `999`), 400, "no wave 999", "", false},
		{"an unknown theme", "POST", "/api/v1/actions", "admin", with("theme", `"parking"`), 400, `theme \"parking\" is not a theme`, "", false},
		{"theme and question", "POST", "/api/v1/actions", "admin", with("question", `"manageable"`), 400, "not both", "", false},
		{"a question of another survey", "POST", "/api/v1/actions", "admin", strings.Replace(with("question", `"supervision-helps"`), `"theme":"workload",`, "", 1), 400, "not a question of this wave", "", false},
		{"invalid UTF-8", "POST", "/api/v1/actions", "admin", strings.Replace(valid, "Fewer", "Few\xff", 1), 400, "not valid UTF-8", "", false},
		{"an oversized body", "POST", "/api/v1/actions", "admin", with("we_did", `"`+strings.Repeat("x", MaxBodyBytes)+`"`), 413, "too large", "", false},
		{"create as an admin", "POST", "/api/v1/actions", "admin", valid, 201, `"title":"Fewer forms"`, "", true},
		{"update a missing one", "PUT", "/api/v1/actions/999", "admin", valid, 404, "", "", false},
		{"update as an admin", "PUT", "/api/v1/actions/" + id, "admin", with("status", `"planned"`), 200, `"status":"planned"`, "", false},
		{"delete a missing one", "DELETE", "/api/v1/actions/999", "admin", "", 404, "", "", false},
	} {
		token := map[string]string{"viewer": f.viewer, "admin": f.admin}[c.token]
		before := f.actionCount()
		status, body := f.api(c.method, c.path, token, c.body)
		if status != c.status || !strings.Contains(body, c.want) || c.forbid != "" && strings.Contains(body, c.forbid) {
			t.Errorf("%s: %d %.300s; want %d with %q", c.name, status, body, c.status, c.want)
		}
		if grew := f.actionCount() > before; grew != c.stores {
			t.Errorf("%s: stored an action: %v", c.name, grew)
		}
	}
	if got, _ := f.db.Action(context.Background(), stored.ID); got.Title != "Fewer forms" || got.Status != action.Planned || got.WaveID != f.thisYear.ID {
		t.Errorf("after the admin's update: %+v", got)
	}
	if status, _ := f.api("DELETE", "/api/v1/actions/"+id, f.admin, ""); status != 204 || f.actionCount() != 1 {
		t.Errorf("delete as an admin: %d, %d left", status, f.actionCount())
	}
	entries, err := f.db.AuditLog(context.Background(), 10)
	if err != nil || len(entries) != 3 || entries[0].Action != "delete action" || entries[2].Action != "add action" {
		t.Errorf("audit log: %+v %v", entries, err)
	}
}

func TestActionPagesByRole(t *testing.T) {
	f := newResultsFixture(t)
	viewer, admin := f.signIn()
	this := strconv.FormatInt(f.thisYear.ID, 10)
	form := url.Values{"wave": {this}, "about": {"theme:workload"}, "title": {"Protected supervision"}, "staff_said": {"Supervision gets cancelled"},
		"we_did": {"Supervision is now protected time"}, "owner": {"Team managers"}, "status": {"in progress"}, "due": {"2027-01-31"}, "published": {"true"}}

	// A viewer reads the list, but cannot open the form or post one.
	if status, body := f.send(viewer, "GET", "/actions", nil); status != 200 || strings.Contains(body, "Add an action") {
		t.Errorf("viewer's list: %d", status)
	}
	if status, _ := f.send(viewer, "GET", "/admin/actions/new?wave="+this, nil); status != 403 {
		t.Errorf("viewer opens the form: %d", status)
	}
	viewerForm := url.Values{"_csrf": {f.csrfFor(viewer)}}
	for k, v := range form {
		viewerForm[k] = v
	}
	if status, _ := f.send(viewer, "POST", "/admin/actions", viewerForm); status != 403 || f.actionCount() != 0 {
		t.Errorf("viewer posts an action: %d", status)
	}

	// Bad input: each field named in the error summary, nothing stored.
	token := f.csrfFor(admin)
	for _, c := range []struct {
		field, value, message string
	}{
		{"title", "", "Enter a title"},
		{"title", strings.Repeat("x", 121), "Shorten a title to 120 characters"},
		{"about", "theme:parking", "Choose the theme or question"},
		{"about", "", "Choose the theme or question"},
		{"status", "finished", "Choose how far the action has got"},
		{"due", "31/02/2027", "Enter the due date as a real day"},
		{"we_did", "", "Enter what was done"},
		{"owner", "\xff", "Shorten who owns the action"},
	} {
		bad := url.Values{"_csrf": {token}}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set(c.field, c.value)
		status, body := f.send(admin, "POST", "/admin/actions", bad)
		if status != 400 || !strings.Contains(body, `href="#`+c.field+`"`) || !strings.Contains(body, c.message) {
			t.Errorf("%s=%q: %d, no message %q", c.field, c.value, status, c.message)
		}
	}
	if f.actionCount() != 0 {
		t.Fatal("bad forms stored actions")
	}

	form.Set("_csrf", token)
	if status, body := f.send(admin, "POST", "/admin/actions", form); status != 303 || body != "/actions?done=added" {
		t.Fatalf("admin adds an action: %d %s", status, body)
	}
	list, _ := f.db.Actions(context.Background(), store.ActionFilter{})
	if len(list) != 1 || list[0].Status != action.InProgress || !list[0].Published || list[0].Due != "2027-01-31" {
		t.Fatalf("stored: %+v", list)
	}
	id := strconv.FormatInt(list[0].ID, 10)
	if status, body := f.send(admin, "GET", "/admin/actions/"+id, nil); status != 200 || !strings.Contains(body, `value="Protected supervision"`) || !strings.Contains(body, `value="theme:workload" selected`) {
		t.Errorf("edit form: %d", status)
	}
	form.Set("published", "")
	if status, _ := f.send(admin, "POST", "/admin/actions/"+id, form); status != 303 {
		t.Errorf("admin saves: %d", status)
	}
	if a, _ := f.db.Action(context.Background(), list[0].ID); a.Published {
		t.Error("unticking publish did not unpublish")
	}
	if status, _ := f.send(viewer, "POST", "/admin/actions/"+id+"/delete", url.Values{"_csrf": {f.csrfFor(viewer)}}); status != 403 || f.actionCount() != 1 {
		t.Errorf("viewer deletes: %d", status)
	}
	if status, _ := f.send(admin, "POST", "/admin/actions/"+id+"/delete", url.Values{"_csrf": {token}}); status != 303 || f.actionCount() != 0 {
		t.Errorf("admin deletes: %d", status)
	}
}

func TestYouSaidWeDidShowsOnlyPublishedActions(t *testing.T) {
	f := newResultsFixture(t)
	ctx := context.Background()
	anonymous := f.newBrowser()
	if status, body := f.send(anonymous, "GET", "/you-said-we-did", nil); status != 200 || !strings.Contains(body, "Nothing has been published yet") {
		t.Fatalf("empty page: %d %s", status, body)
	}
	for _, a := range []*action.Action{
		{WaveID: f.lastYear.ID, Theme: "workload", Title: "Caseload cap", StaffSaid: "Caseloads are too high <script>alert(1)</script>", WeDid: "A cap of 18 cases", Owner: "Head of service", Status: action.Done, Published: true},
		{WaveID: f.thisYear.ID, Question: "manageable", Title: "Admin support", StaffSaid: "Too much admin", WeDid: "Two business support officers", Owner: "PSW", Status: action.Planned, Due: "2027-04-30", Published: true},
		{WaveID: f.thisYear.ID, Theme: "workload", Title: "Draft: restructure", StaffSaid: "-", WeDid: "Not agreed yet", Owner: "Director", Status: action.Planned},
	} {
		if err := f.db.CreateAction(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	status, body := f.send(anonymous, "GET", "/you-said-we-did", nil)
	if status != 200 {
		t.Fatalf("public page: %d", status)
	}
	for _, want := range []string{"After Team check 2026", "After Team check 2025", "Admin support", "About: My workload is manageable.", "Due by 30 April 2027", "Caseload cap", "About: Workloads", ">Done<", ">Planned<",
		"Caseloads are too high &lt;script&gt;alert(1)&lt;/script&gt;"} {
		if !strings.Contains(body, want) {
			t.Errorf("the public page lacks %q", want)
		}
	}
	for _, forbidden := range []string{"Draft: restructure", "Not agreed yet", "<script>", "Not published", "Sign out"} {
		if strings.Contains(body, forbidden) {
			t.Errorf("the public page shows %q", forbidden)
		}
	}
	if strings.Index(body, "After Team check 2026") > strings.Index(body, "After Team check 2025") {
		t.Error("the newest wave's actions should come first")
	}
	if strings.Contains(body, "<script") || strings.Contains(body, "<form") {
		t.Error("the public page needs script or a form")
	}
	viewer, _ := f.signIn()
	if _, staff := f.send(viewer, "GET", "/actions", nil); !strings.Contains(staff, "Draft: restructure") || !strings.Contains(staff, "Not published") {
		t.Error("staff do not see the unpublished action")
	}
}

package web

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	_ "modernc.org/sqlite"

	"github.com/sayso/sayso/internal/progress"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

const testAgent = "SaysoTestAgent/9.9 (unique-agent-marker)"

func (f *fixture) postWithAgent(path, contentType, body string) int {
	f.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.server.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", testAgent)
	req.Header.Set("X-Forwarded-For", "203.0.113.77")
	res, err := f.server.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestStorageHoldsNothingThatIdentifies submits responses through the API
// and the pages over a real socket, then reads the database file, its WAL
// and its shared-memory file as bytes: no client address, user agent or
// invitation code may be anywhere in them.
func TestStorageHoldsNothingThatIdentifies(t *testing.T) {
	f := newFixture(t)
	for _, code := range f.codes[:4] {
		if status := f.postWithAgent("/api/v1/responses", "application/json", `{"code": "`+code+`", "answers": `+validAnswers+`}`); status != 201 {
			t.Fatalf("API submit: %d", status)
		}
	}
	if status := f.postWithAgent("/api/v1/responses", "application/json", `{"code": "`+f.wave.LinkCode+`", "answers": `+validAnswers+`}`); status != 201 {
		t.Fatalf("API submit by link: %d", status)
	}
	b := f.browser()
	_, check := f.fill(b, f.begin(b, f.codes[4]), url.Values{"q.supervisor": {"no"}, "q.manageable": {"2"}})
	form := url.Values{"_csrf": {csrfOf(t, check)}, "_token": {tokenOf(t, check)}, "_go": {"submit"}}
	if status, _ := f.sendWithAgent(b, "/s/"+f.codes[4]+"/check", form, testAgent); status != http.StatusSeeOther || f.count() != 6 {
		t.Fatalf("form submit: %d, %d stored", status, f.count())
	}

	var stored []byte
	for _, suffix := range []string{"", "-wal", "-shm"} {
		data, err := os.ReadFile(f.dbPath + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		stored = append(stored, data...)
	}
	if !bytes.Contains(stored, []byte("More time")) {
		t.Fatal("the answers are not in the bytes read: the test would prove nothing")
	}
	forbidden := []string{"127.0.0.1", "203.0.113.77", testAgent, "unique-agent-marker"}
	for _, code := range f.codes {
		forbidden = append(forbidden, code, strings.ReplaceAll(code, "-", ""), strings.ToLower(code))
	}
	for _, s := range forbidden {
		if bytes.Contains(stored, []byte(s)) {
			t.Errorf("the database holds %q", s)
		}
	}
}

// TestStorageOrderSaysNothingOfArrival stores responses one after another
// and reads the table in its own order: that order must not be the order
// they came in, row ids must be random rather than a count, and dates must
// be days.
func TestStorageOrderSaysNothingOfArrival(t *testing.T) {
	f := newFixture(t)
	const n = 30
	for i := range n {
		answers := fmt.Sprintf(`{"supervisor": false, "manageable": 3, "change": "arrival-%02d"}`, i)
		if status, body := f.do(nil, http.MethodPost, "/api/v1/responses", "application/json", strings.NewReader(`{"code": "`+f.wave.LinkCode+`", "answers": `+answers+`}`)); status != 201 {
			t.Fatalf("submit %d: %d %s", i, status, body)
		}
	}
	raw, err := sql.Open("sqlite", "file:"+f.dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	// Below the wave's id, each key holds 40 random bits: thirty counted
	// from one would all lie under 2^20.
	var largest int64
	if err := raw.QueryRow("SELECT max(id & ((1 << 40) - 1)) FROM responses").Scan(&largest); err != nil {
		t.Fatal(err)
	}
	if largest < 1<<20 {
		t.Errorf("below the wave's id, the largest key is %d: keys look like a count, not random", largest)
	}
	rows, err := raw.Query("SELECT submitted_on, answers FROM responses ORDER BY rowid")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var order []string
	day := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	arrival := regexp.MustCompile(`arrival-\d\d`)
	for rows.Next() {
		var on, answers string
		if err := rows.Scan(&on, &answers); err != nil {
			t.Fatal(err)
		}
		if !day.MatchString(on) {
			t.Errorf("submitted_on %q is more precise than a day", on)
		}
		order = append(order, arrival.FindString(answers))
	}
	if len(order) != n {
		t.Fatalf("read %d responses, want %d", len(order), n)
	}
	sorted := true
	for i := 1; i < n; i++ {
		sorted = sorted && order[i-1] < order[i]
	}
	if sorted {
		t.Error("the table's own order is the order responses arrived in")
	}
	var columns []string
	cols, _ := raw.Query("SELECT name FROM pragma_table_info('responses')")
	for cols.Next() {
		var name string
		cols.Scan(&name)
		columns = append(columns, name)
	}
	cols.Close()
	if got := strings.Join(columns, ","); got != "id,submitted_on,answers" {
		t.Errorf("responses has columns %s", got)
	}
	var codeColumns string
	raw.QueryRowContext(context.Background(), "SELECT group_concat(name) FROM pragma_table_info('codes')").Scan(&codeColumns)
	if codeColumns != "hash,wave_id,used" {
		t.Errorf("codes has columns %s: a used code must carry no time", codeColumns)
	}
}

// TestAccessLogsHoldNoCodes requests every route with codes in it, good
// and bad, and reads the log.
func TestAccessLogsHoldNoCodes(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	paths := []string{"/s/" + f.codes[5], "/s/" + f.closedC, "/s/NOPE-" + f.codes[6], "/api/v1/surveys/" + f.codes[7], "/unknown/" + f.codes[8], "/s/" + f.codes[9] + "/extra"}
	for _, p := range paths {
		f.do(b, http.MethodGet, p, "", nil)
	}
	f.do(nil, http.MethodPost, "/api/v1/responses", "application/json", strings.NewReader(`{"code": "`+f.codes[5]+`", "answers": {"manageable": 9}}`))
	f.do(nil, http.MethodPost, "/s/"+f.codes[5]+"/sections/1", "application/x-www-form-urlencoded", strings.NewReader("_go=next"))
	secret := progress.NewSecret().String()
	f.do(nil, http.MethodGet, "/resume/"+secret, "", nil)
	logs := f.logs.String()
	if !strings.Contains(logs, `"route":"/s/:code"`) || !strings.Contains(logs, `"route":"/s/:code/sections/:n"`) || !strings.Contains(logs, `"route":"/resume/:secret"`) || !strings.Contains(logs, `"status":422`) {
		t.Fatalf("the requests were not logged:\n%s", logs)
	}
	for _, code := range append(f.codes, f.closedC, f.wave.LinkCode, secret) {
		for _, form := range []string{code, strings.ReplaceAll(code, "-", "")} {
			if strings.Contains(logs, form) {
				t.Errorf("the log holds code %s:\n%s", form, logs)
			}
		}
	}
	if strings.Contains(logs, "127.0.0.1") {
		t.Errorf("the log holds a client address:\n%s", logs)
	}
}

// itemCheck is a survey with two statements in one theme and a number
// question with a threshold, so that items can be withheld inside a group
// that shows.
const itemCheck = `id: item-check
title: Item check
min_group_size: 5
themes:
  - {id: workload, title: Workloads}
sections:
  - id: s
    title: S
    questions:
      - id: team
        type: choice
        text: Which team are you in?
        segment: true
        options:
          - {value: north, label: North}
          - {value: south, label: South}
      - {id: manageable, type: agreement, text: My workload is manageable., theme: workload}
      - {id: asye, type: agreement, text: My ASYE support is as promised., theme: workload}
      - {id: caseload, type: number, text: "How many cases do you hold?", min: 0, max: 150}
breakdowns: [team]
indicators:
  - {id: over-caseload, title: Caseload above the safe level, kind: above, question: caseload, threshold: {default: 15}}
`

// openItemCheck opens a wave of the item check.
func (f *resultsFixture) openItemCheck(name string) *survey.Wave {
	f.t.Helper()
	w, err := f.db.OpenWave(context.Background(), store.NewWave{Source: sourceOf(f.t, "item-check.yaml", []byte(itemCheck)), Name: name, Access: survey.AccessLink, Headcount: 20})
	if err != nil {
		f.t.Fatal(err)
	}
	return w
}

// TestWithheldItemsShowNoNumberAnywhere makes a wave whose north team (8)
// shows, but in which only 2 answered the ASYE statement and the caseload:
// those are withheld there and in the whole wave. Every page, the CSV, the
// chart, the comparison and the board report must say "Withheld" in their
// place and give no number of them; the theme says what its score is from.
func TestWithheldItemsShowNoNumberAnywhere(t *testing.T) {
	f := newResultsFixture(t)
	earlier, later := f.openItemCheck("Item check 2025"), f.openItemCheck("Item check 2026")
	f.respond(earlier, 8, `{"team": "north", "manageable": 3, "asye": 3, "caseload": 12}`)
	f.respond(earlier, 8, `{"team": "south", "manageable": 3, "asye": 3, "caseload": 12}`)
	f.respond(later, 6, `{"team": "north", "manageable": 4}`)
	f.respond(later, 2, `{"team": "north", "manageable": 4, "asye": 1, "caseload": 31}`)
	f.respond(later, 8, `{"team": "south", "manageable": 2}`)
	viewer, _ := f.signIn()
	id := strconv.FormatInt(later.ID, 10)
	const withheld = "Withheld: fewer than 5 people answered it, or showing it could reveal someone's answers"

	// The API is the ground truth: north shows, its items do not.
	_, body := f.get("/api/v1/waves/"+id+"/results?by=team", "Bearer "+f.viewer)
	type question struct {
		ID     string `json:"id"`
		Hidden bool   `json:"hidden"`
	}
	type group struct {
		Label     string     `json:"label"`
		Hidden    bool       `json:"hidden"`
		Questions []question `json:"questions"`
	}
	var api struct {
		Groups []group `json:"groups"`
	}
	if err := json.Unmarshal([]byte(body), &api); err != nil {
		t.Fatal(err)
	}
	north := slices.IndexFunc(api.Groups, func(g group) bool { return g.Label == "North" })
	if north < 0 || api.Groups[north].Hidden || len(api.Groups[north].Questions) == 0 {
		t.Fatalf("the fixture should show north: %s", body)
	}
	for _, q := range api.Groups[north].Questions {
		if want := q.ID != "manageable"; q.Hidden != want {
			t.Fatalf("north's %s: hidden %v, want %v: %s", q.ID, q.Hidden, want, body)
		}
	}
	var raw struct {
		Groups []struct {
			Questions []map[string]any `json:"questions"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(body), &raw); err != nil {
		t.Fatal(err)
	}
	for _, q := range raw.Groups[north].Questions {
		if q["hidden"] != true {
			continue
		}
		for key, value := range q {
			if !slices.Contains([]string{"id", "type", "text", "theme", "hidden", "answered"}, key) || key == "answered" && value != 0.0 {
				t.Errorf("the API gives north's withheld %s a %s: %v", q["id"], key, value)
			}
		}
	}

	page := func(path string) *html.Node {
		t.Helper()
		status, body := f.send(viewer, "GET", path, nil)
		if status != 200 {
			t.Fatalf("GET %s: %d %.300s", path, status, body)
		}
		return parsePage(t, body)
	}
	tests := []struct {
		name, path string
		// rows maps a row's header to the exact text each of its cells
		// must read after the header, in order.
		rows map[string][]string
	}{
		{"overview", "/waves/" + id, map[string][]string{
			"Caseload above the safe level": {withheld},
			"Workloads":                     {withheld + " 1 of its 2 statements withheld", "withheld"},
		}},
		{"theme", "/waves/" + id + "/themes/workload", map[string][]string{
			"My ASYE support is as promised.": {withheld},
		}},
		{"breakdown", "/waves/" + id + "/breakdown?by=team", map[string][]string{
			"North": {"8", withheld + " 1 of its 2 statements withheld"},
		}},
		{"workload", "/waves/" + id + "/workload", map[string][]string{
			"Everyone": {withheld},
			"North":    {withheld},
		}},
		{"comparison", "/surveys/item-check/compare", map[string][]string{
			"My ASYE support is as promised.": {"50", withheld, "–", "Not compared: withheld", "–", "–"},
			"Caseload above the safe level":   {"0%", withheld, "", "–", "Not compared: withheld"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := page(tt.path)
			for header, want := range tt.rows {
				got, ok := rowCells(doc, header)
				if !ok {
					t.Fatalf("no row %q", header)
				}
				if !slices.Equal(got, want) {
					t.Errorf("row %q reads %q, want %q", header, got, want)
				}
			}
			if text := textOf(doc); strings.Contains(text, "31") || strings.Contains(text, "0 answered") {
				t.Errorf("the page gives a withheld answer or count: %s", text)
			}
		})
	}

	// The segment question shows only as a link to its breakdown.
	linked := false
	for n := range page("/waves/" + id).Descendants() {
		if n.DataAtom == atom.A && textOf(n) == "Which team are you in?" {
			linked = slices.Contains(n.Attr, html.Attribute{Key: "href", Val: "/waves/" + id + "/breakdown?by=team"})
		}
	}
	if !linked {
		t.Error("the overview does not link to the breakdown by team")
	}

	// The workload page draws no chart of the withheld question, and its
	// chart is not served.
	if text := textOf(page("/waves/" + id + "/workload")); !strings.Contains(text, "How many cases do you hold? Withheld: fewer than 5 people answered it") || strings.Contains(text, "Mean") {
		t.Errorf("workload page: %s", text)
	}
	if status, body := f.send(viewer, "GET", "/waves/"+id+"/charts/question-caseload.svg", nil); status != 404 || !strings.Contains(body, "withheld") {
		t.Errorf("the chart of a withheld question: %d %s", status, body)
	}
	if status, body := f.send(viewer, "GET", "/waves/"+id+"/charts/theme-workload.svg", nil); status != 200 || strings.Contains(body, "ASYE") || !strings.Contains(body, "manageable") {
		t.Errorf("the theme's chart should draw only the statement shown: %d %.300s", status, body)
	}

	// The CSV says "withheld" in the value and nothing in the numbers. In
	// south nobody was asked about their ASYE or caseload: those are true
	// zeros, audited with the rest.
	_, export := f.send(viewer, "GET", "/waves/"+id+"/results.csv?by=team", nil)
	rows, err := csv.NewReader(strings.NewReader(export)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("CSV: %v %s", err, export)
	}
	found := map[string]bool{}
	for _, row := range rows[1:] {
		group, kind, item, value := row[0], row[2], row[3], row[5]
		if group == "South" {
			continue
		}
		if item == "asye" || item == "caseload" || item == "over-caseload" {
			found[group+" "+item] = true
			if value != "withheld" || row[6] != "" || row[7] != "" || row[8] != "" || !strings.Contains(row[10], "fewer than 5 people answered it") {
				t.Errorf("CSV row of withheld %s (%s): %q", item, group, row)
			}
		}
		if item == "team" || strings.HasPrefix(item, "team=") {
			t.Errorf("the CSV gives the segment question's figures: %q", row)
		}
		if strings.HasPrefix(item, "asye=") || strings.HasPrefix(item, "caseload=") {
			t.Errorf("the CSV gives an answer of a withheld question: %q", row)
		}
		if kind == "theme score" && (row[5] != "withheld" || row[6] != "" || row[10] != "1 of its 2 statements withheld: fewer than 5 people answered it, or showing it could reveal someone's answers") {
			t.Errorf("the CSV's theme score is not withheld with its statement: %q", row)
		}
	}
	for _, want := range []string{"whole wave asye", "whole wave caseload", "whole wave over-caseload", "North asye", "North caseload", "North over-caseload"} {
		if !found[want] {
			t.Errorf("the CSV has no row for %s", want)
		}
	}

	// The board report, as sayso report writes it.
	report := page("/surveys/item-check/report")
	const reportWithheld = "Withheld: too few answered, or it could reveal someone's answers"
	for header, want := range map[string][]string{
		"My ASYE support is as promised.": {"50", reportWithheld, "–", "Not compared: withheld", "withheld", "withheld"},
		"Caseload above the safe level":   {"0%", reportWithheld, "", "–", "Not compared: withheld"},
		"Workloads":                       {"50", reportWithheld + " (1 of its 2 statements withheld)", "", "–", "Not compared: withheld", "withheld", "–"},
	} {
		if got, ok := rowCells(report, header); !ok || !slices.Equal(got, want) {
			t.Errorf("report row %q reads %q, want %q", header, got, want)
		}
	}
	if text := textOf(report); strings.Contains(text, "31") || !strings.Contains(text, "Interim results published on") {
		t.Errorf("the report: %s", text)
	}
}

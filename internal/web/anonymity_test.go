package web

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
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
	_, start := f.do(b, http.MethodGet, "/s/"+f.codes[4], "", nil)
	form := url.Values{"_csrf": {csrfOf(t, start)}, "_at": {"check"}, "_go": {"submit"}, "q.supervisor": {"no"}, "q.manageable": {"2"}}
	req, _ := http.NewRequest(http.MethodPost, f.server.URL+"/s/"+f.codes[4], strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", testAgent)
	res, err := b.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || f.count() != 6 {
		t.Fatalf("form submit: %d, %d stored", res.StatusCode, f.count())
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
	var smallest int64
	if err := raw.QueryRow("SELECT min(rowid) FROM responses").Scan(&smallest); err != nil {
		t.Fatal(err)
	}
	if smallest < 1<<40 {
		t.Errorf("the smallest row id is %d: ids look like a count, not random", smallest)
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
	if got := strings.Join(columns, ","); got != "id,wave_id,submitted_on,answers" {
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
	f.do(nil, http.MethodPost, "/s/"+f.codes[5], "application/x-www-form-urlencoded", strings.NewReader("_at=0"))
	logs := f.logs.String()
	if !strings.Contains(logs, `"route":"/s/:code"`) || !strings.Contains(logs, `"status":422`) {
		t.Fatalf("the requests were not logged:\n%s", logs)
	}
	for _, code := range append(f.codes, f.closedC, f.wave.LinkCode) {
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

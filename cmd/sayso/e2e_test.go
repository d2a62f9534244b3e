package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestEndToEnd builds the real binary and drives it as an operator and a
// respondent would: open a wave on a fresh database, make codes, start the
// server on a free port, answer, and stop it with SIGTERM.
func TestEndToEnd(t *testing.T) {
	bin := saysoBinary(t)
	db := filepath.Join(t.TempDir(), "fresh.db")
	sayso := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(bin, append(args, "--db", db)...).Output()
		if err != nil {
			t.Fatalf("sayso %v: %v", args, err)
		}
		return string(out)
	}

	var opened struct {
		ID       int64  `json:"id"`
		LinkCode string `json:"link_code"`
	}
	if err := json.Unmarshal([]byte(sayso("wave", "open", "--init", "--survey", "health-check", "--name", "Health check 2026", "--access", "both", "--headcount", "120", "--json")), &opened); err != nil || opened.ID != 1 || opened.LinkCode == "" {
		t.Fatalf("wave open --json: %+v, %v", opened, err)
	}
	rows, err := csv.NewReader(strings.NewReader(sayso("codes", "--wave", "1", "--count", "3", "--base-url", "https://survey.example.gov.uk/"))).ReadAll()
	if err != nil || len(rows) != 4 || strings.Join(rows[0], ",") != "code,link" || rows[1][1] != "https://survey.example.gov.uk/s/"+rows[1][0] {
		t.Fatalf("codes CSV: %v %v", rows, err)
	}
	code := rows[1][0]

	server := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db)
	stdout, _ := server.StdoutPipe()
	var logs strings.Builder
	server.Stderr = &logs
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	defer server.Process.Kill()
	base := readBaseURL(t, stdout)
	go io.Copy(io.Discard, stdout)

	post := func(body string) (int, string) {
		t.Helper()
		res, err := http.Post(base+"/api/v1/responses", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(out)
	}
	count := func() int {
		t.Helper()
		var waves []struct {
			Responses int    `json:"responses"`
			Status    string `json:"status"`
			Survey    string `json:"survey"`
			Name      string `json:"name"`
		}
		if err := json.Unmarshal([]byte(sayso("wave", "list", "--json")), &waves); err != nil || len(waves) != 1 {
			t.Fatalf("wave list --json: %v %v", waves, err)
		}
		if waves[0].Status != "open" || waves[0].Survey != "health-check" || waves[0].Name != "Health check 2026" {
			t.Errorf("wave list: %+v", waves[0])
		}
		return waves[0].Responses
	}

	valid := `{"code": "` + code + `", "answers": {"team": "assessment", "workload-manageable": 4, "satisfaction": 8, "caseload": 14}}`
	if status, body := post(valid); status != 201 || body != `{"status":"received"}`+"\n" {
		t.Fatalf("valid POST: %d %s", status, body)
	}
	if status, _ := post(valid); status != 409 {
		t.Errorf("the same invitation code again: %d, want 409", status)
	}
	if status, body := post(`{"code": "` + rows[2][0] + `", "answers": {"workload-manageable": 4, "satisfaction": 11}}`); status != 422 || !strings.Contains(body, `"question":"satisfaction"`) {
		t.Errorf("out-of-range answer: %d %s", status, body)
	}
	if n := count(); n != 1 {
		t.Errorf("%d responses stored, want 1", n)
	}
	if res, err := http.Get(base + "/s/" + opened.LinkCode); err != nil || res.StatusCode != 200 {
		t.Errorf("respondent start page: %v %v", res, err)
	}
	if list := sayso("wave", "list"); !strings.Contains(list, "CODES ISSUED") || !regexp.MustCompile(`Health check 2026\s+health-check\s+open\s+1\s+3\s`).MatchString(list) {
		t.Errorf("wave list:\n%s", list)
	}
	if res, err := http.Get(base + "/healthz"); err != nil || res.StatusCode != 200 {
		t.Errorf("healthz: %v %v", res, err)
	}

	if err := server.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- server.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("server exit after SIGTERM: %v\n%s", err, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop after SIGTERM")
	}
	for _, secret := range []string{code, rows[2][0]} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the server log holds invitation code %s", secret)
		}
	}
	if !strings.Contains(logs.String(), `"msg":"listening"`) {
		t.Errorf("no start-up line in the log:\n%s", logs.String())
	}
	if _, err := os.Stat(db); err != nil {
		t.Error(err)
	}
}

// readBaseURL reads the server's address from the line it prints at start.
func readBaseURL(t *testing.T, stdout io.Reader) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(stdout)
		for scanner.Scan() {
			if m := regexp.MustCompile(`running at (http://\S+)`).FindStringSubmatch(scanner.Text()); m != nil {
				found <- m[1]
				return
			}
		}
	}()
	select {
	case base := <-found:
		return base
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not say where it is running")
	}
	return ""
}

package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/store"
)

// newDatabase makes a new, empty Sayso database, as `serve --init` would,
// and returns its path.
func newDatabase(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sayso.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// damagedDatabase is a real database whose pages after the first were
// overwritten: its header still reads as SQLite.
func damagedDatabase(t *testing.T) string {
	t.Helper()
	path := newDatabase(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096; i < len(data); i++ {
		data[i] = 0xA5
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestServeRefusesAMissingEmptyOrDamagedDatabase(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database, just bytes\n", 400)), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		args []string
		want string
	}{
		{"missing, without --init", filepath.Join(dir, "mistyped.db"), nil, "there is no database at " + filepath.Join(dir, "mistyped.db") + ": check --db (or SAYSO_DB), or give --init"},
		{"missing, folder too, with --init", filepath.Join(dir, "no-such-folder", "sayso.db"), []string{"--init"}, "no such file or directory"},
		{"empty", empty, nil, empty + " is an empty file (0 bytes), not a Sayso database"},
		{"empty, with --init", empty, []string{"--init"}, empty + " is an empty file (0 bytes), not a Sayso database"},
		{"garbage bytes", garbage, nil, garbage + " is damaged or is not a Sayso database"},
		{"damaged pages", damagedDatabase(t), []string{"--init"}, "is damaged or is not a Sayso database"},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			before, statErr := os.ReadFile(c.path)
			status, out, errOut := sayso(t, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", c.path}, c.args...)...)
			if status != 1 || !strings.Contains(errOut, c.want) || strings.Contains(out, "running at") {
				t.Fatalf("serve = %d, stdout %q, stderr %q; want 1 and %q", status, out, errOut, c.want)
			}
			after, err := os.ReadFile(c.path)
			if statErr != nil && err == nil {
				t.Errorf("refusing made a file at %s", c.path)
			}
			if statErr == nil && string(after) != string(before) {
				t.Errorf("refusing changed %s", c.path)
			}
		})
	}
}

// TestOnlyInitMakesADatabase: commands that read never make a database,
// and those that may (serve, wave open, demo) only with --init or
// SAYSO_INIT=true.
func TestOnlyInitMakesADatabase(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	out := filepath.Join(dir, "out")
	for _, args := range [][]string{
		{"wave", "list"},
		{"wave", "close", "--db", missing, "1"},
		{"wave", "reopen", "--db", missing, "1"},
		{"wave", "open", "--survey", "pulse", "--name", "Pulse"},
		{"codes", "--wave", "1", "--count", "3"},
		{"demo"},
		{"report", "--wave", "1", "--out", out + ".html"},
		{"backup", "--out", out + ".db"},
		{"user", "list"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			if args[0] != "wave" || (args[1] != "close" && args[1] != "reopen") {
				args = append(args, "--db", missing)
			}
			status, _, errOut := sayso(t, args...)
			if status != 1 || !strings.Contains(errOut, "no database") || !strings.Contains(errOut, missing) {
				t.Errorf("= %d, %q", status, errOut)
			}
			if _, err := os.Stat(missing); err == nil {
				t.Fatalf("it made %s", missing)
			}
		})
	}
	if status, _, errOut := sayso(t, "wave", "open", "--init", "--db", missing, "--survey", "pulse", "--name", "Pulse"); status != 0 {
		t.Fatalf("wave open --init = %d, %q", status, errOut)
	}
	fresh := filepath.Join(dir, "fresh.db")
	t.Setenv("SAYSO_INIT", "true")
	if status, _, errOut := sayso(t, "demo", "--db", fresh); status != 0 {
		t.Fatalf("demo with SAYSO_INIT=true = %d, %q", status, errOut)
	}
	if info, err := os.Stat(fresh); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("a new database should be readable by its owner alone: %v %v", info, err)
	}
}

// TestCommandsWriteTheAuditLog: what a command changes is in the audit
// log, as what the web changes is, under the actor "command line".
func TestCommandsWriteTheAuditLog(t *testing.T) {
	db := newDatabase(t)
	run := func(args ...string) string {
		t.Helper()
		status, out, errOut := sayso(t, args...)
		if status != 0 {
			t.Fatalf("sayso %v = %d, %q", args, status, errOut)
		}
		return out
	}
	run("wave", "open", "--db", db, "--survey", "pulse", "--name", "Pulse", "--access", "both", "--max-responses", "40")
	run("codes", "--db", db, "--wave", "1", "--count", "3")
	if out := run("wave", "close", "--db", db, "1"); out != "Closed wave 1.\n" {
		t.Errorf("wave close said %q", out)
	}
	if out := run("wave", "reopen", "--db", db, "1"); out != "Reopened wave 1.\n" {
		t.Errorf("wave reopen said %q", out)
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"reopening an open wave", []string{"wave", "reopen", "--db", db, "1"}, "wave 1 is open already"},
		{"closing a wave that is not there", []string{"wave", "close", "--db", db, "9"}, "there is no wave 9"},
		{"a cap out of range", []string{"wave", "open", "--db", db, "--survey", "pulse", "--name", "Too many", "--max-responses", "-1"}, "a whole number from 1 to 1,000,000"},
	} {
		if status, _, errOut := sayso(t, c.args...); status != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: %d %q, want %q", c.name, status, errOut, c.want)
		}
	}
	if list := run("wave", "list", "--db", db); !regexp.MustCompile(`MOST TAKEN.*\n1\s+Pulse\s+pulse\s+open\s+0\s+3\s+40\s`).MatchString(list) {
		t.Errorf("wave list does not show the cap:\n%s", list)
	}
	st, err := store.OpenExisting(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w, err := st.Wave(context.Background(), 1)
	if err != nil || w.MaxResponses != 40 {
		t.Errorf("wave 1's cap: %+v %v", w, err)
	}
	entries, err := st.AuditLog(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Actor+": "+e.Action+": "+e.Detail)
	}
	want := []string{
		"command line: reopen wave: wave 1",
		"command line: close wave: wave 1",
		"command line: create codes: wave 1: 3 codes",
		`command line: open wave: wave 1 "Pulse" of pulse`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestAReadOnlyDatabaseAnswers503UntilItCanWrite starts the server on a
// database file it may not write (as the user nobody when the test runs
// as root, whom file modes do not stop): the health check and every
// submission answer 503 with Retry-After, never 500, until the file is
// made writable again; then answers are stored, and every one
// acknowledged is in the file once the server has stopped.
func TestAReadOnlyDatabaseAnswers503UntilItCanWrite(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "sayso.db")
	status, out, errOut := sayso(t, "wave", "open", "--init", "--db", db, "--survey", "pulse", "--name", "Pulse", "--json")
	var opened struct {
		ID       int64  `json:"id"`
		LinkCode string `json:"link_code"`
	}
	if status != 0 || json.Unmarshal([]byte(out), &opened) != nil {
		t.Fatalf("wave open: %d %s %s", status, out, errOut)
	}
	st, err := store.OpenExisting(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	// An account already, so that starting needs no write.
	hash, err := account.HashPassword("a long test password")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateAccount(context.Background(), "admin@example.org", account.Admin, hash); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	server := exec.Command(saysoBinary(t), "serve", "--addr", "127.0.0.1:0", "--db", db)
	if os.Geteuid() == 0 {
		const nobody = 65534
		for _, p := range []string{dir, db} {
			if err := os.Chown(p, nobody, nobody); err != nil {
				t.Fatal(err)
			}
		}
		// nobody must reach the binary and the database's folder.
		for _, p := range []string{filepath.Dir(saysoBinary(t)), filepath.Dir(dir)} {
			if err := os.Chmod(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		server.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	}
	if err := os.Chmod(db, 0o444); err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	server.Stderr = logs
	stdout, err := server.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- server.Wait() }()
	t.Cleanup(func() {
		server.Process.Kill()
		<-exited
	})
	base := readBaseURL(t, stdout)
	go io.Copy(io.Discard, stdout)

	get := func(path string) (int, http.Header, string) {
		t.Helper()
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header, string(body)
	}
	submit := func() (int, http.Header, string) {
		t.Helper()
		res, err := http.Post(base+"/api/v1/responses", "application/json",
			strings.NewReader(`{"code": "`+opened.LinkCode+`", "answers": {"workload-manageable": 4, "satisfaction": 7, "one-change": "a < b"}}`))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header, string(body)
	}

	if status, header, body := get("/healthz"); status != http.StatusServiceUnavailable || header.Get("Retry-After") == "" {
		t.Errorf("healthz on a read-only database = %d, Retry-After %q, %q", status, header.Get("Retry-After"), body)
	}
	for range 3 {
		status, header, body := submit()
		if status != http.StatusServiceUnavailable || header.Get("Retry-After") == "" || !strings.Contains(body, "cannot store answers right now") {
			t.Fatalf("a submission to a read-only database = %d, Retry-After %q, %s\n%s", status, header.Get("Retry-After"), body, logs)
		}
	}
	if status, _, _ := get("/you-said-we-did"); status != http.StatusOK {
		t.Errorf("reading a read-only database = %d", status)
	}
	// Signing in writes a session: unavailable too, not internal.
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	browser := &http.Client{Jar: jar}
	res, err := browser.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	loginPage, _ := io.ReadAll(res.Body)
	res.Body.Close()
	_, rest, _ := strings.Cut(string(loginPage), `name="_csrf" value="`)
	csrf, _, _ := strings.Cut(rest, `"`)
	res, err = browser.PostForm(base+"/login", url.Values{"_csrf": {csrf}, "email": {"admin@example.org"}, "password": {"a long test password"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Errorf("signing in on a read-only database = %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}

	files, err := filepath.Glob(db + "*")
	if err != nil || len(files) == 0 {
		t.Fatalf("the database's files: %v %v", files, err)
	}
	for _, f := range files {
		if err := os.Chmod(f, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for attempt := 0; ; attempt++ {
		if status, _, _ := get("/healthz"); status == http.StatusOK {
			break
		}
		if attempt == 100 {
			t.Fatalf("healthz stayed 503 once the file could be written:\n%s", logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	acknowledged := 0
	for range 5 {
		if status, _, body := submit(); status != http.StatusCreated {
			t.Fatalf("a submission once writable = %d, %s", status, body)
		}
		acknowledged++
	}
	if err := server.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; err != nil {
		t.Fatalf("the server ended with %v:\n%s", err, logs)
	}
	exited <- nil
	if n := storedCount(t, db, opened.ID); n != acknowledged {
		t.Errorf("%d responses stored, %d acknowledged", n, acknowledged)
	}
	if strings.Contains(logs.String(), `"status":500`) {
		t.Errorf("the server answered 500:\n%s", logs)
	}
}

func TestServeRefusesABadSubmitRate(t *testing.T) {
	db := newDatabase(t)
	for _, c := range []struct {
		name, env string
		args      []string
		want      string
	}{
		{"zero", "", []string{"--submit-rate", "0"}, "--submit-rate must be a whole number from 1 up, not 0"},
		{"not a number", "", []string{"--submit-rate", "many"}, `invalid value "many" for flag -submit-rate`},
		{"not a number in the environment", "many", nil, `SAYSO_SUBMIT_RATE="many" is not a whole number`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.env != "" {
				t.Setenv("SAYSO_SUBMIT_RATE", c.env)
			}
			status, out, errOut := sayso(t, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, c.args...)...)
			if status != 2 || !strings.Contains(errOut, c.want) || strings.Contains(out, "running at") {
				t.Errorf("= %d, %q, want 2 and %q", status, errOut, c.want)
			}
		})
	}
}

package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// submitJSON posts one valid response through the API and returns the
// status, the Retry-After header and the body.
func submitJSON(t *testing.T, base, code string) (int, string, string) {
	t.Helper()
	res, err := http.Post(base+"/api/v1/responses", "application/json",
		strings.NewReader(`{"code": "`+code+`", "answers": `+validAnswers+`}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Retry-After"), string(body)
}

func getStatus(t *testing.T, url string) int {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestAFullDiskAnswers503AndRecovers fills a small tmpfs under the
// database: submissions and the health check answer 503 with Retry-After,
// never 500; once space is freed both recover, and every response
// acknowledged with 201 is stored, none refused is.
func TestAFullDiskAnswers503AndRecovers(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=2m"); err != nil {
		t.Skipf("mounting a small tmpfs to fill was refused (%v); TestAReadOnlyDatabaseAnswers503UntilItCanWrite in cmd/sayso covers the 503 and the recovery", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	ctx := context.Background()
	path := filepath.Join(dir, "sayso.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	def, data := everyTypeDefinition(t)
	w, err := db.OpenWave(ctx, store.NewWave{Source: &survey.Source{File: survey.File{Name: "every-type.yaml", Data: data}, Definition: def}, Name: "Check", Access: survey.AccessLink})
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	server := httptest.NewServer(New(Config{Logger: slog.New(slog.NewJSONHandler(logs, nil)), SubmitRate: 100_000}, db))
	defer server.Close()

	acknowledged := 0
	for range 5 {
		if status, _, body := submitJSON(t, server.URL, w.LinkCode); status != http.StatusCreated {
			t.Fatalf("before the disk is full: %d %s", status, body)
		}
		acknowledged++
	}
	filler, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 16<<10)
	for {
		if _, err := filler.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	filler.Close()
	// What room is left in the WAL may take a few more; then the disk
	// refuses.
	refused := false
	for range 2000 {
		status, retryAfter, body := submitJSON(t, server.URL, w.LinkCode)
		if status == http.StatusCreated {
			acknowledged++
			continue
		}
		if status != http.StatusServiceUnavailable || retryAfter == "" || !strings.Contains(body, "cannot store answers right now") {
			t.Fatalf("a submission to a full disk = %d, Retry-After %q, %s", status, retryAfter, body)
		}
		refused = true
		break
	}
	if !refused {
		t.Fatal("the disk never filled")
	}
	if status := getStatus(t, server.URL+"/healthz"); status != http.StatusServiceUnavailable {
		t.Errorf("healthz on a full disk = %d", status)
	}

	if err := os.Remove(filepath.Join(dir, "filler")); err != nil {
		t.Fatal(err)
	}
	if status := getStatus(t, server.URL+"/healthz"); status != http.StatusOK {
		t.Errorf("healthz once there is room = %d", status)
	}
	for range 5 {
		if status, _, body := submitJSON(t, server.URL, w.LinkCode); status != http.StatusCreated {
			t.Fatalf("once there is room: %d %s", status, body)
		}
		acknowledged++
	}
	server.Close()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logs.String(), `"status":500`) {
		t.Errorf("the server answered 500:\n%s", logs)
	}
	reopened, err := store.OpenExisting(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	stored, err := reopened.ReadResponses(ctx, w.ID, func([]byte) error { return nil })
	if err != nil || stored != acknowledged {
		t.Errorf("%d responses stored (%v), %d acknowledged", stored, err, acknowledged)
	}
}

// TestDeletedDatabaseFilesAnswer503: a database file deleted or replaced
// while the server runs would take answers nobody reads again; the health
// check and submissions say so instead.
func TestDeletedDatabaseFilesAnswer503(t *testing.T) {
	f := newFixture(t)
	if status, _, body := submitJSON(t, f.server.URL, f.wave.LinkCode); status != http.StatusCreated {
		t.Fatalf("before: %d %s", status, body)
	}
	if status := getStatus(t, f.server.URL+"/healthz"); status != http.StatusOK {
		t.Fatalf("healthz before = %d", status)
	}
	files, err := filepath.Glob(f.dbPath + "*")
	if err != nil || len(files) == 0 {
		t.Fatalf("the database's files: %v %v", files, err)
	}
	for _, file := range files {
		if err := os.Remove(file); err != nil {
			t.Fatal(err)
		}
	}
	if status := getStatus(t, f.server.URL+"/healthz"); status != http.StatusServiceUnavailable {
		t.Errorf("healthz with the files deleted = %d", status)
	}
	status, retryAfter, body := submitJSON(t, f.server.URL, f.wave.LinkCode)
	if status != http.StatusServiceUnavailable || retryAfter == "" || !strings.Contains(body, "cannot store answers right now") {
		t.Errorf("a submission with the files deleted = %d, Retry-After %q, %s", status, retryAfter, body)
	}
	if _, err := os.Stat(f.dbPath); err == nil {
		t.Errorf("a new database was made at %s", f.dbPath)
	}
	// A file put back in its place is not the one the server has open.
	if err := os.WriteFile(f.dbPath, []byte("another file"), 0o600); err != nil {
		t.Fatal(err)
	}
	if status := getStatus(t, f.server.URL+"/healthz"); status != http.StatusServiceUnavailable {
		t.Errorf("healthz with another file at the path = %d", status)
	}
}

// TestAnswersAreStoredWithoutHTMLEscaping: "<" is one byte on disk, not
// the six of "\u003c".
func TestAnswersAreStoredWithoutHTMLEscaping(t *testing.T) {
	f := newFixture(t)
	answers := strings.Replace(validAnswers, `"More time"`, `"<b>More</b> time & less <script>"`, 1)
	status, body := f.do(nil, "POST", "/api/v1/responses", "application/json", strings.NewReader(`{"code": "`+f.wave.LinkCode+`", "answers": `+answers+`}`))
	if status != http.StatusCreated {
		t.Fatalf("%d %s", status, body)
	}
	var stored []string
	if _, err := f.db.ReadResponses(context.Background(), f.wave.ID, func(a []byte) error { stored = append(stored, string(a)); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(stored) != 1 || !strings.Contains(stored[0], `"<b>More</b> time & less <script>"`) || strings.Contains(stored[0], `\u003c`) {
		t.Errorf("stored %q", stored)
	}
}

// TestSubmissionsAreLimitedPerAddress: past the limit an address gets 429
// and nothing is stored; moving between the survey's pages does not count.
func TestSubmissionsAreLimitedPerAddress(t *testing.T) {
	f := newFixture(t)
	limited := httptest.NewServer(New(Config{Logger: discardLogger(), SubmitRate: 3}, f.db))
	defer limited.Close()
	for i := range 3 {
		if status, _, body := submitJSON(t, limited.URL, f.wave.LinkCode); status != http.StatusCreated {
			t.Fatalf("submission %d: %d %s", i+1, status, body)
		}
	}
	before := f.count()
	res, err := http.Post(limited.URL+"/api/v1/responses", "application/json", strings.NewReader(`{"code": "`+f.wave.LinkCode+`", "answers": `+validAnswers+`}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "Too many responses have been sent from this address") {
		t.Errorf("a fourth submission = %d, Retry-After %q, %s", res.StatusCode, res.Header.Get("Retry-After"), body)
	}
	if f.count() != before {
		t.Errorf("a refused submission was stored")
	}

	// The pages: going from the start page on, as often as the limit and
	// more, is never refused; the final send is.
	jar := f.browser()
	get, err := jar.Get(limited.URL + "/s/" + f.wave.LinkCode)
	if err != nil {
		t.Fatal(err)
	}
	start, _ := io.ReadAll(get.Body)
	get.Body.Close()
	token := csrfOf(t, string(start))
	for i := range 5 {
		for _, path := range []string{"/s/" + f.wave.LinkCode, "/s/" + f.wave.LinkCode + "/sections/1"} {
			res, err := jar.PostForm(limited.URL+path, url.Values{"_csrf": {token}, "_go": {"next"}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("page step %d, %s = %d", i+1, path, res.StatusCode)
			}
		}
	}
	send, err := jar.PostForm(limited.URL+"/s/"+f.wave.LinkCode+"/check", url.Values{"_csrf": {token}, "_token": {"any"}, "_go": {"submit"}})
	if err != nil {
		t.Fatal(err)
	}
	sent, _ := io.ReadAll(send.Body)
	send.Body.Close()
	if send.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(sent), "Too many responses") {
		t.Errorf("the final send past the limit = %d", send.StatusCode)
	}
}

// TestAWaveTakesNoMoreThanItsCap: at its cap a wave refuses new
// respondents and submissions alike, with a clear 410, and stores no more.
func TestAWaveTakesNoMoreThanItsCap(t *testing.T) {
	f := newFixture(t)
	def, data := everyTypeDefinition(t)
	w, err := f.db.OpenWave(context.Background(), store.NewWave{Source: &survey.Source{File: survey.File{Name: "every-type.yaml", Data: data}, Definition: def}, Name: "Capped", Access: survey.AccessLink, MaxResponses: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if status, _, body := submitJSON(t, f.server.URL, w.LinkCode); status != http.StatusCreated {
			t.Fatalf("submission %d: %d %s", i+1, status, body)
		}
	}
	status, _, body := submitJSON(t, f.server.URL, w.LinkCode)
	if status != http.StatusGone || !strings.Contains(body, "Capped has received all the responses it takes") {
		t.Errorf("past the cap = %d %s", status, body)
	}
	if status, page := f.do(nil, "GET", "/s/"+w.LinkCode, "", nil); status != http.StatusGone || !strings.Contains(page, "all the responses it takes") {
		t.Errorf("the start page past the cap = %d", status)
	}
	if n, err := f.db.CountResponses(context.Background(), w.ID); err != nil || n != 2 {
		t.Errorf("%d responses stored (%v), want 2", n, err)
	}
	if _, err := f.db.OpenWave(context.Background(), store.NewWave{Source: &survey.Source{File: survey.File{Name: "every-type.yaml", Data: data}, Definition: def}, Name: "Negative", Access: survey.AccessLink, MaxResponses: -1}); len(survey.Fields(err)) != 1 || survey.Fields(err)[0].Field != "max_responses" {
		t.Errorf("a negative cap: %v", err)
	}
}

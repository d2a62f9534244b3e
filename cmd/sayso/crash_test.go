package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// openTestWave opens a wave of the health check on a new database, as an
// operator would, and returns the database file, the wave id and its link.
func openTestWave(t *testing.T) (db string, waveID int64, link string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "sayso.db")
	status, out, errOut := sayso(t, "wave", "open", "--init", "--db", db, "--survey", "health-check", "--name", "Under load", "--access", "link", "--json")
	var opened struct {
		ID       int64  `json:"id"`
		LinkCode string `json:"link_code"`
	}
	if status != 0 || json.Unmarshal([]byte(out), &opened) != nil {
		t.Fatalf("wave open: %d %s %s", status, out, errOut)
	}
	return db, opened.ID, opened.LinkCode
}

// storedCount reads a wave's response count the way another process
// would, without writing.
func storedCount(t *testing.T, db string, waveID int64) int {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow("SELECT responses FROM waves WHERE id = ?", waveID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAcknowledgedResponsesSurviveAKill runs the load command against the
// real server, kills the server with SIGKILL mid-run and starts it again.
// Every response the server acknowledged with a 201 (each carries a
// marker in a free-text answer) must be stored, the database must pass
// its integrity check, and the results must agree with a recount of the
// stored responses made here, apart from the results package.
func TestAcknowledgedResponsesSurviveAKill(t *testing.T) {
	db, waveID, link := openTestWave(t)
	addr := freeAddr(t)
	server := startServer(t, db, addr)

	const concurrency = 16
	acknowledged := filepath.Join(t.TempDir(), "acknowledged.txt")
	var loadOut lockedBuffer
	load := exec.Command(saysoBinary(t), "loadtest", "--url", server.base, "--code", link,
		"--concurrency", strconv.Itoa(concurrency), "--duration", "3s", "--acknowledged", acknowledged)
	load.Stdout, load.Stderr = &loadOut, &loadOut
	if err := load.Start(); err != nil {
		t.Fatal(err)
	}
	loadDone := make(chan error, 1)
	go func() { loadDone <- load.Wait() }()
	t.Cleanup(func() { load.Process.Kill() })

	for storedCount(t, db, waveID) < 200 {
		select {
		case err := <-loadDone:
			t.Fatalf("the load ended before the server was killed: %v\n%s", err, loadOut.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if err := server.stop(t, syscall.SIGKILL); err == nil {
		t.Fatal("the server exited cleanly: it was not killed")
	}
	restarted := startServer(t, db, addr)
	if res, err := http.Get(restarted.base + "/healthz"); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("healthz after the restart: %v %v", res, err)
	}
	// One response certainly answered after the restart.
	const afterRestart = "answered after the restart"
	body := `{"code": "` + link + `", "answers": {"workload-manageable": 3, "satisfaction": 6, "works-well": "` + afterRestart + `"}}`
	if res, err := http.Post(restarted.base+"/api/v1/responses", "application/json", strings.NewReader(body)); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("a response after the restart: %v %v", res, err)
	}
	select {
	case err := <-loadDone:
		if err != nil {
			t.Fatalf("loadtest: %v\n%s", err, loadOut.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the load did not end")
	}
	if err := restarted.stop(t, syscall.SIGTERM); err != nil {
		t.Fatalf("the restarted server: %v\n%s", err, restarted.logs)
	}
	t.Logf("loadtest: %s", loadOut.String())

	ctx := context.Background()
	if err := store.CheckIntegrity(ctx, db); err != nil {
		t.Fatal(err)
	}
	acked := readLines(t, acknowledged)
	if len(acked) == 0 {
		t.Fatalf("no response was acknowledged:\n%s", loadOut.String())
	}

	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	wave, err := st.Wave(ctx, waveID)
	if err != nil {
		t.Fatal(err)
	}
	def := wave.Definition
	texts := map[string]int{} // every free-text answer stored, and how often
	count := newRecount()
	stored, err := st.ReadResponses(ctx, waveID, func(data []byte) error {
		answers, err := def.DecodeStored(data)
		if err != nil {
			return err
		}
		if errs := def.Check(def.Questions(), answers); errs != nil {
			t.Errorf("a stored response is not valid: %v", errs)
		}
		for id, a := range answers {
			if q, _ := def.Question(id); q.Type == survey.Text {
				texts[a.Text]++
			}
		}
		count.add(def, answers)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, marker := range acked {
		if texts[marker] != 1 {
			t.Errorf("acknowledged response %s is stored %d times, want once", marker, texts[marker])
		}
	}
	if texts[afterRestart] != 1 {
		t.Errorf("the response answered after the restart is stored %d times", texts[afterRestart])
	}
	// Stored but never acknowledged: at most the requests in flight when
	// the server died.
	if unacknowledged := stored - 1 - len(acked); unacknowledged < 0 || unacknowledged > concurrency {
		t.Errorf("%d responses stored, %d acknowledged by the load and 1 after the restart", stored, len(acked))
	}
	if counted, _ := st.CountResponses(ctx, waveID); counted != stored {
		t.Errorf("the wave counts %d responses and %d are stored", counted, stored)
	}

	// The first read starts the wave's first publication; the audit of
	// thousands of random profiles takes a while, so read until it is made.
	svc := results.NewService(st)
	var r *results.WaveResults
	start := time.Now()
	for r == nil || (r.Publication == nil && time.Since(start) < 3*time.Minute) {
		if r, err = svc.Results(ctx, waveID, nil); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("published %d responses in %v", r.Responses, time.Since(start).Round(time.Second))
	if r.Responses != stored || r.Hidden {
		t.Fatalf("results of %d responses (hidden %v), %d stored", r.Responses, r.Hidden, stored)
	}
	count.compare(t, r.Questions)
}

// recount counts stored answers by question and value, independently of
// the results package, to check its figures against.
type recount struct {
	answered map[string]int
	values   map[string]map[string]int
	sums     map[string]float64
}

func newRecount() *recount {
	return &recount{answered: map[string]int{}, values: map[string]map[string]int{}, sums: map[string]float64{}}
}

func (c *recount) add(def *survey.Definition, answers survey.Answers) {
	for id, a := range answers {
		q, _ := def.Question(id)
		c.answered[id]++
		if c.values[id] == nil {
			c.values[id] = map[string]int{}
		}
		switch q.Type {
		case survey.Agreement, survey.Scale, survey.Number:
			c.values[id][strconv.FormatFloat(a.Number, 'f', -1, 64)]++
			c.sums[id] += a.Number
		case survey.YesNo:
			c.values[id][map[bool]string{true: "yes", false: "no"}[a.Yes]]++
		case survey.Choice:
			c.values[id][a.Text]++
		case survey.MultiChoice:
			for _, choice := range a.Choices {
				c.values[id][choice]++
			}
		}
	}
}

func (c *recount) compare(t *testing.T, questions []results.Question) {
	t.Helper()
	if len(questions) == 0 {
		t.Fatal("the results have no questions")
	}
	for _, q := range questions {
		if q.Answered != c.answered[q.ID] {
			t.Errorf("%s: the results say %d answered, the recount %d", q.ID, q.Answered, c.answered[q.ID])
		}
		shown := 0
		for _, b := range q.Buckets {
			shown += b.Count
			if b.Count != c.values[q.ID][b.Value] {
				t.Errorf("%s = %s: the results count %d, the recount %d", q.ID, b.Value, b.Count, c.values[q.ID][b.Value])
			}
		}
		recounted := 0
		for _, n := range c.values[q.ID] {
			recounted += n
		}
		if shown != recounted {
			t.Errorf("%s: the results count %d answers in all, the recount %d", q.ID, shown, recounted)
		}
		// Agreement means are of scored values (reverse items flipped);
		// scale and number means are of the answers as given.
		if q.Mean != nil && (q.Type == survey.Scale || q.Type == survey.Number) {
			if want := c.sums[q.ID] / float64(c.answered[q.ID]); math.Abs(*q.Mean-want) > 1e-9 {
				t.Errorf("%s: the results mean %v, the recount %v", q.ID, *q.Mean, want)
			}
		}
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		lines = append(lines, scanner.Text())
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

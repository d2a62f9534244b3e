package store

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/survey"
)

// storedRow is a response as the table holds it.
type storedRow struct {
	id      int64
	on      string
	answers []byte
}

// markedRows are n small responses of each of two waves, taking turns,
// each with a marker, under random keys of its wave, in the order they
// are to arrive: enough for several pages, and pages the waves share.
func markedRows(first, second int64, n int) (rows []storedRow, markers [][]byte) {
	for i := range 2 * n {
		waveID := []int64{first, second}[i%2]
		marker := fmt.Sprintf("seal-marker-%04d", i)
		markers = append(markers, []byte(marker))
		rows = append(rows, storedRow{randomResponseKey(waveID), "2026-12-01", []byte(`[3,7,"` + marker + `"]`)})
	}
	return rows, markers
}

// insertRows writes rows into a database in order, in one transaction.
func insertRows(t *testing.T, db *DB, rows []storedRow) {
	t.Helper()
	tx, err := db.write.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, r := range rows {
		if _, err := tx.Exec("INSERT INTO responses (id, submitted_on, answers) VALUES (?, ?, ?)", r.id, r.on, r.answers); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// rowsOf reads back every response a database holds.
func rowsOf(t *testing.T, db *DB) []storedRow {
	t.Helper()
	got, err := db.read.Query("SELECT id, submitted_on, answers FROM responses")
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	var rows []storedRow
	for got.Next() {
		var r storedRow
		if err := got.Scan(&r.id, &r.on, &r.answers); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	return rows
}

// placement is the order markers first appear in in a file.
func placement(file []byte, markers [][]byte) []int {
	at := make([]int, len(markers))
	for i, m := range markers {
		at[i] = bytes.Index(file, m)
	}
	order := make([]int, len(markers))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return at[a] - at[b] })
	return order
}

// fileOf is a database's file once its log is emptied.
func fileOf(t *testing.T, db *DB) []byte {
	t.Helper()
	if !db.emptyLog(context.Background()) {
		t.Fatal("the log could not be emptied")
	}
	return read(t, db.path)
}

// sealedPlacement is where rows lie once sealed, found by writing them in
// the opposite order into a database of their own and sealing it: what
// the test's database must match depends on the rows alone.
func sealedPlacement(t *testing.T, rows []storedRow, markers [][]byte) []int {
	t.Helper()
	db, _ := openTestDB(t)
	reversed := slices.Clone(rows)
	slices.Reverse(reversed)
	insertRows(t, db, reversed)
	if err := db.Seal(context.Background()); err != nil {
		t.Fatal(err)
	}
	file := fileOf(t, db)
	for i, m := range markers {
		if n := bytes.Count(file, m); n != 1 {
			t.Fatalf("sealed, response %d is in the file %d times", i, n)
		}
	}
	return placement(file, markers)
}

// TestStoredResponsesAreSealedSoon submits responses to two open waves in
// turn, enough for several pages: soon after, with no wave closed, they
// lie as the same responses come in the opposite order and sealed do.
func TestStoredResponsesAreSealedSoon(t *testing.T) {
	ctx := context.Background()
	db, _ := openTestDB(t)
	waves := []*survey.Wave{openWave(t, db, survey.AccessLink), openWave(t, db, survey.AccessLink)}
	var markers [][]byte
	for i := range 200 {
		w := waves[i%2]
		entry := enter(t, db, w.LinkCode)
		marker := fmt.Sprintf("soon-marker-%04d", i)
		markers = append(markers, []byte(marker))
		if err := db.Submit(ctx, entry, checked(t, entry, pulseAnswersWith(textQuestion(t, w.Definition), survey.Answer{Text: marker}))); err != nil {
			t.Fatal(err)
		}
	}
	want := sealedPlacement(t, rowsOf(t, db), markers)
	for deadline := time.Now().Add(30 * time.Second); !slices.Equal(placement(fileOf(t, db), markers), want); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("30 s after the last response, the responses still do not lie as sealed ones do")
		}
	}
}

// TestTheDatabaseIsSealedWhenItCloses: responses stored in the order they
// came and not yet sealed are sealed when the database closes.
func TestTheDatabaseIsSealedWhenItCloses(t *testing.T) {
	db, path := openTestDB(t)
	rows, markers := markedRows(1, 2, 100)
	insertRows(t, db, rows)
	want := sealedPlacement(t, rows, markers)
	if slices.Equal(placement(fileOf(t, db), markers), want) {
		t.Fatal("responses stored in the order they came already lie as sealed: the test cannot tell")
	}
	db.unsealed.Store(true)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if got := placement(read(t, path), markers); !slices.Equal(got, want) {
		t.Errorf("after closing, the responses lie as %v, not as sealed ones %v", got, want)
	}
}

// TestAServerStoppedBeforeSealingSealsWhenItStarts leaves an open wave's
// responses in the order they came, as a crash before the seal would:
// opening the database leaves them so, for commands that store nothing,
// and SealOpenWaves, which the server calls as it starts, seals them.
func TestAServerStoppedBeforeSealingSealsWhenItStarts(t *testing.T) {
	ctx := context.Background()
	db, path := openTestDB(t)
	w := openWave(t, db, survey.AccessLink)
	rows, markers := markedRows(w.ID, w.ID, 100)
	insertRows(t, db, rows)
	if _, err := db.write.ExecContext(ctx, "UPDATE waves SET responses = ? WHERE id = ?", len(rows), w.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	want := sealedPlacement(t, rows, markers)
	if slices.Equal(placement(read(t, path), markers), want) {
		t.Fatal("responses stored in the order they came already lie as sealed: the test cannot tell")
	}
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if slices.Equal(placement(fileOf(t, again), markers), want) {
		t.Error("opening the database rewrote it")
	}
	if err := again.SealOpenWaves(ctx); err != nil {
		t.Fatal(err)
	}
	if got := placement(fileOf(t, again), markers); !slices.Equal(got, want) {
		t.Errorf("after SealOpenWaves the responses lie as %v, not as sealed ones %v", got, want)
	}
}

// TestUnderALoadThatNeverPausesTheDatabaseIsStillSealed submits a response
// every 20 ms, never leaving the quarter of a second a seal waits for:
// once the oldest unsealed response is maxUnsealed old (shortened here),
// the database is sealed all the same.
func TestUnderALoadThatNeverPausesTheDatabaseIsStillSealed(t *testing.T) {
	ctx := context.Background()
	db, _ := openTestDB(t)
	db.responses.maxUnsealed = 300 * time.Millisecond
	w := openWave(t, db, survey.AccessLink)
	entry := enter(t, db, w.LinkCode)
	answers := checked(t, entry, pulseAnswers)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); {
		if err := db.Submit(ctx, entry, answers); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
		if !db.unsealed.Load() {
			return
		}
	}
	t.Fatal("responses came every 20 ms for 20 s and the database was never sealed")
}

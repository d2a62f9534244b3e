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

// markedRows are n small responses of a wave, each with its marker, under
// random keys of the wave, in the order they are to arrive.
func markedRows(waveID int64, n int) (rows []storedRow, markers [][]byte) {
	for i := range n {
		marker := fmt.Sprintf("order-marker-%02d", i)
		markers = append(markers, []byte(marker))
		rows = append(rows, storedRow{randomResponseKey(waveID), "2026-12-01", []byte(`[3,7,"` + marker + `"]`)})
	}
	return rows, markers
}

// insertRows writes rows into a database one transaction each, in order.
func insertRows(t *testing.T, db *DB, rows []storedRow) {
	t.Helper()
	for _, r := range rows {
		if _, err := db.write.Exec("INSERT INTO responses (id, submitted_on, answers) VALUES (?, ?, ?)", r.id, r.on, r.answers); err != nil {
			t.Fatal(err)
		}
	}
}

// placement is the order the markers lie in in a database file, once its
// log is emptied.
func placement(t *testing.T, db *DB, markers [][]byte) []int {
	t.Helper()
	if !db.emptyLog(context.Background()) {
		t.Fatal("the log could not be emptied")
	}
	file := read(t, db.path)
	at := make([]int, len(markers))
	for i, m := range markers {
		if n := bytes.Count(file, m); n != 1 {
			t.Fatalf("marker %d is in the file %d times", i, n)
		}
		at[i] = bytes.Index(file, m)
	}
	order := make([]int, len(markers))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return at[a] - at[b] })
	return order
}

// reorderedPlacement is where rows lie once rewritten in key order, found
// in a database of their own.
func reorderedPlacement(t *testing.T, waveID int64, rows []storedRow, markers [][]byte) []int {
	t.Helper()
	db, _ := openTestDB(t)
	insertRows(t, db, rows)
	if err := db.reorder(context.Background(), waveID); err != nil {
		t.Fatal(err)
	}
	return placement(t, db, markers)
}

// TestAReorderedWaveLiesByKeyNotByArrival writes the same responses into
// two databases in opposite orders: they lie in their page in the order
// they came, until the wave is rewritten in key order; then they lie in
// the same order in both, which their keys alone decide.
func TestAReorderedWaveLiesByKeyNotByArrival(t *testing.T) {
	const waveID = 1
	rows, markers := markedRows(waveID, 12)
	came, reversed := rows, slices.Clone(rows)
	slices.Reverse(reversed)
	a, _ := openTestDB(t)
	b, _ := openTestDB(t)
	insertRows(t, a, came)
	insertRows(t, b, reversed)
	if slices.Equal(placement(t, a, markers), placement(t, b, markers)) {
		t.Fatal("responses written in opposite orders lie in the same order: the test cannot tell arrival from keys")
	}
	for _, db := range []*DB{a, b} {
		if err := db.reorder(context.Background(), waveID); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := placement(t, b, markers), placement(t, a, markers); !slices.Equal(got, want) {
		t.Errorf("after rewriting in key order, responses that came in opposite orders lie as %v and %v", want, got)
	}
}

// TestStoredResponsesAreSoonReordered submits responses to an open wave:
// soon after, and at the latest when the database closes, they lie as the
// same rows rewritten in key order do, not in the order they came.
func TestStoredResponsesAreSoonReordered(t *testing.T) {
	ctx := context.Background()
	submitAll := func(db *DB, w *survey.Wave) ([]storedRow, [][]byte) {
		entry := enter(t, db, w.LinkCode)
		text := textQuestion(t, w.Definition)
		var markers [][]byte
		for i := range 12 {
			marker := fmt.Sprintf("soon-marker-%02d", i)
			markers = append(markers, []byte(marker))
			if err := db.Submit(ctx, entry, checked(t, entry, pulseAnswersWith(text, survey.Answer{Text: marker}))); err != nil {
				t.Fatal(err)
			}
		}
		var rows []storedRow
		first, last := waveKeys(w.ID)
		got, err := db.read.QueryContext(ctx, "SELECT id, submitted_on, answers FROM responses WHERE id BETWEEN ? AND ?", first, last)
		if err != nil {
			t.Fatal(err)
		}
		defer got.Close()
		for got.Next() {
			var r storedRow
			if err := got.Scan(&r.id, &r.on, &r.answers); err != nil {
				t.Fatal(err)
			}
			rows = append(rows, r)
		}
		return rows, markers
	}

	t.Run("while open", func(t *testing.T) {
		db, _ := openTestDB(t)
		w := openWave(t, db, survey.AccessLink)
		rows, markers := submitAll(db, w)
		want := reorderedPlacement(t, w.ID, rows, markers)
		for deadline := time.Now().Add(20 * time.Second); !slices.Equal(placement(t, db, markers), want); time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("responses still lie as %v, not in key order %v", placement(t, db, markers), want)
			}
		}
	})
	t.Run("when closing", func(t *testing.T) {
		db, path := openTestDB(t)
		w := openWave(t, db, survey.AccessLink)
		rows, markers := submitAll(db, w)
		want := reorderedPlacement(t, w.ID, rows, markers)
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		again, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer again.Close()
		if got := placement(t, again, markers); !slices.Equal(got, want) {
			t.Errorf("after closing, responses lie as %v, not in key order %v", got, want)
		}
	})
}

// TestAPassOfManyStepsKeepsEveryResponse rewrites a wave too big for one
// step, between two other waves: it takes three steps, and afterwards
// every response of the three waves is there once, as it was.
func TestAPassOfManyStepsKeepsEveryResponse(t *testing.T) {
	ctx := context.Background()
	db, _ := openTestDB(t)
	const waveID = 5
	rows, _ := markedRows(waveID, 2*rowsPerReorderStep+7)
	before, _ := markedRows(waveID-1, 9)
	after, _ := markedRows(waveID+1, 9)
	all := slices.Concat(before, rows, after)
	tx, err := db.write.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		if _, err := tx.Exec("INSERT INTO responses (id, submitted_on, answers) VALUES (?, ?, ?)", r.id, r.on, r.answers); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	first, _ := waveKeys(waveID)
	steps := 0
	for from, done := first, false; !done; steps++ {
		if from, done, err = db.reorderKeys(ctx, waveID, from); err != nil {
			t.Fatal(err)
		}
	}
	if steps != 3 {
		t.Errorf("the pass took %d steps, want 3", steps)
	}
	stored := map[int64]string{}
	got, err := db.read.Query("SELECT id, submitted_on, answers FROM responses")
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	for got.Next() {
		var r storedRow
		if err := got.Scan(&r.id, &r.on, &r.answers); err != nil {
			t.Fatal(err)
		}
		stored[r.id] = r.on + string(r.answers)
	}
	if len(stored) != len(all) {
		t.Errorf("%d responses after the pass, want %d", len(stored), len(all))
	}
	for _, r := range all {
		if stored[r.id] != r.on+string(r.answers) {
			t.Fatalf("the response under %d is %q, want %s%s", r.id, stored[r.id], r.on, r.answers)
		}
	}
}

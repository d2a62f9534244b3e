package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/survey"
)

// drawing hands out the given keys in turn, then random ones.
func drawing(keys ...int64) func(int64) int64 {
	var mu sync.Mutex
	return func(waveID int64) int64 {
		mu.Lock()
		defer mu.Unlock()
		if len(keys) == 0 {
			return randomResponseKey(waveID)
		}
		key := keys[0]
		keys = keys[1:]
		return key
	}
}

// storedKeys are the keys of a wave's responses.
func storedKeys(t *testing.T, db *DB, waveID int64) []int64 {
	t.Helper()
	first, last := waveKeys(waveID)
	var keys []int64
	for _, r := range rowsOf(t, db) {
		if r.id >= first && r.id <= last {
			keys = append(keys, r.id)
		}
	}
	return keys
}

// TestAResponseWhoseKeyIsTakenDrawsAnother gives five responses the same
// key: the first is stored under it, and the four after it, held back to
// be stored together, find it taken in the table and in their own batch.
// Each is stored all the same, under a key of its own in its wave's range.
func TestAResponseWhoseKeyIsTakenDrawsAnother(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, db, survey.AccessLink)
	first, last := waveKeys(w.ID)
	taken := first + 12345
	db.responseKey = drawing(taken, taken, taken, taken, taken)
	entry := enter(t, db, w.LinkCode)
	answers := checked(t, entry, pulseAnswers)
	// The first response's commit waits for commitMu, so the others queue
	// behind it and go into the next batch together.
	db.commitMu.Lock()
	var wg sync.WaitGroup
	errs := make([]error, 5)
	wg.Go(func() { errs[0] = db.Submit(ctx, entry, answers) })
	waitFor(t, func() bool { return db.responses.queued.Load() > 0 && len(db.responses.queue) == 0 })
	for i := 1; i < len(errs); i++ {
		wg.Go(func() { errs[i] = db.Submit(ctx, entry, answers) })
	}
	waitFor(t, func() bool { return len(db.responses.queue) == len(errs)-1 })
	db.commitMu.Unlock()
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("response %d, whose key was taken: %v", i, err)
		}
	}
	keys := storedKeys(t, db, w.ID)
	if len(keys) != len(errs) {
		t.Fatalf("%d responses stored, want %d", len(keys), len(errs))
	}
	seen := map[int64]bool{}
	for _, key := range keys {
		if key < first || key > last || seen[key] {
			t.Errorf("key %d: out of the wave's range %d..%d, or twice", key, first, last)
		}
		seen[key] = true
	}
	if !seen[taken] {
		t.Errorf("the first response is not under the key it drew")
	}
	if n, err := db.CountResponses(ctx, w.ID); err != nil || n != len(errs) {
		t.Errorf("the wave counts %d responses (%v), want %d", n, err, len(errs))
	}
}

// waitFor waits until cond holds, failing the test after ten seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("waited ten seconds in vain")
		}
	}
}

// TestAResponseWithNoFreeKeyIsNotStored keeps drawing a taken key: the
// response is refused as a storage fault, nothing of it is stored or
// counted, and the next response, with keys to be had, is stored.
func TestAResponseWithNoFreeKeyIsNotStored(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, db, survey.AccessLink)
	first, _ := waveKeys(w.ID)
	entry := enter(t, db, w.LinkCode)
	db.responseKey = func(int64) int64 { return first }
	if err := db.Submit(ctx, entry, checked(t, entry, pulseAnswers)); err != nil {
		t.Fatal(err)
	}
	if err := db.Submit(ctx, entry, checked(t, entry, pulseAnswers)); survey.Code(err) != survey.ErrUnavailable {
		t.Errorf("a response that found no free key: %v, want unavailable", err)
	}
	if n, err := db.CountResponses(ctx, w.ID); err != nil || n != 1 {
		t.Errorf("the wave counts %d responses (%v), want 1", n, err)
	}
	db.responseKey = randomResponseKey
	if err := db.Submit(ctx, entry, checked(t, entry, pulseAnswers)); err != nil {
		t.Errorf("the next response: %v", err)
	}
	if keys := storedKeys(t, db, w.ID); len(keys) != 2 {
		t.Errorf("%d responses stored, want 2", len(keys))
	}
}

// TestAWavePastTheKeysIsRefused: the wave with the last id that has room
// for its responses' keys is opened, and the one after it is not.
func TestAWavePastTheKeysIsRefused(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, db, survey.AccessLink)
	if _, err := db.write.ExecContext(ctx, "UPDATE waves SET id = ? WHERE id = ?", maxWaveID-1, w.ID); err != nil {
		t.Fatal(err)
	}
	if last := openWave(t, db, survey.AccessLink); last.ID != maxWaveID {
		t.Errorf("the last wave with room for keys has the id %d, want %d", last.ID, maxWaveID)
	}
	_, err := db.OpenWave(ctx, NewWave{Source: shipped(t, "pulse"), Name: "One too many", Access: survey.AccessLink})
	if survey.Code(err) != survey.ErrConflict {
		t.Errorf("a wave past the last id with room for keys: %v, want a conflict", err)
	}
	var waves int
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM waves").Scan(&waves); err != nil || waves != 2 {
		t.Errorf("%d waves stored (%v), want 2", waves, err)
	}
}

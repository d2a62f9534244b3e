package store

import (
	"context"
	"database/sql"
	"time"
)

// A page keeps its rows in the order they were written, so while a wave is
// open the responses that share a page would lie in the order they came.
// The batcher rewrites each wave that took responses in key order soon
// after: a pass over the wave starts within minReorderGap of a response on
// a quiet server, and passes take at most one part in reorderShare of the
// writer's time. A pass goes rowsPerReorderStep responses at a time, each
// step its own transaction, so that submissions are stored in between
// and memory holds one step's responses, whatever the wave's size.
const (
	minReorderGap      = time.Second
	reorderShare       = 100
	rowsPerReorderStep = 5000
)

// reorderPass is a pass over one wave under way: the next key to rewrite
// from, and the time its steps have taken so far.
type reorderPass struct {
	waveID int64
	from   int64
	took   time.Duration
}

// reorderStep takes the next step of the pass under way, or starts one on
// a wave that took responses. It reports whether a pass is still under
// way; a step that fails is taken again next time.
func (b *batcher) reorderStep(ctx context.Context) (bool, error) {
	if b.pass == nil {
		for waveID := range b.unordered {
			delete(b.unordered, waveID)
			first, _ := waveKeys(waveID)
			b.pass = &reorderPass{waveID: waveID, from: first}
			break
		}
		if b.pass == nil {
			return false, nil
		}
	}
	began := time.Now()
	next, done, err := b.db.reorderKeys(ctx, b.pass.waveID, b.pass.from)
	if err != nil {
		b.pass.took += time.Since(began)
		return true, b.db.writeFault(err)
	}
	b.pass.from = next
	if !done {
		b.pass.took += time.Since(began)
		return true, nil
	}
	// The time a pass takes counts emptying the log it filled.
	b.db.forget(ctx)
	took := b.pass.took + time.Since(began)
	b.nextReorder = time.Now().Add(max(minReorderGap, reorderShare*took))
	b.pass = nil
	return false, nil
}

// whenToReorder is when the batcher should next take a step: at once within
// a pass, after the gap between passes, after the shortest gap when a
// step failed, never when nothing waits.
func (b *batcher) whenToReorder(underWay bool, err error) <-chan time.Time {
	switch {
	case err != nil:
		return time.After(minReorderGap)
	case underWay:
		return time.After(0)
	case len(b.unordered) > 0:
		return time.After(time.Until(b.nextReorder))
	}
	return nil
}

// reorderAll finishes every pass before the database closes, so that
// nothing is left in arrival order, unless the file cannot be written.
func (b *batcher) reorderAll(ctx context.Context) {
	for b.pass != nil || len(b.unordered) > 0 {
		if _, err := b.reorderStep(ctx); err != nil {
			return
		}
	}
}

// reorderKeys rewrites, in one transaction, the next rowsPerReorderStep
// responses of a wave from a key on, in key order: deleted (and, with
// secure deletion, zeroed) and written again from a copy in memory, so
// that where each lies on its page follows its random key, not its
// arrival. It returns the key to go on from, and whether the wave is done.
func (db *DB) reorderKeys(ctx context.Context, waveID, from int64) (next int64, done bool, err error) {
	_, last := waveKeys(waveID)
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return from, false, err
	}
	defer tx.Rollback()
	var rows int
	var upTo sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT count(*), max(id) FROM (SELECT id FROM responses WHERE id BETWEEN ? AND ? ORDER BY id LIMIT ?)",
		from, last, rowsPerReorderStep).Scan(&rows, &upTo); err != nil {
		return from, false, err
	}
	if rows == 0 {
		return from, true, nil
	}
	for _, step := range []string{
		"CREATE TEMP TABLE reordering (id INTEGER PRIMARY KEY, submitted_on TEXT NOT NULL, answers BLOB NOT NULL)",
		"INSERT INTO temp.reordering SELECT id, submitted_on, answers FROM responses WHERE id BETWEEN ?1 AND ?2",
		"DELETE FROM responses WHERE id BETWEEN ?1 AND ?2",
		"INSERT INTO responses (id, submitted_on, answers) SELECT id, submitted_on, answers FROM temp.reordering ORDER BY id",
		"DROP TABLE temp.reordering",
	} {
		if _, err := tx.ExecContext(ctx, step, from, upTo.Int64); err != nil {
			return from, false, err
		}
	}
	if err := tx.Commit(); err != nil {
		return from, false, err
	}
	// A wave's last key ends the range of keys, so nothing follows it.
	done = rows < rowsPerReorderStep || upTo.Int64 == last
	return upTo.Int64 + 1, done, nil
}

// reorder rewrites a whole wave in key order at once.
func (db *DB) reorder(ctx context.Context, waveID int64) error {
	first, _ := waveKeys(waveID)
	for from, done := first, false; !done; {
		var err error
		if from, done, err = db.reorderKeys(ctx, waveID, from); err != nil {
			return err
		}
	}
	return nil
}

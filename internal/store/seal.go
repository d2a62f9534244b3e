package store

import (
	"context"
	"fmt"
	"time"
)

// forget moves every committed page from the write-ahead log into the
// database file and empties the log, so that no copy of the log shows
// which invitation code was spent in the same commit as which response, or
// in what order responses came. It runs after a commit of responses
// whenever no other response is waiting to be stored. It never waits: while a reader is still on an older snapshot the log
// cannot be emptied, so it moves what it can and tries again a second
// later, until it has emptied the log or the database closes.
func (db *DB) forget(ctx context.Context) {
	select {
	case <-db.closed:
		return
	default:
	}
	if db.emptyLog(ctx) {
		return
	}
	if db.forgetting.CompareAndSwap(false, true) {
		time.AfterFunc(time.Second, func() {
			db.forgetting.Store(false)
			db.forget(context.Background())
		})
	}
}

// emptyLog checkpoints the log with no wait for readers and reports
// whether it emptied it.
func (db *DB) emptyLog(ctx context.Context) bool {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return false
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		return false
	}
	// The connection goes back to the pool waiting as every other does.
	defer conn.ExecContext(ctx, "PRAGMA busy_timeout = 10000")
	var busy, frames, moved int
	err = conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &moved)
	return err == nil && busy == 0
}

// Seal rewrites the whole database in key order (VACUUM) and empties the
// write-ahead log. Responses are stored under random keys, but a page
// keeps its rows in the order they were written; after Seal, where a
// response lies in the file says nothing of when it came. Closing a wave
// seals the database, and so does the batcher soon after it stores
// responses (seal_soon.go).
func (db *DB) Seal(ctx context.Context) error {
	if _, err := db.sealTimed(ctx); err != nil {
		return fmt.Errorf("rewriting the database in key order: %w", err)
	}
	return nil
}

// sealTimed is Seal, timing the rewrite and the emptying of the log from
// the moment it has the write connection.
func (db *DB) sealTimed(ctx context.Context) (time.Duration, error) {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return 0, db.writeFault(err)
	}
	began := time.Now()
	// Cleared first: a response stored after this rewrite sets it again.
	db.unsealed.Store(false)
	_, err = conn.ExecContext(ctx, "VACUUM")
	conn.Close()
	if err != nil {
		db.unsealed.Store(true)
		return 0, db.writeFault(err)
	}
	db.forget(ctx)
	return time.Since(began), nil
}

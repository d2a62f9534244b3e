package store

import (
	"context"
	"fmt"
)

// forget moves every committed page from the write-ahead log into the
// database file and empties the log, so that no copy of the log shows
// which invitation code was spent in the same commit as which response, or
// in what order responses came. It runs after every commit of responses. A
// reader still on an older snapshot can keep the log from being emptied;
// the next commit empties it.
func (db *DB) forget(ctx context.Context) {
	// A failure here loses nothing: the log is checkpointed at the next
	// commit or when the database closes.
	_, _ = db.write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
}

// Seal rewrites the whole database in key order (VACUUM) and empties the
// write-ahead log. Responses are stored under random keys, but a page
// keeps its rows in the order they were written; after Seal, where a
// response lies in the file says nothing of when it came. Closing a wave
// seals the database.
func (db *DB) Seal(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, "VACUUM"); err != nil {
		return fmt.Errorf("rewriting the database in key order: %w", err)
	}
	db.forget(ctx)
	return nil
}

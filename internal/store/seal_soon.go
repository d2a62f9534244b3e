package store

import (
	"context"
	"time"
)

// A page keeps its rows in the order they were written, leaves copies of
// rows it moved in its unused space, and the table gains pages at the end
// of the file as responses come: while a wave is open, the file would
// give the order its responses came in. So the batcher seals the database
// (Seal: VACUUM, which rewrites every table in key order) soon after
// responses are stored: minSealGap after the last seal on a quiet server,
// and never taking more than one part in sealShare of the writer's time.
const (
	minSealGap      = time.Second
	sealShare       = 100
	maxSealRetryGap = 10 * time.Minute
)

// sealDue is when the batcher should next seal the database, or nil when
// nothing stored since the last seal waits for it.
func (b *batcher) sealDue() <-chan time.Time {
	if !b.db.unsealed.Load() {
		return nil
	}
	return time.After(time.Until(b.nextSeal))
}

// sealSoon seals the database if anything was stored since the last seal,
// and sets when the next may start: the gap counts the seal's own work
// (not the wait for the write connection), so that seals of a big file
// come seldom. A seal that fails is tried again after a gap that doubles
// with each failure in a row, up to maxSealRetryGap.
func (b *batcher) sealSoon(ctx context.Context) {
	if !b.db.unsealed.Load() {
		return
	}
	took, err := b.db.sealTimed(ctx)
	if err != nil {
		b.sealFailures++
		b.nextSeal = time.Now().Add(min(maxSealRetryGap, minSealGap<<min(b.sealFailures, 16)))
		return
	}
	b.sealFailures = 0
	b.nextSeal = time.Now().Add(max(minSealGap, sealShare*took))
}

// sealTimed is Seal, timing the rewrite and the emptying of the log from
// the moment it has the write connection.
func (db *DB) sealTimed(ctx context.Context) (time.Duration, error) {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return 0, db.writeFault(err)
	}
	began := time.Now()
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

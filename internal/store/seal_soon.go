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
// responses are stored: once none has come for sealIdle, or, under a load
// that never pauses, once the oldest unsealed is maxUnsealed old; and
// never sooner than minSealGap after the last seal, nor so often that
// seals take more than one part in sealShare of the writer's time.
const (
	sealIdle        = 250 * time.Millisecond
	maxUnsealed     = 5 * time.Minute
	minSealGap      = time.Second
	sealShare       = 100
	maxSealRetryGap = 10 * time.Minute
)

// stored notes that responses were stored at a time.
func (b *batcher) stored(at time.Time) {
	b.lastStored = at
	if b.unsealedSince.IsZero() {
		b.unsealedSince = at
	}
}

// untilSeal is how long the batcher should wait before sealing what it
// stored since the last seal.
func (b *batcher) untilSeal() time.Duration {
	at := b.lastStored.Add(sealIdle)
	if oldest := b.unsealedSince.Add(b.maxUnsealed); oldest.Before(at) {
		at = oldest
	}
	if at.Before(b.nextSeal) {
		at = b.nextSeal
	}
	return time.Until(at)
}

// sealSoon seals the database if anything was stored since the last seal,
// and sets when the next may start: the gap counts the seal's own work
// (not the wait for the write connection), so that seals of a big file
// come seldom. A seal that fails is tried again after a gap that doubles
// with each failure in a row, up to maxSealRetryGap.
func (b *batcher) sealSoon(ctx context.Context) {
	if b.db.unsealed.Load() {
		took, err := b.db.sealTimed(ctx)
		if err != nil {
			b.sealFailures++
			b.nextSeal = time.Now().Add(min(maxSealRetryGap, minSealGap<<min(b.sealFailures, 16)))
			return
		}
		b.sealFailures = 0
		b.nextSeal = time.Now().Add(max(minSealGap, sealShare*took))
	}
	// Sealed now, or by Seal when a wave closed.
	b.unsealedSince = time.Time{}
}

// SealOpenWaves seals the database when an open wave has responses: a
// server that stopped without sealing (a crash, a power cut) left the last
// of them in the order they came. The server calls it as it starts; other
// commands, which store no responses, leave the file to it.
func (db *DB) SealOpenWaves(ctx context.Context) error {
	var answered bool
	if err := db.read.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM waves WHERE closed = 0 AND responses > 0)").Scan(&answered); err != nil {
		return readFault(err)
	}
	if !answered {
		return nil
	}
	return db.Seal(ctx)
}

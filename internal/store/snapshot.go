package store

import (
	"context"
	"database/sql"
	"errors"
)

// Snapshot returns the results state last published for a wave, and how
// many responses it held; ok is false when none has been published.
func (db *DB) Snapshot(ctx context.Context, waveID int64) (state []byte, responses int, ok bool, err error) {
	err = db.read.QueryRowContext(ctx, "SELECT state, responses FROM snapshots WHERE wave_id = ?", waveID).Scan(&state, &responses)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, false, nil
	}
	return state, responses, err == nil, err
}

// SaveSnapshot records the results state published for a wave.
func (db *DB) SaveSnapshot(ctx context.Context, waveID int64, responses int, state []byte) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO snapshots (wave_id, responses, state, published_on) VALUES (?, ?, ?, ?)
		ON CONFLICT (wave_id) DO UPDATE SET responses = excluded.responses, state = excluded.state, published_on = excluded.published_on`,
		waveID, responses, state, db.now().Format("2006-01-02"))
	return err
}

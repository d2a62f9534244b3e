package store

import (
	"context"
	"strings"

	"github.com/sayso/sayso/internal/survey"
)

// MaxGroupHeadcount is the largest headcount a group may be given.
const MaxGroupHeadcount = 1_000_000

// CheckGroupHeadcount says what is wrong with a group's headcount.
func CheckGroupHeadcount(n int) error {
	if n < 1 || n > MaxGroupHeadcount {
		return survey.Errorf(survey.ErrInvalid, "a group's headcount must be a whole number from 1 to 1,000,000, or left empty")
	}
	return nil
}

// SetGroupHeadcounts replaces a wave's headcounts of the groups of one
// breakdown (its questions joined by commas) with the given ones, by
// group value; a group left out has none.
func (db *DB) SetGroupHeadcounts(ctx context.Context, waveID int64, breakdown string, headcounts map[string]int) error {
	for _, n := range headcounts {
		if err := CheckGroupHeadcount(n); err != nil {
			return err
		}
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.writeFault(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM group_headcounts WHERE wave_id = ? AND breakdown = ?", waveID, breakdown); err != nil {
		return db.writeFault(err)
	}
	for value, n := range headcounts {
		if _, err := tx.ExecContext(ctx, "INSERT INTO group_headcounts (wave_id, breakdown, value, headcount) VALUES (?, ?, ?, ?)", waveID, breakdown, value, n); err != nil {
			if strings.Contains(err.Error(), "FOREIGN KEY") {
				return survey.Errorf(survey.ErrNotFound, "there is no wave %d", waveID)
			}
			return db.writeFault(err)
		}
	}
	return db.writeFault(tx.Commit())
}

// GroupHeadcounts returns a wave's headcounts of the groups of one
// breakdown, by group value.
func (db *DB) GroupHeadcounts(ctx context.Context, waveID int64, breakdown string) (map[string]int, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT value, headcount FROM group_headcounts WHERE wave_id = ? AND breakdown = ?", waveID, breakdown)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var value string
		var n int
		if err := rows.Scan(&value, &n); err != nil {
			return nil, err
		}
		out[value] = n
	}
	return out, rows.Err()
}

package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/sayso/sayso/internal/survey"
)

// Publication is one entry of a wave's ledger of published results, as
// stored: the results package writes and reads its state.
type Publication struct {
	Seq       int
	Responses int
	Final     bool
	On        string
	State     []byte
}

// Publications returns a wave's publications after the given sequence
// number, oldest first.
func (db *DB) Publications(ctx context.Context, waveID int64, after int) ([]Publication, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT seq, responses, final, published_on, state FROM publications WHERE wave_id = ? AND seq > ? ORDER BY seq", waveID, after)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Publication
	for rows.Next() {
		var p Publication
		if err := rows.Scan(&p.Seq, &p.Responses, &p.Final, &p.On, &p.State); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// LatestPublication is the sequence number of a wave's newest publication,
// 0 for none.
func (db *DB) LatestPublication(ctx context.Context, waveID int64) (int, error) {
	var seq int
	err := db.read.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM publications WHERE wave_id = ?", waveID).Scan(&seq)
	return seq, err
}

// AddPublication records a new publication. Only one process can add a
// given sequence number: a second gets a conflict, and must read the one
// that won.
func (db *DB) AddPublication(ctx context.Context, waveID int64, p Publication) error {
	_, err := db.write.ExecContext(ctx, "INSERT INTO publications (wave_id, seq, responses, final, published_on, state) VALUES (?, ?, ?, ?, ?, ?)",
		waveID, p.Seq, p.Responses, p.Final, p.On, p.State)
	if err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed") {
		return survey.Errorf(survey.ErrConflict, "wave %d's publication %d was made by another process", waveID, p.Seq)
	}
	return err
}

// ReadComments returns how many responses a wave has and, for each text
// question given by its position in the stored answers, the non-empty
// answers of all of them, read in one transaction in the table's key
// order, which is random. No response is committed while it reads.
func (db *DB) ReadComments(ctx context.Context, waveID int64, positions map[string]int) (int, map[string][]string, error) {
	db.commitMu.RLock()
	defer db.commitMu.RUnlock()
	tx, err := db.read.BeginTx(ctx, nil)
	if err != nil {
		return 0, nil, err
	}
	defer tx.Rollback()
	var count int
	if err := tx.QueryRowContext(ctx, "SELECT responses FROM waves WHERE id = ?", waveID).Scan(&count); err != nil {
		return 0, nil, err
	}
	comments := make(map[string][]string, len(positions))
	first, last := waveKeys(waveID)
	for id, at := range positions {
		rows, err := tx.QueryContext(ctx, fmt.Sprintf("SELECT text FROM (SELECT json_extract(CAST(answers AS TEXT), '$[%d]') AS text FROM responses WHERE id BETWEEN ? AND ?) WHERE trim(coalesce(text, '')) != ''", at), first, last)
		if err != nil {
			return 0, nil, err
		}
		for rows.Next() {
			var text string
			if err := rows.Scan(&text); err != nil {
				rows.Close()
				return 0, nil, err
			}
			comments[id] = append(comments[id], text)
		}
		if err := rows.Close(); err != nil {
			return 0, nil, err
		}
	}
	return count, comments, nil
}

package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"errors"

	"github.com/sayso/sayso/internal/survey"
)

// ErrNoProgress is saved answers that are not there: never saved, already
// submitted, expired, or their wave closed.
var ErrNoProgress = survey.Errorf(survey.ErrNotFound, "there are no saved answers for this code; they may have expired or been submitted")

// ErrAlreadySubmitted refuses a second response carrying a submission token
// that has been spent: a double click, a replay or a form sent again.
var ErrAlreadySubmitted = survey.Errorf(survey.ErrConflict, "these answers have already been submitted")

// SaveProgress files a respondent's sealed answers under id until
// expiresOn, replacing what was there. It also deletes every row that has
// expired, so nothing stays past its day.
func (db *DB) SaveProgress(ctx context.Context, waveID int64, id, sealed []byte, expiresOn string) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.writeFault(err)
	}
	defer tx.Rollback()
	today := db.now().Format(survey.DateLayout)
	for _, q := range []string{"DELETE FROM progress WHERE expires_on < ?", "DELETE FROM submission_tokens WHERE expires_on < ?"} {
		if _, err := tx.ExecContext(ctx, q, today); err != nil {
			return db.writeFault(err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO progress (id, wave_id, expires_on, sealed) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET expires_on = excluded.expires_on, sealed = excluded.sealed`, id, waveID, expiresOn, sealed); err != nil {
		return db.writeFault(err)
	}
	return db.writeFault(tx.Commit())
}

// Progress returns the sealed answers filed under id, and their wave.
func (db *DB) Progress(ctx context.Context, id []byte) (waveID int64, sealed []byte, expiresOn string, err error) {
	err = db.read.QueryRowContext(ctx, "SELECT wave_id, sealed, expires_on FROM progress WHERE id = ? AND expires_on >= ?",
		id, db.now().Format(survey.DateLayout)).Scan(&waveID, &sealed, &expiresOn)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, "", ErrNoProgress
	}
	return waveID, sealed, expiresOn, readFault(err)
}

// DeleteProgress removes the sealed answers filed under id; secure
// deletion zeroes their bytes.
func (db *DB) DeleteProgress(ctx context.Context, id []byte) error {
	_, err := db.write.ExecContext(ctx, "DELETE FROM progress WHERE id = ?", id)
	return db.writeFault(err)
}

// IssueSubmissionToken makes a one-time token for submitting a response to
// a wave, good until expiresOn. Only its hash is stored.
func (db *DB) IssueSubmissionToken(ctx context.Context, waveID int64, expiresOn string) (string, error) {
	token := rand.Text()
	if _, err := db.write.ExecContext(ctx, "INSERT INTO submission_tokens (hash, wave_id, expires_on) VALUES (?, ?, ?)",
		hashToken(token), waveID, expiresOn); err != nil {
		return "", db.writeFault(err)
	}
	return token, nil
}

// SubmissionTokenSpent says whether a response carrying token has been
// stored.
func (db *DB) SubmissionTokenSpent(ctx context.Context, token string) (bool, error) {
	var used bool
	err := db.read.QueryRowContext(ctx, "SELECT used FROM submission_tokens WHERE hash = ?", hashToken(token)).Scan(&used)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return used, readFault(err)
}

func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte("sayso submission token\x00" + token))
	return sum[:]
}

// forgetWaveProgress deletes a wave's saved answers and submission tokens,
// when it closes.
func forgetWaveProgress(ctx context.Context, db *sql.DB, waveID int64) error {
	for _, q := range []string{"DELETE FROM progress WHERE wave_id = ?", "DELETE FROM submission_tokens WHERE wave_id = ?"} {
		if _, err := db.ExecContext(ctx, q, waveID); err != nil {
			return err
		}
	}
	return nil
}

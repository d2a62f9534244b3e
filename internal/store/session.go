package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/survey"
)

// SessionLimits bound how long a session lasts: Idle without a request,
// Absolute from sign-in whatever happens.
type SessionLimits struct {
	Idle     time.Duration
	Absolute time.Duration
}

// DefaultSessionLimits suit a council laptop: half an hour idle, a working
// day at most.
var DefaultSessionLimits = SessionLimits{Idle: 30 * time.Minute, Absolute: 10 * time.Hour}

// seenEvery spares a write on every request: a session's last use is
// recorded at most once a minute.
const seenEvery = time.Minute

// CreateSession starts a session for an account and returns its id; only
// the id's hash is stored.
func (db *DB) CreateSession(ctx context.Context, accountID int64) (string, error) {
	id := account.NewToken()
	hash, _ := account.HashToken(id) // a new token always hashes
	now := db.now().UTC().Format(time.RFC3339)
	_, err := db.write.ExecContext(ctx, "INSERT INTO sessions (hash, account_id, created_at, seen_at) VALUES (?, ?, ?, ?)", hash, accountID, now, now)
	return id, err
}

// SessionAccount returns the account a live session belongs to, and marks
// the session used. An unknown, malformed or expired session is
// unauthorised; an expired one is deleted.
func (db *DB) SessionAccount(ctx context.Context, id string, limits SessionLimits) (*account.Account, error) {
	unauthorised := survey.Errorf(survey.ErrUnauthorised, "sign in to see this page")
	hash, err := account.HashToken(id)
	if err != nil {
		return nil, unauthorised
	}
	a := &account.Account{}
	var created, seen string
	// Disabling an account deletes its sessions; the check here holds even
	// for a session started while it was being disabled.
	err = scanAccount(db.read.QueryRowContext(ctx, "SELECT "+accountColumns+`, s.created_at, s.seen_at FROM sessions s
		JOIN accounts a ON a.id = s.account_id WHERE s.hash = ? AND a.disabled_at IS NULL`, hash), a, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, unauthorised
	}
	if err != nil {
		return nil, err
	}
	now := db.now().UTC()
	createdAt, err1 := time.Parse(time.RFC3339, created)
	seenAt, err2 := time.Parse(time.RFC3339, seen)
	if err1 != nil || err2 != nil || now.Sub(createdAt) > limits.Absolute || now.Sub(seenAt) > limits.Idle {
		if _, err := db.write.ExecContext(ctx, "DELETE FROM sessions WHERE hash = ?", hash); err != nil {
			return nil, err
		}
		return nil, unauthorised
	}
	if now.Sub(seenAt) >= seenEvery {
		if _, err := db.write.ExecContext(ctx, "UPDATE sessions SET seen_at = ? WHERE hash = ?", now.Format(time.RFC3339), hash); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// DeleteSession ends a session; ending one that does not exist is fine.
func (db *DB) DeleteSession(ctx context.Context, id string) error {
	hash, err := account.HashToken(id)
	if err != nil {
		return nil
	}
	_, err = db.write.ExecContext(ctx, "DELETE FROM sessions WHERE hash = ?", hash)
	return err
}

// Credentials returns an account and its password hash for signing in.
// An unknown email is unauthorised; a disabled account is returned as
// such, for the caller to refuse once the password is checked.
func (db *DB) Credentials(ctx context.Context, email string) (*account.Account, string, error) {
	a := &account.Account{}
	var hash string
	err := scanAccount(db.read.QueryRowContext(ctx, "SELECT "+accountColumns+", a.password_hash FROM accounts a WHERE a.email = ?", email), a, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", survey.Errorf(survey.ErrUnauthorised, "the email address or password is not right")
	}
	if err != nil {
		return nil, "", err
	}
	return a, hash, nil
}

// SetPassword replaces an account's password hash and revokes its
// sessions and API tokens: whoever held the old password may have made
// either.
func (db *DB) SetPassword(ctx context.Context, email string, hash account.PasswordHash) error {
	if err := hash.Validate(); err != nil {
		return err
	}
	return db.changeAccount(ctx, email, func(tx *sql.Tx, a *account.Account) error {
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET password_hash = ? WHERE id = ?", hash.Stored(), a.ID); err != nil {
			return err
		}
		return revokeAccess(ctx, tx, a.ID)
	})
}

// ChangeOwnPassword replaces the password of a signed-in account whose
// current password has been checked, and ends its other sessions; the one
// it is changed from stays signed in. Its API tokens are kept: the person
// who made them is the one changing the password.
func (db *DB) ChangeOwnPassword(ctx context.Context, accountID int64, hash account.PasswordHash, currentSession string) error {
	if err := hash.Validate(); err != nil {
		return err
	}
	keep, _ := account.HashToken(currentSession) // a malformed id keeps nothing
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, "UPDATE accounts SET password_hash = ? WHERE id = ? AND disabled_at IS NULL", hash.Stored(), accountID)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return survey.Errorf(survey.ErrUnauthorised, "sign in to change your password")
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE account_id = ? AND hash IS NOT ?", accountID, keep); err != nil {
		return err
	}
	return tx.Commit()
}

// AuditEntry is one admin action.
type AuditEntry struct {
	At     string
	Actor  string
	Action string
	Detail string
}

// Audit records an admin action.
func (db *DB) Audit(ctx context.Context, actor, action, detail string) error {
	_, err := db.write.ExecContext(ctx, "INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)",
		db.now().UTC().Format(time.RFC3339), actor, action, detail)
	return err
}

// AuditLog returns the latest admin actions, newest first.
func (db *DB) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?", limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var entries []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.At, &e.Actor, &e.Action, &e.Detail); err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	return entries, rows.Err()
}

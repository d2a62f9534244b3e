package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/survey"
)

// CreateAccount adds an account. The email must be normalised and the
// password already hashed (package account does both).
func (db *DB) CreateAccount(ctx context.Context, email string, role account.Role, passwordHash string) (*account.Account, error) {
	a := &account.Account{Email: email, Role: role, CreatedAt: db.now().UTC().Format(time.RFC3339)}
	res, err := db.write.ExecContext(ctx, "INSERT INTO accounts (email, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
		a.Email, string(a.Role), passwordHash, a.CreatedAt)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed") {
			return nil, survey.Errorf(survey.ErrConflict, "there is already an account for %s", email)
		}
		return nil, err
	}
	a.ID, err = res.LastInsertId()
	return a, err
}

// Accounts returns every account, by email.
func (db *DB) Accounts(ctx context.Context) ([]*account.Account, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT id, email, role, created_at FROM accounts ORDER BY email")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var accounts []*account.Account
	for rows.Next() {
		a := &account.Account{}
		if err := rows.Scan(&a.ID, &a.Email, &a.Role, &a.CreatedAt); err != nil {
			return nil, err
		}
		accounts = append(accounts, a)
	}
	return accounts, rows.Err()
}

// CreateToken makes an API token for the account with the given email and
// returns it. Only its hash is stored: this is the one time it can be read.
func (db *DB) CreateToken(ctx context.Context, email string) (string, error) {
	var id int64
	err := db.read.QueryRowContext(ctx, "SELECT id FROM accounts WHERE email = ?", email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", survey.Errorf(survey.ErrNotFound, "there is no account for %s", email)
	}
	if err != nil {
		return "", err
	}
	token := account.NewToken()
	hash, _ := account.HashToken(token) // a new token always hashes
	if _, err := db.write.ExecContext(ctx, "INSERT INTO tokens (hash, account_id, created_at) VALUES (?, ?, ?)",
		hash, id, db.now().UTC().Format(time.RFC3339)); err != nil {
		return "", err
	}
	return token, nil
}

// AccountForToken returns the account an API token belongs to. Anything
// else, a malformed token included, is unauthorised, with one message
// that says nothing of why.
func (db *DB) AccountForToken(ctx context.Context, token string) (*account.Account, error) {
	unauthorised := survey.Errorf(survey.ErrUnauthorised, "a valid API token is required: send Authorization: Bearer TOKEN")
	hash, err := account.HashToken(token)
	if err != nil {
		return nil, unauthorised
	}
	a := &account.Account{}
	err = db.read.QueryRowContext(ctx, `SELECT a.id, a.email, a.role, a.created_at FROM tokens t
		JOIN accounts a ON a.id = t.account_id WHERE t.hash = ?`, hash).Scan(&a.ID, &a.Email, &a.Role, &a.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, unauthorised
	}
	if err != nil {
		return nil, err
	}
	return a, nil
}

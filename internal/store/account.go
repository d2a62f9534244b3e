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

// accountColumns are what every query of an account reads, from accounts
// as a, in the order scanAccount takes them.
const accountColumns = "a.id, a.email, a.role, a.created_at, a.disabled_at IS NOT NULL"

func scanAccount(row interface{ Scan(...any) error }, a *account.Account, more ...any) error {
	return row.Scan(append([]any{&a.ID, &a.Email, &a.Role, &a.CreatedAt, &a.Disabled}, more...)...)
}

// CreateAccount adds an account, held to account.CheckStored: the email as
// NormaliseEmail gives it, a known role, and a password hashed by
// account.HashPassword.
func (db *DB) CreateAccount(ctx context.Context, email string, role account.Role, hash account.PasswordHash) (*account.Account, error) {
	if err := account.CheckStored(email, role, hash); err != nil {
		return nil, err
	}
	a := &account.Account{Email: email, Role: role, CreatedAt: db.now().UTC().Format(time.RFC3339)}
	res, err := db.write.ExecContext(ctx, "INSERT INTO accounts (email, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
		a.Email, string(a.Role), hash.Stored(), a.CreatedAt)
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
	rows, err := db.read.QueryContext(ctx, "SELECT "+accountColumns+" FROM accounts a ORDER BY a.email")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var accounts []*account.Account
	for rows.Next() {
		a := &account.Account{}
		if err := scanAccount(rows, a); err != nil {
			return nil, err
		}
		accounts = append(accounts, a)
	}
	return accounts, rows.Err()
}

func noAccount(email string) error {
	return survey.Errorf(survey.ErrNotFound, "There is no account for %s", email)
}

// SetRole gives an account a role and ends its sessions, so that the next
// request signs in again under the new role. The last active admin cannot
// be made a viewer.
func (db *DB) SetRole(ctx context.Context, email string, role account.Role) error {
	if err := role.Validate(); err != nil {
		return err
	}
	return db.changeAccount(ctx, email, func(tx *sql.Tx, a *account.Account) error {
		if role != account.Admin {
			if err := keepAnAdmin(ctx, tx, a, "made a viewer"); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET role = ? WHERE id = ?", string(role), a.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE account_id = ?", a.ID)
		return err
	})
}

// DisableAccount stops an account signing in and revokes its sessions and
// API tokens at once. The last active admin cannot be disabled.
func (db *DB) DisableAccount(ctx context.Context, email string) error {
	return db.changeAccount(ctx, email, func(tx *sql.Tx, a *account.Account) error {
		if err := keepAnAdmin(ctx, tx, a, "disabled"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE accounts SET disabled_at = coalesce(disabled_at, ?) WHERE id = ?", db.now().UTC().Format(time.RFC3339), a.ID); err != nil {
			return err
		}
		return revokeAccess(ctx, tx, a.ID)
	})
}

// EnableAccount lets a disabled account sign in again. Its old sessions and
// tokens stay revoked.
func (db *DB) EnableAccount(ctx context.Context, email string) error {
	return db.changeAccount(ctx, email, func(tx *sql.Tx, a *account.Account) error {
		_, err := tx.ExecContext(ctx, "UPDATE accounts SET disabled_at = NULL WHERE id = ?", a.ID)
		return err
	})
}

// DeleteAccount removes an account with its sessions and tokens. The audit
// log keeps what it did. The last active admin cannot be deleted.
func (db *DB) DeleteAccount(ctx context.Context, email string) error {
	return db.changeAccount(ctx, email, func(tx *sql.Tx, a *account.Account) error {
		if err := keepAnAdmin(ctx, tx, a, "deleted"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM accounts WHERE id = ?", a.ID)
		return err
	})
}

// changeAccount runs change on the account with the given email in one
// write transaction, so that the check of the last admin and the change
// cannot be split by another writer.
func (db *DB) changeAccount(ctx context.Context, email string, change func(*sql.Tx, *account.Account) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	a := &account.Account{}
	err = scanAccount(tx.QueryRowContext(ctx, "SELECT "+accountColumns+" FROM accounts a WHERE a.email = ?", email), a)
	if errors.Is(err, sql.ErrNoRows) {
		return noAccount(email)
	}
	if err != nil {
		return err
	}
	if err := change(tx, a); err != nil {
		return err
	}
	return tx.Commit()
}

// keepAnAdmin refuses to take away the last active admin: without one,
// nobody could run waves or accounts from the web again.
func keepAnAdmin(ctx context.Context, tx *sql.Tx, a *account.Account, what string) error {
	if a.Role != account.Admin || a.Disabled {
		return nil
	}
	var others int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM accounts WHERE role = 'admin' AND disabled_at IS NULL AND id != ?", a.ID).Scan(&others); err != nil {
		return err
	}
	if others == 0 {
		return survey.Errorf(survey.ErrConflict, "%s is the last active admin and cannot be %s: make another account an admin first", a.Email, what)
	}
	return nil
}

// revokeAccess ends every session and API token of an account.
func revokeAccess(ctx context.Context, tx *sql.Tx, accountID int64) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE account_id = ?", accountID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "DELETE FROM tokens WHERE account_id = ?", accountID)
	return err
}

// CreateToken makes an API token for the active account with the given
// email, lasting lifetime, and returns it. Only its hash is stored: this is
// the one time it can be read.
func (db *DB) CreateToken(ctx context.Context, email string, lifetime time.Duration) (string, *account.Token, error) {
	a := &account.Account{}
	err := scanAccount(db.read.QueryRowContext(ctx, "SELECT "+accountColumns+" FROM accounts a WHERE a.email = ?", email), a)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, noAccount(email)
	}
	if err != nil {
		return "", nil, err
	}
	if a.Disabled {
		return "", nil, survey.Errorf(survey.ErrConflict, "The account for %s is disabled: enable it first", email)
	}
	token := account.NewToken()
	hash, _ := account.HashToken(token) // a new token always hashes
	now := db.now().UTC()
	t := &account.Token{Email: email, CreatedAt: now.Format(time.RFC3339), ExpiresAt: now.Add(lifetime).Format(time.RFC3339)}
	// The account must still be active when the token is stored.
	err = db.write.QueryRowContext(ctx, `INSERT INTO tokens (hash, account_id, created_at, expires_at)
		SELECT ?, id, ?, ? FROM accounts WHERE id = ? AND disabled_at IS NULL RETURNING id`,
		hash, t.CreatedAt, t.ExpiresAt, a.ID).Scan(&t.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, survey.Errorf(survey.ErrConflict, "The account for %s was disabled or deleted meanwhile", email)
	}
	if err != nil {
		return "", nil, err
	}
	return token, t, nil
}

// Tokens lists every API token, expired ones too, by account and age;
// never their secrets, which are not stored.
func (db *DB) Tokens(ctx context.Context) ([]*account.Token, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT t.id, a.email, t.created_at, coalesce(t.last_used_at, ''), t.expires_at
		FROM tokens t JOIN accounts a ON a.id = t.account_id ORDER BY a.email, t.created_at, t.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var tokens []*account.Token
	for rows.Next() {
		t := &account.Token{}
		if err := rows.Scan(&t.ID, &t.Email, &t.CreatedAt, &t.LastUsedAt, &t.ExpiresAt); err != nil {
			return nil, err
		}
		tokens = append(tokens, t)
	}
	return tokens, rows.Err()
}

// RevokeToken deletes an API token by its id and returns what it was.
func (db *DB) RevokeToken(ctx context.Context, id int64) (*account.Token, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	t := &account.Token{ID: id}
	err = tx.QueryRowContext(ctx, `SELECT a.email, t.created_at, coalesce(t.last_used_at, ''), t.expires_at
		FROM tokens t JOIN accounts a ON a.id = t.account_id WHERE t.id = ?`, id).Scan(&t.Email, &t.CreatedAt, &t.LastUsedAt, &t.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, survey.Errorf(survey.ErrNotFound, "There is no API token %d", id)
	}
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM tokens WHERE id = ?", id); err != nil {
		return nil, err
	}
	return t, tx.Commit()
}

// tokenUseEvery spares a write on every API request: a token's last use is
// recorded at most once a minute.
const tokenUseEvery = time.Minute

// AccountForToken returns the active account a live API token belongs to.
// Anything else, a malformed, unknown, revoked or expired token or one of a
// disabled account, is unauthorised, with one message that says nothing of
// why.
func (db *DB) AccountForToken(ctx context.Context, token string) (*account.Account, error) {
	unauthorised := survey.Errorf(survey.ErrUnauthorised, "a valid API token is required: send Authorization: Bearer TOKEN")
	hash, err := account.HashToken(token)
	if err != nil {
		return nil, unauthorised
	}
	now := db.now().UTC()
	a := &account.Account{}
	var id int64
	var lastUsed string
	err = scanAccount(db.read.QueryRowContext(ctx, "SELECT "+accountColumns+`, t.id, coalesce(t.last_used_at, '') FROM tokens t
		JOIN accounts a ON a.id = t.account_id WHERE t.hash = ? AND t.expires_at > ? AND a.disabled_at IS NULL`,
		hash, now.Format(time.RFC3339)), a, &id, &lastUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, unauthorised
	}
	if err != nil {
		return nil, err
	}
	if used, err := time.Parse(time.RFC3339, lastUsed); err != nil || now.Sub(used) >= tokenUseEvery {
		if _, err := db.write.ExecContext(ctx, "UPDATE tokens SET last_used_at = ? WHERE id = ?", now.Format(time.RFC3339), id); err != nil {
			return nil, err
		}
	}
	return a, nil
}

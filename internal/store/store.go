// Package store keeps Sayso's data in one SQLite file: waves, invitation
// codes and responses. It returns domain errors, never HTTP ones.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the database: one writer connection, because SQLite has one writer
// at a time anyway, and a bounded pool of read-only connections.
type DB struct {
	path      string
	write     *sql.DB
	read      *sql.DB
	responses *batcher
	now       func() time.Time
	// definitions holds parsed frozen definitions by hash.
	definitions sync.Map
	// linkCodes maps link codes, which never change, to their wave ids.
	linkCodes sync.Map
	// waves holds recently read waves by id, for respondents.
	waves sync.Map
	// commitMu orders commits against readers of the response counts.
	commitMu sync.RWMutex
	onCommit func([]Committed)

	closed    chan struct{}
	closeOnce sync.Once
}

// Open opens, or creates, the database file at path and brings its schema
// up to date.
func Open(ctx context.Context, path string) (*DB, error) {
	write, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	if err := migrate(ctx, write); err != nil {
		write.Close()
		return nil, fmt.Errorf("migrating %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		write.Close()
		return nil, err
	}
	readers := max(4, runtime.GOMAXPROCS(0)*2)
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	db := &DB{path: path, write: write, read: read, now: time.Now, closed: make(chan struct{})}
	db.responses = newBatcher(db)
	return db, nil
}

// dsn sets every connection up the same way: WAL so readers never wait for
// the writer, synchronous FULL so a commit is on disk before it returns, a
// busy timeout instead of immediate failure, foreign keys enforced, secure
// deletion, and write transactions that take the lock at BEGIN so they
// never deadlock on upgrade.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(ON)")
	// Deleted and overwritten content is zeroed rather than left in free
	// pages, and temporary tables stay in memory: nothing of a response
	// lingers on disk where it could be read back.
	q.Add("_pragma", "secure_delete(ON)")
	q.Add("_pragma", "temp_store(MEMORY)")
	if readOnly {
		q.Add("_pragma", "query_only(ON)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Close waits for queued responses to be stored, then closes the database.
func (db *DB) Close() error {
	db.responses.stop()
	db.closeOnce.Do(func() { close(db.closed) })
	return errors.Join(db.read.Close(), db.write.Close())
}

// Closed is closed when the database is, so that whatever follows its
// commits can stop.
func (db *DB) Closed() <-chan struct{} { return db.closed }

// Ping says whether the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// migrate applies, in order, each migration not yet recorded in the
// schema_migrations table, each in its own transaction.
func migrate(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	// Known without a write lock, so that a command run beside a busy
	// server does not queue for the lock once per migration.
	applied := map[int]bool{}
	rows, err := db.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return err
	}
	for rows.Next() {
		var version int
		if err := rows.Scan(&version); err != nil {
			rows.Close()
			return err
		}
		applied[version] = true
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return err
	}
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s has no version number", base)
		}
		if applied[version] {
			continue
		}
		if err := applyMigration(ctx, db, version, base, name); err != nil {
			return fmt.Errorf("%s: %w", base, err)
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, version int, base, name string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var applied int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", version).Scan(&applied); err != nil {
		return err
	}
	if applied > 0 {
		return nil
	}
	script, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(script)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		version, base, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

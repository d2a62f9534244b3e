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
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/sayso/sayso/internal/survey"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the database: one writer connection, because SQLite has one writer
// at a time anyway, and a bounded pool of read-only connections.
type DB struct {
	path string
	// file is the database file as it was opened, to notice it deleted
	// or replaced while the server runs.
	file      os.FileInfo
	write     *sql.DB
	read      *sql.DB
	responses *batcher
	now       func() time.Time
	// responseKey draws a new response's key in its wave's range.
	responseKey func(waveID int64) int64
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
	// forgetting is set while a retry to empty the write-ahead log waits.
	forgetting atomic.Bool
	// unsealed is set when responses were stored since the database was
	// last rewritten in key order (seal_soon.go).
	unsealed atomic.Bool
}

// ErrNoDatabase is OpenExisting's answer when there is no file at the path.
var ErrNoDatabase = errors.New("there is no database")

// Open opens the database file at path, creating it when there is none,
// and brings its schema up to date. Like OpenExisting, it refuses an empty
// or damaged file.
func Open(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, true)
}

// OpenExisting opens the database file at path, refusing to create one: a
// mistyped path must not start a new, empty database.
func OpenExisting(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, false)
}

func open(ctx context.Context, path string, create bool) (*DB, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !create:
		return nil, fmt.Errorf("%w at %s", ErrNoDatabase, path)
	case errors.Is(err, fs.ErrNotExist):
		// Made here, so that no connection ever creates a file: one that
		// reopens after the file was deleted must fail, not start afresh.
		if err := createFile(path); err != nil {
			return nil, err
		}
		db, err := connect(ctx, path)
		if err != nil {
			os.Remove(path)
		}
		return db, err
	case err != nil:
		return nil, err
	case info.IsDir():
		return nil, fmt.Errorf("%s is a folder, not a database file", path)
	case info.Size() == 0:
		// SQLite would take an empty file for a new database; a database
		// Sayso set up is never empty, so this one lost its contents.
		return nil, fmt.Errorf("%s is an empty file (0 bytes), not a Sayso database: restore it from a backup, or remove it to start a new database", path)
	}
	return connect(ctx, path)
}

// connect opens the connections to an existing file, checks it and brings
// its schema up to date.
func connect(ctx context.Context, path string) (*DB, error) {
	write, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	if err := quickCheck(ctx, write, path); err != nil {
		write.Close()
		return nil, err
	}
	if err := migrate(ctx, write); err != nil {
		write.Close()
		return nil, fmt.Errorf("migrating %s: %w", path, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		write.Close()
		return nil, err
	}
	read, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		write.Close()
		return nil, err
	}
	readers := readerCount()
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	db := &DB{path: path, file: info, write: write, read: read, now: time.Now, responseKey: randomResponseKey, closed: make(chan struct{})}
	db.responses = newBatcher(db)
	return db, nil
}

// createFile makes an empty file for a new database, readable by its owner
// alone.
func createFile(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}

// readerCount is the size of the pool of read-only connections.
func readerCount() int { return max(4, runtime.GOMAXPROCS(0)*2) }

// quickCheck refuses a file that is not an SQLite database or whose pages
// are damaged, before anything is written to it.
func quickCheck(ctx context.Context, db *sql.DB, path string) error {
	damaged := func(detail any) error {
		return fmt.Errorf("%s is damaged or is not a Sayso database (%v): restore it from a backup", path, detail)
	}
	var result string
	err := db.QueryRowContext(ctx, "PRAGMA quick_check(1)").Scan(&result)
	var sqliteErr *sqlite.Error
	switch {
	case errors.As(err, &sqliteErr) && (sqliteErr.Code()&0xff == sqlite3.SQLITE_NOTADB || sqliteErr.Code()&0xff == sqlite3.SQLITE_CORRUPT):
		return damaged(err)
	case err != nil:
		return fmt.Errorf("opening %s: %w", path, err)
	case result != "ok":
		return damaged(result)
	}
	return nil
}

// dsn sets every connection up the same way: WAL so readers never wait for
// the writer, synchronous FULL so a commit is on disk before it returns, a
// busy timeout instead of immediate failure, foreign keys enforced, secure
// deletion, and write transactions that take the lock at BEGIN so they
// never deadlock on upgrade. No connection creates a missing file (mode rw).
// The writer keeps up to 64 MiB of pages: responses go to random places in
// their tree, and a page not in its cache is read from the file again.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("mode", "rw")
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
		q.Add("_pragma", "cache_size(-65536)")
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

// Health says whether the database can store answers: the file at the
// path is still the one opened (not deleted or replaced, which would leave
// the server writing to a file nobody will read again), and a write
// reaches the disk. The write is one small row, rewritten each time.
func (db *DB) Health(ctx context.Context) error {
	if err := db.checkFile(); err != nil {
		return err
	}
	_, err := db.write.ExecContext(ctx, "INSERT INTO health (id, checks) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET checks = checks + 1")
	if err != nil {
		return db.writeFault(err)
	}
	var one int
	if err := db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return readFault(err)
	}
	return nil
}

// checkFile says whether the file at the path is the one opened.
func (db *DB) checkFile() error {
	info, err := os.Stat(db.path)
	if err == nil && os.SameFile(info, db.file) {
		return nil
	}
	cause := err
	if cause == nil {
		cause = fmt.Errorf("%s was replaced by another file", db.path)
	}
	return &survey.Error{Code: survey.ErrUnavailable, Message: cannotStore, Cause: cause}
}

const (
	cannotStore = "the service cannot store answers right now; nothing was saved, so please try again in a few minutes"
	cannotRead  = "the service cannot read its data right now; please try again in a few minutes"
	cannotReach = "the service cannot reach its data right now; nothing was changed, so please try again in a few minutes"
)

// storageFault says whether err is SQLite failing to reach the file (disk
// full, read-only, I/O error, cannot open, damaged), as opposed to a
// mistake in what was asked. Such faults may pass: they are unavailable,
// not internal.
func storageFault(err error) bool {
	var sqliteErr *sqlite.Error
	if !errors.As(err, &sqliteErr) {
		return false
	}
	switch sqliteErr.Code() & 0xff {
	case sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN,
		sqlite3.SQLITE_BUSY, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_PERM:
		return true
	}
	return false
}

// writeFault turns a storage fault met while writing into an unavailable
// error, and lets go of the idle connections: a file opened read-only
// stays so for the connections that opened it (readers included, which
// share its -shm with the writer), and new ones see the file as it is now.
// Other errors pass unchanged.
func (db *DB) writeFault(err error) error {
	if !storageFault(err) {
		return err
	}
	db.write.SetMaxIdleConns(0)
	db.write.SetMaxIdleConns(1)
	db.read.SetMaxIdleConns(0)
	db.read.SetMaxIdleConns(readerCount())
	return &survey.Error{Code: survey.ErrUnavailable, Message: cannotStore, Cause: err}
}

// readFault turns a storage fault met while reading into an unavailable
// error. Other errors pass unchanged.
func readFault(err error) error {
	if !storageFault(err) {
		return err
	}
	return &survey.Error{Code: survey.ErrUnavailable, Message: cannotRead, Cause: err}
}

// Fault turns any storage fault in err's chain into an unavailable error
// and leaves other errors unchanged. Waves, codes and responses say so
// themselves, with their own message; an edge passes every error through
// Fault so that a fault met anywhere else (accounts, sessions, actions) is
// unavailable too, never internal.
func Fault(err error) error {
	if !storageFault(err) || survey.Code(err) == survey.ErrUnavailable {
		return err
	}
	return &survey.Error{Code: survey.ErrUnavailable, Message: cannotReach, Cause: err}
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

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/sayso/sayso/internal/survey"
)

// Backup writes a consistent copy of the database to a new file at path,
// while the server goes on reading and writing: VACUUM INTO reads one
// snapshot, so the copy holds every response committed before it began
// and none half-written. It never overwrites a file, and leaves no file
// behind when it fails.
func (db *DB) Backup(ctx context.Context, path string) (err error) {
	// Creating the file exclusively is what refuses to overwrite, with no
	// gap between looking and writing; VACUUM INTO accepts an empty file.
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return survey.Errorf(survey.ErrConflict, "%s already exists: a backup never overwrites a file; choose a new name", path)
	}
	if err != nil {
		return err
	}
	out.Close()
	defer func() {
		if err != nil {
			os.Remove(path)
		}
	}()
	// Its own connection: the readers are query-only, which VACUUM INTO
	// counts as writing, and the writer must go on storing responses.
	conn, err := sql.Open("sqlite", dsn(db.path, false))
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("copying the database: %w", err)
	}
	// SQLite does not sync the file VACUUM INTO writes; a backup that a
	// power cut could lose is no backup.
	if err := syncFile(path); err != nil {
		return err
	}
	if err := syncFile(filepath.Dir(path)); err != nil {
		return err
	}
	return CheckIntegrity(ctx, path)
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// CheckIntegrity runs SQLite's integrity check on the database file at
// path, read-only, and says what it found wrong, if anything.
func CheckIntegrity(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro&"+url.Values{"_pragma": {"busy_timeout(10000)"}}.Encode())
	if err != nil {
		return err
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("checking %s: %w", path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		problems = append(problems, line)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("checking %s: %w", path, err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return fmt.Errorf("%s fails its integrity check: %s", path, strings.Join(problems, "; "))
	}
	return nil
}

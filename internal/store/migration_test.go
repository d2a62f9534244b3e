package store

import (
	"context"
	"database/sql"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"testing"
)

// upgradedFrom makes a database as an older Sayso left it, with the
// migrations before the given version applied, lets fill write into it
// with that schema, and opens it, which upgrades it.
func upgradedFrom(t *testing.T, version int, fill func(old *sql.DB)) *DB {
	t.Helper()
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "old.db")
	if err := createFile(file); err != nil {
		t.Fatal(err)
	}
	old, err := sql.Open("sqlite", dsn(file, false))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.ExecContext(ctx, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil || len(names) < version {
		t.Fatalf("migrations: %v %v", names, err)
	}
	slices.Sort(names)
	for i, name := range names[:version-1] {
		if err := applyMigration(ctx, old, i+1, path.Base(name), name); err != nil {
			t.Fatal(err)
		}
	}
	fill(old)
	old.Close()
	db, err := Open(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

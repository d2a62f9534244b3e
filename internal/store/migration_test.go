package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
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

// TestResponsesMoveIntoOneTreeByWave upgrades a database from before
// migration 0012 with two waves' responses in it: each wave reads back
// its own, and responses are one tree ordered by wave, with no index
// beside it for a response to be written into as well.
func TestResponsesMoveIntoOneTreeByWave(t *testing.T) {
	ctx := context.Background()
	want := map[int64][]string{}
	db := upgradedFrom(t, 12, func(old *sql.DB) {
		for i := range 30 {
			wave := int64(1 + i%2)
			answers := fmt.Sprintf(`["answer %d"]`, i)
			want[wave] = append(want[wave], answers)
			if _, err := old.ExecContext(ctx, "INSERT INTO responses (id, wave_id, submitted_on, answers) VALUES (?, ?, '2026-03-01', ?)", 1000-i, wave, []byte(answers)); err != nil {
				t.Fatal(err)
			}
		}
	})
	for wave, answers := range want {
		var got []string
		n, err := db.ReadResponses(ctx, wave, func(a []byte) error {
			got = append(got, string(a))
			return nil
		})
		slices.Sort(got)
		slices.Sort(answers)
		if err != nil || n != len(answers) || !slices.Equal(got, answers) {
			t.Errorf("wave %d after the upgrade: %d responses %v (%v), want %v", wave, n, got, err, answers)
		}
	}
	var table string
	if err := db.read.QueryRowContext(ctx, "SELECT sql FROM sqlite_schema WHERE name = 'responses'").Scan(&table); err != nil {
		t.Fatal(err)
	}
	var indexes int
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'responses' AND sql IS NOT NULL").Scan(&indexes); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(table, "WITHOUT ROWID") || !strings.Contains(table, "PRIMARY KEY (wave_id, id)") || indexes != 0 {
		t.Errorf("responses after the upgrade: %s, with %d indexes", table, indexes)
	}
}

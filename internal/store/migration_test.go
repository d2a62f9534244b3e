package store

import (
	"bytes"
	"context"
	"database/sql"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// oldDatabase makes a database as an older Sayso left it, with the
// migrations before the given version applied, lets fill write into it
// with that schema, and returns its path.
func oldDatabase(t *testing.T, version int, fill func(old *sql.DB)) string {
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
	defer old.Close()
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
	return file
}

// upgradedFrom opens a database oldDatabase made, which upgrades it.
func upgradedFrom(t *testing.T, version int, fill func(old *sql.DB)) *DB {
	t.Helper()
	db, err := Open(context.Background(), oldDatabase(t, version, fill))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestResponsesMoveToTheirWavesKeys upgrades a database from before
// migration 0012, with two responses of one wave whose keys share their
// low 40 bits and one of another wave with them too: every response is
// read back with its wave, under a key in its range, and the old column
// and its index are gone.
func TestResponsesMoveToTheirWavesKeys(t *testing.T) {
	ctx := context.Background()
	const low = 77
	old := map[int64][]string{1: {"kept-bits", "drawn-anew", "other-bits"}, 2: {"other-wave"}}
	db := upgradedFrom(t, 12, func(old *sql.DB) {
		if _, err := old.ExecContext(ctx, `INSERT INTO responses (id, wave_id, submitted_on, answers) VALUES
			(?, 1, '2026-01-05', '["kept-bits"]'), (?, 1, '2026-01-05', '["drawn-anew"]'),
			(123456789, 1, '2026-01-06', '["other-bits"]'), (?, 2, '2026-01-06', '["other-wave"]')`,
			int64(5)<<50|low, int64(9)<<50|low, int64(3)<<45|low); err != nil {
			t.Fatal(err)
		}
	})
	for waveID, want := range old {
		var got []string
		n, err := db.ReadResponses(ctx, waveID, func(answers []byte) error {
			got = append(got, string(answers))
			return nil
		})
		if err != nil || n != len(want) {
			t.Fatalf("wave %d: read %d responses (%v), want %d", waveID, n, err, len(want))
		}
		for _, answer := range want {
			if !slices.Contains(got, `["`+answer+`"]`) {
				t.Errorf("wave %d lost the response %q; it has %v", waveID, answer, got)
			}
		}
		first, last := waveKeys(waveID)
		for _, key := range storedKeys(t, db, waveID) {
			if key < first || key > last {
				t.Errorf("wave %d has the key %d, outside %d..%d", waveID, key, first, last)
			}
		}
	}
	for key, answers := range map[int64]string{1<<40 | low: `["kept-bits"]`, 1<<40 | 123456789: `["other-bits"]`, 2<<40 | low: `["other-wave"]`} {
		var got string
		if err := db.read.QueryRowContext(ctx, "SELECT answers FROM responses WHERE id = ?", key).Scan(&got); err != nil || got != answers {
			t.Errorf("under the key %d: %q (%v), want %s", key, got, err, answers)
		}
	}
	// The old table, in the order responses came, is zeroed, not left in
	// free pages: once the log is emptied, each answer is in the file once.
	if !db.emptyLog(ctx) {
		t.Fatal("the log could not be emptied")
	}
	file := append(read(t, db.path), read(t, db.path+"-wal")...)
	for _, answers := range old {
		for _, answer := range answers {
			if n := bytes.Count(file, []byte(answer)); n != 1 {
				t.Errorf("%q is in the files %d times, want once", answer, n)
			}
		}
	}
	var columns, indexes string
	if err := db.read.QueryRowContext(ctx, "SELECT group_concat(name) FROM pragma_table_info('responses')").Scan(&columns); err != nil || columns != "id,submitted_on,answers" {
		t.Errorf("responses has the columns %s (%v)", columns, err)
	}
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'responses'").Scan(&indexes); err != nil || indexes != "0" {
		t.Errorf("responses has %s indexes (%v), want none", indexes, err)
	}
}

// TestAWaveWithNoRoomForKeysStopsTheUpgrade upgrades a database from before
// migration 0012 that has a wave whose id leaves no room for its
// responses' keys: the upgrade stops, saying which migration, and the
// database is left as it was.
func TestAWaveWithNoRoomForKeysStopsTheUpgrade(t *testing.T) {
	ctx := context.Background()
	file := oldDatabase(t, 12, func(old *sql.DB) {
		if _, err := old.ExecContext(ctx, `INSERT INTO waves (id, survey_id, name, access, opened_on, definition, definition_hash)
			VALUES (?, 'pulse', 'Far', 'link', '2026-01-05', 'x', 'x');
			INSERT INTO responses (id, wave_id, submitted_on, answers) VALUES (77, 1, '2026-01-05', '["kept"]')`, maxWaveID+1); err != nil {
			t.Fatal(err)
		}
	})
	if _, err := Open(ctx, file); err == nil || !strings.Contains(err.Error(), "0012_responses_by_wave.sql") {
		t.Fatalf("upgrading with a wave past the keys: %v, want the upgrade stopped at 0012", err)
	}
	old, err := sql.Open("sqlite", dsn(file, true))
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	var version int
	var columns string
	if err := old.QueryRowContext(ctx, "SELECT max(version) FROM schema_migrations").Scan(&version); err != nil || version != 11 {
		t.Errorf("the database is at version %d (%v), want 11", version, err)
	}
	if err := old.QueryRowContext(ctx, "SELECT group_concat(name) FROM pragma_table_info('responses')").Scan(&columns); err != nil || columns != "id,wave_id,submitted_on,answers" {
		t.Errorf("responses has the columns %s (%v), want those it had", columns, err)
	}
}

package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/survey"
)

// TestBackupIsAConsistentCopyWhileWriting backs up while responses are
// being stored: the copy passes its integrity check, holds every response
// committed before the backup began, and its stored counts agree with its
// rows, as they could not in a copy taken half-way through a commit.
func TestBackupIsAConsistentCopyWhileWriting(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, db, survey.AccessLink)
	entry, _ := db.Enter(ctx, w.LinkCode)
	response := checked(t, entry, pulseAnswers)
	for range 50 {
		if err := db.Submit(ctx, entry, response); err != nil {
			t.Fatal(err)
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := db.Submit(ctx, entry, response); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	// Start once the writers are well under way.
	before := 0
	for before < 100 {
		time.Sleep(time.Millisecond)
		before, _ = db.CountResponses(ctx, w.ID)
	}
	out := filepath.Join(t.TempDir(), "backup.db")
	err := db.Backup(ctx, out)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	after, _ := db.CountResponses(ctx, w.ID)

	if err := CheckIntegrity(ctx, out); err != nil {
		t.Fatal(err)
	}
	copied, err := sql.Open("sqlite", "file:"+out+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	var counted, rows int
	if err := copied.QueryRow("SELECT responses FROM waves WHERE id = ?", w.ID).Scan(&counted); err != nil {
		t.Fatal(err)
	}
	first, last := waveKeys(w.ID)
	if err := copied.QueryRow("SELECT count(*) FROM responses WHERE id BETWEEN ? AND ?", first, last).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if counted != rows || rows < before || rows > after {
		t.Errorf("the copy counts %d responses and holds %d; %d were stored before the backup and %d after", counted, rows, before, after)
	}
	reopened, err := Open(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	if n, err := reopened.ReadResponses(ctx, w.ID, func([]byte) error { return nil }); err != nil || n != rows {
		t.Errorf("the copy opened as a database reads %d responses (%v), want %d", n, err, rows)
	}
}

func TestBackupNeverOverwrites(t *testing.T) {
	db, _ := openTestDB(t)
	ctx := context.Background()
	dir := t.TempDir()
	existing := filepath.Join(dir, "precious.db")
	if err := os.WriteFile(existing, []byte("last week's backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, existing); survey.Code(err) != survey.ErrConflict || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("backing up over a file: %v", err)
	}
	if data, _ := os.ReadFile(existing); string(data) != "last week's backup" {
		t.Errorf("the existing file was changed: %q", data)
	}
	if err := db.Backup(ctx, filepath.Join(dir, "no-such-folder", "backup.db")); err == nil {
		t.Error("a backup into a missing folder succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("a failed backup left files behind: %v", entries)
	}
}

func TestCheckIntegrityFindsDamage(t *testing.T) {
	db, path := openTestDB(t)
	ctx := context.Background()
	w := openWave(t, db, survey.AccessLink)
	entry, _ := db.Enter(ctx, w.LinkCode)
	response := checked(t, entry, pulseAnswers)
	for range 200 {
		if err := db.Submit(ctx, entry, response); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	if err := CheckIntegrity(ctx, path); err != nil {
		t.Fatalf("a sound database: %v", err)
	}
	// Overwrite a page in the middle of the file, past the schema.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page := 4096
	for i := 3 * page; i < 4*page && i < len(data); i++ {
		data[i] = 0xA5
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := CheckIntegrity(ctx, path); err == nil {
		t.Error("a damaged database passes its integrity check")
	}
}

package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/loadtest"
	"github.com/sayso/sayso/internal/store"
)

// TestBackupWhileServing backs up the database of a running server while
// it stores responses under load: the copy opens, passes its integrity
// check and holds every response stored before the backup began.
func TestBackupWhileServing(t *testing.T) {
	db, waveID, link := openTestWave(t)
	server := startServer(t, db, "127.0.0.1:0")
	ctx, stopLoad := context.WithCancel(context.Background())
	loadDone := make(chan error, 1)
	go func() {
		_, err := loadtest.Run(ctx, loadtest.Config{URL: server.base, Code: link, Concurrency: 8, Duration: time.Minute, Seed: 2})
		loadDone <- err
	}()
	defer func() {
		stopLoad()
		<-loadDone
	}()
	for storedCount(t, db, waveID) < 200 {
		select {
		case err := <-loadDone:
			t.Fatalf("the load ended early: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}

	before := storedCount(t, db, waveID)
	out := filepath.Join(t.TempDir(), "backup.db")
	status, stdout, errOut := sayso(t, "backup", "--db", db, "--out", out)
	after := storedCount(t, db, waveID)
	if status != 0 || !strings.Contains(stdout, "passes its integrity check") {
		t.Fatalf("backup: %d %q %q", status, stdout, errOut)
	}
	if err := store.CheckIntegrity(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	copied, err := store.Open(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	counted, _ := copied.CountResponses(context.Background(), waveID)
	rows, err := copied.ReadResponses(context.Background(), waveID, func([]byte) error { return nil })
	if err != nil || rows != counted || rows < before || rows > after {
		t.Errorf("the copy counts %d responses and holds %d (%v); %d were stored before the backup began and %d after it ended", counted, rows, err, before, after)
	}

	for _, c := range []struct {
		name   string
		args   []string
		status int
		want   string
	}{
		{"over the last backup", []string{"--db", db, "--out", out}, 1, "already exists"},
		{"without --out", []string{"--db", db}, 2, "--out is required"},
		{"of a missing database", []string{"--db", filepath.Join(t.TempDir(), "missing.db"), "--out", filepath.Join(t.TempDir(), "b.db")}, 1, "no database to back up"},
	} {
		if status, _, errOut := sayso(t, append([]string{"backup"}, c.args...)...); status != c.status || !strings.Contains(errOut, c.want) {
			t.Errorf("backup %s: %d %q, want %d with %q", c.name, status, errOut, c.status, c.want)
		}
	}
}

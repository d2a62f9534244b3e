package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// checkpointed is a database file once its write-ahead log is emptied.
func checkpointed(t *testing.T, path string) []byte {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// markerOrder is the order markers first appear in in a file.
func markerOrder(file []byte, markers []string) []int {
	order := make([]int, len(markers))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return bytes.Index(file, []byte(markers[a])) - bytes.Index(file, []byte(markers[b]))
	})
	return order
}

// TestServeSealsWhatAStoppedRunLeftUnsealed leaves an open wave's responses
// in the order they came, as a server killed before its seal would, and
// starts `sayso serve` on it: once it stops, having stored nothing, its
// responses lie as in a copy sealed by `sayso wave close`.
func TestServeSealsWhatAStoppedRunLeftUnsealed(t *testing.T) {
	db, waveID, _ := openTestWave(t)
	conn, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	var markers []string
	for i := range 200 {
		markers = append(markers, fmt.Sprintf("unsealed-marker-%03d", i))
		// A key as the store makes it: the wave's id above 40 random bits.
		key := waveID<<40 | rand.Int64N(1<<40)
		if _, err := conn.Exec("INSERT INTO responses (id, submitted_on, answers) VALUES (?, '2026-12-01', ?)", key, `["`+markers[i]+`"]`); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := conn.Exec("UPDATE waves SET responses = ? WHERE id = ?", len(markers), waveID); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	copied := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(copied, checkpointed(t, db), 0o600); err != nil {
		t.Fatal(err)
	}

	server := startServer(t, db, freeAddr(t))
	if err := server.stop(t, syscall.SIGTERM); err != nil {
		t.Fatalf("serve: %v\n%s", err, server.logs)
	}
	unsealed := markerOrder(checkpointed(t, copied), markers)
	if status, _, errOut := sayso(t, "wave", "close", "--db", copied, fmt.Sprint(waveID)); status != 0 {
		t.Fatalf("wave close: %d %s", status, errOut)
	}
	sealed := markerOrder(checkpointed(t, copied), markers)
	if slices.Equal(unsealed, sealed) {
		t.Fatal("responses stored in the order they came already lie as sealed: the test cannot tell")
	}
	if got := markerOrder(checkpointed(t, db), markers); !slices.Equal(got, sealed) {
		t.Errorf("after serve, the responses lie as %v, not as sealed ones %v", got, sealed)
	}
}

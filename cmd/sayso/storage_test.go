package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/sayso/sayso/internal/store"
)

// newDatabase makes a new, empty Sayso database, as `serve --init` would,
// and returns its path.
func newDatabase(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sayso.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

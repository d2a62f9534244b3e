package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/sayso/sayso/internal/store"
)

func runBackup(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("backup", "--out FILE [flags]",
		"Writes a consistent copy of the database to a new file, safe to run while the\n"+
			"server is running: the copy holds every response stored before it began.\n"+
			"It never overwrites a file, and checks the copy's integrity before it says done.", stderr)
	dbPath := dbFlag(fs)
	out := fs.String("out", "", "the new file to write the copy to (required)")
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	if *out == "" {
		fmt.Fprintln(stderr, "sayso backup: --out is required: the file to write the copy to")
		return 2
	}
	// Opening a missing file would make an empty database to back up.
	if _, err := os.Stat(*dbPath); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stderr, "sayso backup: there is no database to back up at %s\n", *dbPath)
		return 1
	}
	return withDB(*dbPath, failer(stderr, "backup"), func(ctx context.Context, db *store.DB) error {
		ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		defer stop()
		if err := db.Backup(ctx, *out); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Backed up %s to %s; the copy passes its integrity check.\n", *dbPath, *out)
		return nil
	})
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
	"github.com/sayso/sayso/surveys"
)

// envOr is a flag's default: the environment variable when it is set.
func envOr(name, fallback string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return fallback
}

// dbFlag adds --db, the database every data command shares.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", envOr("SAYSO_DB", "./sayso.db"), "SQLite database file; made only with --init, by the commands that take it (env SAYSO_DB)")
}

// initFlag adds --init, which lets a command make a new database when
// there is none at --db. Without it a mistyped path is an error, never a
// new empty database.
func initFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("init", envOr("SAYSO_INIT", "") == "true", "make a new database at --db when there is none (env SAYSO_INIT=true)")
}

// surveysFlag adds --surveys, a folder of definitions to use instead of the shipped ones.
func surveysFlag(fs *flag.FlagSet) *string {
	return fs.String("surveys", envOr("SAYSO_SURVEYS", ""), "folder of survey definitions to use instead of the shipped ones (env SAYSO_SURVEYS)")
}

// openDB opens the database at path, which must exist.
func openDB(path string) (*store.DB, error) {
	return openDatabase(path, false, "check --db (or SAYSO_DB); a new database is made only with --init, such as sayso serve --init")
}

// openOrInitDB opens the database at path, and makes it when there is
// none and init says so.
func openOrInitDB(path string, init bool) (*store.DB, error) {
	return openDatabase(path, init, "check --db (or SAYSO_DB), or give --init to make a new database there")
}

func openDatabase(path string, init bool, missing string) (*store.DB, error) {
	open := store.OpenExisting
	if init {
		open = store.Open
	}
	db, err := open(context.Background(), path)
	if errors.Is(err, store.ErrNoDatabase) {
		return nil, fmt.Errorf("%w: %s", err, missing)
	}
	if err != nil {
		return nil, fmt.Errorf("opening the database: %w", err)
	}
	return db, nil
}

// failer writes a command's error as "sayso COMMAND: error" and gives
// the status 1 it exits with.
func failer(stderr io.Writer, command string) func(error) int {
	return func(err error) int {
		fmt.Fprintf(stderr, "sayso %s: %v\n", command, err)
		return 1
	}
}

// withDB opens the database at path, which must exist, runs use with it
// and closes it: the preamble of every command that reads or changes the
// database. Failing to open it, or use's error, goes to fail.
func withDB(path string, fail func(error) int, use func(context.Context, *store.DB) error) int {
	db, err := openDB(path)
	if err != nil {
		return fail(err)
	}
	defer db.Close()
	if err := use(context.Background(), db); err != nil {
		return fail(err)
	}
	return 0
}

// loadSurveys reads the definitions from dir, or the shipped ones when dir is empty.
func loadSurveys(dir string) (*survey.Catalogue, error) {
	if dir == "" {
		return survey.ReadDir(surveys.FS, "surveys")
	}
	return survey.ReadDir(os.DirFS(dir), dir)
}

package main

import (
	"context"
	"flag"
	"fmt"
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
	return fs.String("db", envOr("SAYSO_DB", "./sayso.db"), "SQLite database file, created if missing (env SAYSO_DB)")
}

// surveysFlag adds --surveys, a folder of definitions to use instead of the shipped ones.
func surveysFlag(fs *flag.FlagSet) *string {
	return fs.String("surveys", envOr("SAYSO_SURVEYS", ""), "folder of survey definitions to use instead of the shipped ones (env SAYSO_SURVEYS)")
}

func openDB(path string) (*store.DB, error) {
	db, err := store.Open(context.Background(), path)
	if err != nil {
		return nil, fmt.Errorf("opening the database: %w", err)
	}
	return db, nil
}

// loadSurveys reads the definitions from dir, or the shipped ones when dir is empty.
func loadSurveys(dir string) (*survey.Catalogue, error) {
	if dir == "" {
		return survey.ReadDir(surveys.FS, "surveys")
	}
	return survey.ReadDir(os.DirFS(dir), dir)
}

package store

import (
	"context"
	"database/sql"
)

// SQLiteVersion is the version of the SQLite library built into Sayso, read
// from a throwaway in-memory database so that no file is touched.
func SQLiteVersion(ctx context.Context) (string, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return "", err
	}
	defer db.Close()
	var version string
	err = db.QueryRowContext(ctx, "select sqlite_version()").Scan(&version)
	return version, err
}

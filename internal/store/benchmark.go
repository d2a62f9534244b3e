package store

import (
	"context"
	"time"

	"github.com/sayso/sayso/internal/survey"
)

// StoredBenchmark is a benchmark file as it was added.
type StoredBenchmark struct {
	Name    string
	Survey  string
	File    []byte
	AddedOn string
}

// AddBenchmark stores a benchmark file, already checked, under its name.
// A name already used is a conflict unless replace is set.
func (db *DB) AddBenchmark(ctx context.Context, b StoredBenchmark, replace bool) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.writeFault(err)
	}
	defer tx.Rollback()
	var exists int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM benchmarks WHERE name = ?", b.Name).Scan(&exists); err != nil {
		return db.writeFault(err)
	}
	if exists > 0 && !replace {
		return survey.Errorf(survey.ErrConflict, "a benchmark named %q is already loaded; give the file another name, or replace it", b.Name)
	}
	today := time.Now().UTC().Format(survey.DateLayout)
	if _, err := tx.ExecContext(ctx, `INSERT INTO benchmarks (name, survey, file, added_on) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET survey = excluded.survey, file = excluded.file, added_on = excluded.added_on`, b.Name, b.Survey, b.File, today); err != nil {
		return db.writeFault(err)
	}
	return db.writeFault(tx.Commit())
}

// Benchmarks lists the benchmark files of a survey ("" for every survey),
// by name.
func (db *DB) Benchmarks(ctx context.Context, surveyID string) ([]StoredBenchmark, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT name, survey, file, added_on FROM benchmarks WHERE ? = '' OR survey = ? ORDER BY name", surveyID, surveyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StoredBenchmark
	for rows.Next() {
		var b StoredBenchmark
		if err := rows.Scan(&b.Name, &b.Survey, &b.File, &b.AddedOn); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sayso/sayso/internal/action"
	"github.com/sayso/sayso/internal/survey"
)

// ActionFilter chooses actions: of one wave (or all when WaveID is 0),
// and only the published ones when PublishedOnly is set.
type ActionFilter struct {
	WaveID        int64
	PublishedOnly bool
}

const actionColumns = "id, wave_id, theme, question, title, staff_said, we_did, owner, status, due, published, created_at, updated_at"

func scanAction(row interface{ Scan(...any) error }) (*action.Action, error) {
	var a action.Action
	var status string
	err := row.Scan(&a.ID, &a.WaveID, &a.Theme, &a.Question, &a.Title, &a.StaffSaid, &a.WeDid, &a.Owner, &status, &a.Due, &a.Published, &a.CreatedAt, &a.UpdatedAt)
	a.Status = action.Status(status)
	return &a, err
}

// validAction refuses an action its validator faults, or whose wave is
// not there: a wave id is a field of the action, so that is a fault too.
func (db *DB) validAction(ctx context.Context, a *action.Action) error {
	w, err := db.Wave(ctx, a.WaveID)
	if survey.Code(err) == survey.ErrNotFound {
		return survey.Invalid([]survey.FieldError{{Field: "wave_id", Message: fmt.Sprintf("There is no wave %d", a.WaveID)}})
	}
	if err != nil {
		return err
	}
	return a.Validate(w.Definition)
}

// CreateAction stores a new action once it is valid, and sets its id and
// times.
func (db *DB) CreateAction(ctx context.Context, a *action.Action) error {
	if err := db.validAction(ctx, a); err != nil {
		return err
	}
	now := time.Now().UTC().Format(time.RFC3339)
	res, err := db.write.ExecContext(ctx, `INSERT INTO actions (wave_id, theme, question, title, staff_said, we_did, owner, status, due, published, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.WaveID, a.Theme, a.Question, a.Title, a.StaffSaid, a.WeDid, a.Owner, string(a.Status), a.Due, a.Published, now, now)
	if err != nil {
		if strings.Contains(err.Error(), "FOREIGN KEY") {
			return survey.Errorf(survey.ErrInvalid, "there is no wave %d", a.WaveID)
		}
		return err
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	a.CreatedAt, a.UpdatedAt = now, now
	return nil
}

// UpdateAction replaces every field of a stored action but its times,
// once the new fields are valid.
func (db *DB) UpdateAction(ctx context.Context, a *action.Action) error {
	if err := db.validAction(ctx, a); err != nil {
		return err
	}
	now := time.Now().UTC().Format(time.RFC3339)
	res, err := db.write.ExecContext(ctx, `UPDATE actions SET wave_id = ?, theme = ?, question = ?, title = ?, staff_said = ?, we_did = ?, owner = ?, status = ?, due = ?, published = ?, updated_at = ?
		WHERE id = ?`, a.WaveID, a.Theme, a.Question, a.Title, a.StaffSaid, a.WeDid, a.Owner, string(a.Status), a.Due, a.Published, now, a.ID)
	if err != nil {
		if strings.Contains(err.Error(), "FOREIGN KEY") {
			return survey.Errorf(survey.ErrInvalid, "there is no wave %d", a.WaveID)
		}
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = survey.Errorf(survey.ErrNotFound, "there is no action %d", a.ID)
		}
		return err
	}
	stored, err := db.Action(ctx, a.ID)
	if err != nil {
		return err
	}
	*a = *stored
	return nil
}

// DeleteAction removes an action.
func (db *DB) DeleteAction(ctx context.Context, id int64) error {
	res, err := db.write.ExecContext(ctx, "DELETE FROM actions WHERE id = ?", id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = survey.Errorf(survey.ErrNotFound, "there is no action %d", id)
		}
		return err
	}
	return nil
}

// Action returns one action.
func (db *DB) Action(ctx context.Context, id int64) (*action.Action, error) {
	a, err := scanAction(db.read.QueryRowContext(ctx, "SELECT "+actionColumns+" FROM actions WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, survey.Errorf(survey.ErrNotFound, "there is no action %d", id)
	}
	return a, err
}

// Actions returns the actions a filter chooses: the newest wave's first,
// then by due date (undated last) and the order they were written.
func (db *DB) Actions(ctx context.Context, f ActionFilter) ([]*action.Action, error) {
	query := "SELECT " + actionColumns + " FROM actions WHERE (? = 0 OR wave_id = ?) AND (? = 0 OR published = 1) ORDER BY wave_id DESC, due = '', due, id"
	rows, err := db.read.QueryContext(ctx, query, f.WaveID, f.WaveID, f.PublishedOnly)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*action.Action
	for rows.Next() {
		a, err := scanAction(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/sayso/sayso/internal/survey"
)

// NewWave is what opening a wave needs.
type NewWave struct {
	Source    *survey.Source
	Name      string
	Access    survey.Access
	Headcount int
	// MaxResponses caps the responses the wave takes; 0 for no cap.
	MaxResponses int
	ClosesOn     string // a day, or empty
	// OpenedOn is a past day for a wave run before it was brought into
	// Sayso (the demo's earlier years); empty means today.
	OpenedOn string
}

// OpenWave opens a wave of a survey, freezing its definition as it is now.
func (db *DB) OpenWave(ctx context.Context, w NewWave) (*survey.Wave, error) {
	today := db.now().Format(survey.DateLayout)
	settings := survey.WaveSettings{Name: w.Name, Access: w.Access, Headcount: w.Headcount, MaxResponses: w.MaxResponses, ClosesOn: w.ClosesOn}
	if err := settings.Validate(today); err != nil {
		return nil, err
	}
	openedOn := today
	if w.OpenedOn != "" {
		if _, err := time.Parse(survey.DateLayout, w.OpenedOn); err != nil || w.OpenedOn > today {
			return nil, survey.Errorf(survey.ErrInvalid, "the opening day %q is not a day up to today", w.OpenedOn)
		}
		openedOn = w.OpenedOn
	}
	sum := sha256.Sum256(w.Source.Data)
	wave := &survey.Wave{
		SurveyID: w.Source.Definition.ID, Name: w.Name, Access: w.Access, Headcount: w.Headcount, MaxResponses: w.MaxResponses,
		OpenedOn: openedOn, ClosesOn: w.ClosesOn, Source: w.Source.Data,
		DefinitionHash: hex.EncodeToString(sum[:]), Definition: w.Source.Definition,
	}
	var linkCode sql.NullString
	if w.Access.AllowsLink() {
		wave.LinkCode = newCode(linkCodeLength)
		linkCode = sql.NullString{String: wave.LinkCode, Valid: true}
	}
	var closesOn sql.NullString
	if w.ClosesOn != "" {
		closesOn = sql.NullString{String: w.ClosesOn, Valid: true}
	}
	// A wave past maxWaveID would have no room for its responses' keys.
	res, err := db.write.ExecContext(ctx, `INSERT INTO waves
		(survey_id, name, access, link_code, headcount, max_responses, opened_on, closes_on, definition, definition_hash)
		SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE coalesce((SELECT max(id) FROM waves), 0) < ?`,
		wave.SurveyID, wave.Name, string(wave.Access), linkCode, wave.Headcount, wave.MaxResponses, wave.OpenedOn, closesOn, wave.Source, wave.DefinitionHash,
		maxWaveID)
	if err != nil {
		return nil, db.writeFault(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, survey.Errorf(survey.ErrConflict, "this database holds the most waves it can (%d); start a new database for more", maxWaveID)
	}
	wave.ID, err = res.LastInsertId()
	return wave, err
}

const waveColumns = `id, survey_id, name, access, coalesce(link_code, ''), headcount, max_responses, opened_on,
	coalesce(closes_on, ''), closed, definition_hash`

func scanWave(row interface{ Scan(...any) error }) (*survey.Wave, error) {
	w := &survey.Wave{}
	var access string
	err := row.Scan(&w.ID, &w.SurveyID, &w.Name, &access, &w.LinkCode, &w.Headcount, &w.MaxResponses, &w.OpenedOn,
		&w.ClosesOn, &w.Closed, &w.DefinitionHash)
	w.Access = survey.Access(access)
	return w, err
}

// Wave returns one wave, with its frozen definition.
func (db *DB) Wave(ctx context.Context, id int64) (*survey.Wave, error) {
	w, err := scanWave(db.read.QueryRowContext(ctx, "SELECT "+waveColumns+" FROM waves WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, survey.Errorf(survey.ErrNotFound, "there is no wave %d", id)
	}
	if err != nil {
		return nil, readFault(err)
	}
	return w, readFault(db.attachDefinition(ctx, w))
}

// attachDefinition gives a wave its frozen definition. Definitions are
// parsed once and kept by hash: every submission needs one, and they never
// change.
func (db *DB) attachDefinition(ctx context.Context, w *survey.Wave) error {
	if src, ok := db.definitions.Load(w.DefinitionHash); ok {
		w.Source, w.Definition = src.(*survey.Source).Data, src.(*survey.Source).Definition
		return nil
	}
	if err := db.read.QueryRowContext(ctx, "SELECT definition FROM waves WHERE id = ?", w.ID).Scan(&w.Source); err != nil {
		return readFault(err)
	}
	def, err := survey.Parse(fmt.Sprintf("wave %d", w.ID), w.Source)
	if err != nil {
		return fmt.Errorf("the frozen definition of wave %d no longer loads: %w", w.ID, err)
	}
	w.Definition = def
	db.definitions.Store(w.DefinitionHash, &survey.Source{File: survey.File{Data: w.Source}, Definition: def})
	return nil
}

// Waves returns every wave, newest first, with its response count.
func (db *DB) Waves(ctx context.Context) ([]*survey.Wave, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT "+waveColumns+" FROM waves ORDER BY id DESC")
	if err != nil {
		return nil, readFault(err)
	}
	defer rows.Close()
	var waves []*survey.Wave
	for rows.Next() {
		w, err := scanWave(rows)
		if err != nil {
			return nil, readFault(err)
		}
		waves = append(waves, w)
	}
	if err := rows.Err(); err != nil {
		return nil, readFault(err)
	}
	for _, w := range waves {
		if err := db.attachDefinition(ctx, w); err != nil {
			return nil, err
		}
		if w.Responses, err = db.CountResponses(ctx, w.ID); err != nil {
			return nil, err
		}
	}
	return waves, nil
}

// CloseWave stops a wave taking answers. Closing a closed wave is a conflict.
func (db *DB) CloseWave(ctx context.Context, id int64) error {
	res, err := db.write.ExecContext(ctx, "UPDATE waves SET closed = 1 WHERE id = ? AND closed = 0", id)
	if err != nil {
		return db.writeFault(err)
	}
	db.waves.Delete(id)
	if n, _ := res.RowsAffected(); n == 1 {
		// Before sealing, so that the rewrite leaves no trace of them.
		if _, err := db.ForgetInvitations(ctx, id); err != nil {
			return err
		}
		if err := forgetWaveProgress(ctx, db.write, id); err != nil {
			return db.writeFault(err)
		}
		return db.Seal(ctx)
	}
	if _, err := db.Wave(ctx, id); err != nil {
		return err
	}
	return survey.Errorf(survey.ErrConflict, "wave %d is already closed", id)
}

// ReopenWave lets a closed wave take answers again. A closing date already
// passed is removed, or the wave would stay closed; reopening an open wave
// is a conflict.
func (db *DB) ReopenWave(ctx context.Context, id int64) error {
	w, err := db.Wave(ctx, id)
	if err != nil {
		return err
	}
	if w.Status(db.now()) == survey.StatusOpen {
		return survey.Errorf(survey.ErrConflict, "wave %d is open already", id)
	}
	today := db.now().Format(survey.DateLayout)
	_, err = db.write.ExecContext(ctx, `UPDATE waves SET closed = 0,
		closes_on = CASE WHEN closes_on < ? THEN NULL ELSE closes_on END WHERE id = ?`, today, id)
	db.waves.Delete(id)
	return db.writeFault(err)
}

// SetHeadcount records how many staff a wave invited, for its response rate.
func (db *DB) SetHeadcount(ctx context.Context, id int64, headcount int) error {
	if fault := survey.CheckHeadcount(headcount); fault != nil {
		return survey.Invalid([]survey.FieldError{*fault})
	}
	res, err := db.write.ExecContext(ctx, "UPDATE waves SET headcount = ? WHERE id = ?", headcount, id)
	if err != nil {
		return db.writeFault(err)
	}
	db.waves.Delete(id)
	if n, _ := res.RowsAffected(); n == 0 {
		return survey.Errorf(survey.ErrNotFound, "there is no wave %d", id)
	}
	return nil
}

// CreateCodes makes count new invitation codes for a wave and returns them.
// Only their hashes are stored: this is the one time they can be read.
func (db *DB) CreateCodes(ctx context.Context, waveID int64, count int) ([]string, error) {
	if err := survey.CheckCodeBatch(count); err != nil {
		return nil, err
	}
	w, err := db.Wave(ctx, waveID)
	if err != nil {
		return nil, err
	}
	if !w.Access.AllowsCodes() {
		return nil, survey.Errorf(survey.ErrInvalid, "wave %d is reached by its link only; open a wave with --access codes or both to use invitation codes", waveID)
	}
	if w.Status(db.now()) == survey.StatusClosed {
		return nil, survey.Errorf(survey.ErrGone, "wave %d is closed", waveID)
	}
	codes, err := db.insertCodes(ctx, waveID, count)
	if err != nil {
		return nil, db.writeFault(err)
	}
	return codes, nil
}

func (db *DB) insertCodes(ctx context.Context, waveID int64, count int) ([]string, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO codes (hash, wave_id) VALUES (?, ?)")
	if err != nil {
		return nil, err
	}
	codes := make([]string, count)
	for i := range codes {
		codes[i] = newCode(invitationCodeLength)
		if _, err := stmt.ExecContext(ctx, hashCode(codes[i]), waveID); err != nil {
			return nil, err
		}
	}
	return codes, tx.Commit()
}

// CodesIssued counts a wave's invitation codes, used or not.
func (db *DB) CodesIssued(ctx context.Context, waveID int64) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM codes WHERE wave_id = ?", waveID).Scan(&n)
	return n, readFault(err)
}

// Entry is what a code given by a respondent opens.
type Entry struct {
	Wave *survey.Wave
	// Invitation is true for a single-use invitation code, false for the
	// wave's shared link code.
	Invitation bool
	code       string
}

// Enter resolves a code to the wave it opens: an unknown code is not found,
// a closed wave gone, a used invitation code a conflict.
func (db *DB) Enter(ctx context.Context, code string) (*Entry, error) {
	notFound := survey.Errorf(survey.ErrNotFound, "This survey code is not recognised: check it against your invitation.")
	if code == "" || len(code) > 64 {
		return nil, notFound
	}
	entry := &Entry{code: code}
	waveID, err := db.linkCodeWave(ctx, code)
	if errors.Is(err, sql.ErrNoRows) {
		var used bool
		err = db.read.QueryRowContext(ctx, "SELECT wave_id, used FROM codes WHERE hash = ?", hashCode(code)).Scan(&waveID, &used)
		if errors.Is(err, sql.ErrNoRows) {
			replaced, err := db.codeReplaced(ctx, hashCode(code))
			if err != nil {
				return nil, readFault(err)
			}
			if !replaced {
				return nil, notFound
			}
			return nil, errCodeReplaced
		}
		if err == nil && used {
			return nil, errCodeUsed
		}
		entry.Invitation = true
	}
	if err != nil {
		return nil, readFault(err)
	}
	if entry.Wave, err = db.respondentWave(ctx, waveID); err != nil {
		return nil, err
	}
	if (entry.Invitation && !entry.Wave.Access.AllowsCodes()) || (!entry.Invitation && !entry.Wave.Access.AllowsLink()) {
		return nil, notFound
	}
	if entry.Wave.Status(db.now()) == survey.StatusClosed {
		return nil, survey.Errorf(survey.ErrGone, "%s has closed, so it no longer takes answers.", entry.Wave.Name)
	}
	if entry.Wave.MaxResponses > 0 {
		n, err := db.CountResponses(ctx, waveID)
		if err != nil {
			return nil, err
		}
		if n >= entry.Wave.MaxResponses {
			return nil, errWaveFull(entry.Wave.Name)
		}
	}
	return entry, nil
}

// linkCodeWave finds the wave a link code opens. Link codes never change,
// so each is looked up once.
func (db *DB) linkCodeWave(ctx context.Context, code string) (int64, error) {
	if id, ok := db.linkCodes.Load(code); ok {
		return id.(int64), nil
	}
	var id int64
	if err := db.read.QueryRowContext(ctx, "SELECT id FROM waves WHERE link_code = ?", code).Scan(&id); err != nil {
		return 0, err
	}
	db.linkCodes.Store(code, id)
	return id, nil
}

// waveFreshFor is how long a wave read for respondents is trusted. Its
// definition never changes, and whether it has closed is checked again in
// the transaction that stores each response, so a page may show a wave
// closed by another process for this long, but no answer is ever stored in
// a closed wave.
const waveFreshFor = 2 * time.Second

type cachedWave struct {
	wave   *survey.Wave
	readAt time.Time
}

// respondentWave returns a wave for the respondent pages and API, read at
// most waveFreshFor ago. The wave is shared: callers must not change it.
func (db *DB) respondentWave(ctx context.Context, id int64) (*survey.Wave, error) {
	now := db.now()
	if c, ok := db.waves.Load(id); ok && now.Sub(c.(*cachedWave).readAt) < waveFreshFor {
		return c.(*cachedWave).wave, nil
	}
	w, err := db.Wave(ctx, id)
	if err != nil {
		return nil, err
	}
	db.waves.Store(id, &cachedWave{wave: w, readAt: now})
	return w, nil
}

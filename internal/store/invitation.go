package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sayso/sayso/internal/survey"
)

// Invitation statuses. An address is recorded only as one of these (or
// "sending", while a sender holds it): never when its code was used, nor
// whether it was.
const (
	InvitationPending = "pending" // to be sent
	InvitationSent    = "sent"
	InvitationFailed  = "failed"  // the mail server could not take it
	InvitationBounced = "bounced" // the mail server refused the address
)

// MaxInvitations bounds one wave's staff list.
const MaxInvitations = 100_000

// InvitationSettings are a wave's invitation email and reminder schedule.
type InvitationSettings struct {
	Organisation string
	Subject      string
	Message      string
	// RemindAfter are days after the wave opens, RemindBefore days before
	// it closes, on which the server sends a reminder.
	RemindAfter  []int
	RemindBefore []int
	// KeepDays deletes the addresses this many days after the wave opened;
	// 0 keeps them until it closes.
	KeepDays int
}

// Limits of the settings, checked by SaveInvitationSettings for every edge.
const (
	maxOrganisation = 100
	maxSubject      = 150
	maxMessage      = 2000
	maxScheduleDays = 365
)

// ParseDays reads a reminder schedule written as whole numbers of days
// separated by commas or spaces, like "7, 14"; empty is no reminder.
func ParseDays(field, text string) ([]int, error) {
	var days []int
	for item := range strings.FieldsFuncSeq(text, func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.Atoi(item)
		if err != nil || n < 1 || n > maxScheduleDays {
			return nil, survey.Errorf(survey.ErrInvalid, "%s must be whole numbers of days from 1 to %d separated by commas, like 7, 14; %q is not", field, maxScheduleDays, item)
		}
		days = append(days, n)
	}
	slices.Sort(days)
	return slices.Compact(days), nil
}

// FormatDays writes a schedule as ParseDays reads it.
func FormatDays(days []int) string {
	items := make([]string, len(days))
	for i, d := range days {
		items[i] = strconv.Itoa(d)
	}
	return strings.Join(items, ", ")
}

// SettingProblem is what is wrong with one field of the settings, named
// as the forms name it.
type SettingProblem struct {
	Field string
	Err   error
}

// CheckInvitationSettings lists what is wrong with settings, by field.
func CheckInvitationSettings(s InvitationSettings) []SettingProblem {
	var problems []SettingProblem
	for _, f := range []struct {
		field, name, value string
		max                int
	}{{"organisation", "the organisation", s.Organisation, maxOrganisation}, {"subject", "the subject", s.Subject, maxSubject}, {"message", "the message", s.Message, maxMessage}} {
		if !utf8.ValidString(f.value) || utf8.RuneCountInString(f.value) > f.max {
			problems = append(problems, SettingProblem{f.field, survey.Errorf(survey.ErrInvalid, "%s must be text of at most %d characters", f.name, f.max)})
		} else if f.field != "message" && strings.ContainsAny(f.value, "\r\n") {
			problems = append(problems, SettingProblem{f.field, survey.Errorf(survey.ErrInvalid, "%s must be on one line", f.name)})
		}
	}
	for _, f := range []struct {
		field string
		days  []int
	}{{"remind_after", s.RemindAfter}, {"remind_before", s.RemindBefore}} {
		for _, d := range f.days {
			if d < 1 || d > maxScheduleDays {
				problems = append(problems, SettingProblem{f.field, survey.Errorf(survey.ErrInvalid, "reminder days must be from 1 to %d", maxScheduleDays)})
				break
			}
		}
	}
	if s.KeepDays < 0 || s.KeepDays > maxScheduleDays {
		problems = append(problems, SettingProblem{"keep_days", survey.Errorf(survey.ErrInvalid, "the days to keep addresses must be a whole number from 1 to %d, or 0 or empty to keep them until the wave closes", maxScheduleDays)})
	}
	return problems
}

// SaveInvitationSettings sets a wave's invitation email and reminders.
func (db *DB) SaveInvitationSettings(ctx context.Context, waveID int64, s InvitationSettings) error {
	if problems := CheckInvitationSettings(s); len(problems) > 0 {
		return problems[0].Err
	}
	if _, err := db.Wave(ctx, waveID); err != nil {
		return err
	}
	_, err := db.write.ExecContext(ctx, `INSERT INTO invitation_settings
		(wave_id, organisation, subject, message, remind_after, remind_before, keep_days) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (wave_id) DO UPDATE SET organisation = excluded.organisation, subject = excluded.subject,
		message = excluded.message, remind_after = excluded.remind_after, remind_before = excluded.remind_before,
		keep_days = excluded.keep_days`,
		waveID, s.Organisation, s.Subject, s.Message, FormatDays(s.RemindAfter), FormatDays(s.RemindBefore), s.KeepDays)
	return db.writeFault(err)
}

// InvitationSettings reads a wave's settings; a wave never set has empty ones.
func (db *DB) InvitationSettings(ctx context.Context, waveID int64) (InvitationSettings, error) {
	var s InvitationSettings
	var after, before string
	err := db.read.QueryRowContext(ctx, `SELECT organisation, subject, message, remind_after, remind_before, keep_days
		FROM invitation_settings WHERE wave_id = ?`, waveID).Scan(&s.Organisation, &s.Subject, &s.Message, &after, &before, &s.KeepDays)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	if err != nil {
		return s, readFault(err)
	}
	// Stored only through SaveInvitationSettings, which checked them.
	s.RemindAfter, _ = ParseDays("", after)
	s.RemindBefore, _ = ParseDays("", before)
	return s, nil
}

// AlreadyInvited refuses a staff list with addresses the wave has already
// sent to. Nothing of the list is stored.
type AlreadyInvited struct {
	Addresses []string
}

func (e *AlreadyInvited) Error() string {
	return fmt.Sprintf("%d addresses have already been sent an invitation to this wave", len(e.Addresses))
}

// AddInvitations stores a checked staff list for a wave, to be sent. An
// address that failed or bounced before is sent again; one already sent,
// or waiting to be, refuses the whole list. The wave's headcount follows
// the number of addresses unless it was set otherwise: it is changed when
// it is 0 or the number invited before this list.
func (db *DB) AddInvitations(ctx context.Context, waveID int64, addresses []string) error {
	w, err := db.Wave(ctx, waveID)
	if err != nil {
		return err
	}
	if !w.Access.AllowsCodes() {
		return survey.Errorf(survey.ErrInvalid, "wave %d is reached by its link only; invitations carry single-use codes, so open a wave with access codes or both", waveID)
	}
	if w.Status(db.now()) == survey.StatusClosed {
		return survey.Errorf(survey.ErrGone, "wave %d is closed", waveID)
	}
	if len(addresses) == 0 {
		return survey.Errorf(survey.ErrInvalid, "the staff list has no address")
	}
	err = db.writeTx(ctx, func(tx *sql.Tx) error {
		var forgotten bool
		err := tx.QueryRowContext(ctx, "SELECT forgotten FROM invitation_settings WHERE wave_id = ?", waveID).Scan(&forgotten)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if forgotten {
			return survey.Errorf(survey.ErrGone, "the addresses of wave %d have been deleted as set, so it sends no more invitations", waveID)
		}
		var before int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM invitations WHERE wave_id = ?", waveID).Scan(&before); err != nil {
			return err
		}
		refused := &AlreadyInvited{}
		added := 0
		for _, address := range addresses {
			var status string
			err := tx.QueryRowContext(ctx, "SELECT status FROM invitations WHERE wave_id = ? AND address = ?", waveID, address).Scan(&status)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				if _, err := tx.ExecContext(ctx, "INSERT INTO invitations (wave_id, address) VALUES (?, ?)", waveID, address); err != nil {
					return err
				}
				added++
			case err != nil:
				return err
			case status == InvitationFailed || status == InvitationBounced:
				if _, err := tx.ExecContext(ctx, "UPDATE invitations SET status = 'pending' WHERE wave_id = ? AND address = ?", waveID, address); err != nil {
					return err
				}
			default:
				refused.Addresses = append(refused.Addresses, address)
			}
		}
		if len(refused.Addresses) > 0 {
			return refused
		}
		if before+added > MaxInvitations {
			return survey.Errorf(survey.ErrInvalid, "a wave sends at most %d invitations", MaxInvitations)
		}
		if w.Headcount == 0 || w.Headcount == before {
			if _, err := tx.ExecContext(ctx, "UPDATE waves SET headcount = ? WHERE id = ?", before+added, waveID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO invitation_settings (wave_id) VALUES (?) ON CONFLICT DO NOTHING", waveID)
		return err
	})
	db.waves.Delete(waveID)
	return err
}

// writeTx runs fn in a write transaction and commits it when fn returns
// nil. A domain error from fn passes unchanged; others may be faults.
func (db *DB) writeTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.writeFault(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		var already *AlreadyInvited
		if survey.Code(err) != "" || errors.As(err, &already) {
			return err
		}
		return db.writeFault(err)
	}
	return db.writeFault(tx.Commit())
}

// Outgoing is one email to send: an invitation or a reminder, with the
// code minted for it. The code is held in memory only, to be sent.
type Outgoing struct {
	ID      int64
	WaveID  int64
	Address string
	Code    string
	newHash []byte
	oldHash []byte
}

// ClaimInvitation takes the next address of a wave waiting for its
// invitation, mints its code and stores the code's hash: the code works
// from now on. It returns nil when none is waiting. Claiming makes the
// address "sending", so that two senders never send to it both.
func (db *DB) ClaimInvitation(ctx context.Context, waveID int64) (*Outgoing, error) {
	for {
		out, err := db.claimInvitation(ctx, waveID)
		if !errors.Is(err, errSentBefore) {
			return out, err
		}
	}
}

// errSentBefore passes over a claim whose code was used: its email went
// out before the sender that claimed it stopped.
var errSentBefore = errors.New("the invitation was sent and its code used")

func (db *DB) claimInvitation(ctx context.Context, waveID int64) (*Outgoing, error) {
	out := &Outgoing{WaveID: waveID, Code: newCode(invitationCodeLength)}
	out.newHash = hashCode(out.Code)
	sentBefore := false
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE invitations SET status = 'sending' WHERE id =
			(SELECT id FROM invitations WHERE wave_id = ? AND status = 'pending' ORDER BY id LIMIT 1)
			RETURNING id, address, code_hash`, waveID).Scan(&out.ID, &out.Address, &out.oldHash)
		if err != nil {
			return err
		}
		// A claim a stopped sender left behind holds a code already. If it
		// was used, the email went out and was answered: it is sent, and
		// never sent again, or its reader could answer twice.
		if out.oldHash != nil {
			var used bool
			if err := tx.QueryRowContext(ctx, "SELECT used FROM codes WHERE hash = ?", out.oldHash).Scan(&used); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if used {
				sentBefore = true
				_, err := tx.ExecContext(ctx, "UPDATE invitations SET status = 'sent' WHERE id = ?", out.ID)
				return err
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM codes WHERE hash = ?", out.oldHash); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO codes (hash, wave_id) VALUES (?, ?)", out.newHash, waveID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE invitations SET code_hash = ? WHERE id = ?", out.newHash, out.ID)
		return err
	})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err == nil && sentBefore:
		return nil, errSentBefore
	}
	return out, err
}

// FinishInvitation records how an invitation went: sent, failed or
// bounced. The code of one never delivered is deleted, so it is not
// counted as issued; pending puts the address back to be sent later.
func (db *DB) FinishInvitation(ctx context.Context, out *Outgoing, status string) error {
	return db.writeTx(ctx, func(tx *sql.Tx) error {
		if status != InvitationSent {
			if _, err := tx.ExecContext(ctx, "DELETE FROM codes WHERE hash = ?", out.newHash); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE invitations SET code_hash = NULL WHERE id = ?", out.ID); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "UPDATE invitations SET status = ? WHERE id = ?", status, out.ID)
		return err
	})
}

// ReleaseClaims puts every invitation a sender claimed and did not finish
// back to be sent, for a server starting after one stopped mid-run.
func (db *DB) ReleaseClaims(ctx context.Context) error {
	_, err := db.write.ExecContext(ctx, "UPDATE invitations SET status = 'pending' WHERE status = 'sending'")
	return db.writeFault(err)
}

// ReminderTargets lists the invitations of a wave whose code is unused:
// the only addresses a reminder goes to. Their ids are all it gives.
func (db *DB) ReminderTargets(ctx context.Context, waveID int64) ([]int64, error) {
	return db.readIDs(ctx, `SELECT i.id FROM invitations i JOIN codes c ON c.hash = i.code_hash
		WHERE i.wave_id = ? AND i.status = 'sent' AND c.used = 0 ORDER BY i.id`, waveID)
}

// MintReminder makes a fresh code for a reminder to one invitation, beside
// its old one: both work until FinishReminder. It returns nil when the old
// code has been used meanwhile.
func (db *DB) MintReminder(ctx context.Context, id int64) (*Outgoing, error) {
	out := &Outgoing{ID: id, Code: newCode(invitationCodeLength)}
	out.newHash = hashCode(out.Code)
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		var used bool
		err := tx.QueryRowContext(ctx, `SELECT i.wave_id, i.address, i.code_hash, c.used FROM invitations i
			JOIN codes c ON c.hash = i.code_hash WHERE i.id = ? AND i.status = 'sent'`, id).Scan(&out.WaveID, &out.Address, &out.oldHash, &used)
		if err != nil {
			return err
		}
		if used {
			return sql.ErrNoRows
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO codes (hash, wave_id) VALUES (?, ?)", out.newHash, out.WaveID)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return out, err
}

// FinishReminder keeps one of a reminder's two codes. Delivered, the fresh
// code replaces the old one, which stops working; not delivered, or if the
// old code was used while the reminder was on its way, the fresh one is
// deleted. It reports whether the fresh code was kept.
func (db *DB) FinishReminder(ctx context.Context, out *Outgoing, delivered bool) (bool, error) {
	kept := false
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		var oldUsed bool
		if err := tx.QueryRowContext(ctx, "SELECT used FROM codes WHERE hash = ?", out.oldHash).Scan(&oldUsed); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if !delivered || oldUsed {
			_, err := tx.ExecContext(ctx, "DELETE FROM codes WHERE hash = ?", out.newHash)
			return err
		}
		for _, stmt := range []struct {
			sql  string
			args []any
		}{
			{"DELETE FROM codes WHERE hash = ?", []any{out.oldHash}},
			{"INSERT OR IGNORE INTO replaced_codes (hash, wave_id) VALUES (?, ?)", []any{out.oldHash, out.WaveID}},
			{"UPDATE invitations SET code_hash = ? WHERE id = ?", []any{out.newHash, out.ID}},
			{"UPDATE invitation_settings SET reminders_sent = reminders_sent + 1 WHERE wave_id = ?", []any{out.WaveID}},
		} {
			if _, err := tx.ExecContext(ctx, stmt.sql, stmt.args...); err != nil {
				return err
			}
		}
		kept = true
		return nil
	})
	return kept, err
}

// InvitationCounts is all anyone is shown of a wave's invitations: how
// many, never which address.
type InvitationCounts struct {
	Invited, Waiting, Sent, Failed, Bounced int
	// Answered counts the sent invitations whose code has been used.
	Answered int
	// Reminded counts the reminders delivered.
	Reminded int
	// Forgotten says the addresses have been deleted.
	Forgotten bool
}

// InvitationCounts counts a wave's invitations by status.
func (db *DB) InvitationCounts(ctx context.Context, waveID int64) (InvitationCounts, error) {
	var c InvitationCounts
	err := db.read.QueryRowContext(ctx, `SELECT count(*),
		coalesce(sum(i.status IN ('pending', 'sending')), 0), coalesce(sum(i.status = 'sent'), 0),
		coalesce(sum(i.status = 'failed'), 0), coalesce(sum(i.status = 'bounced'), 0),
		coalesce(sum(i.status = 'sent' AND c.used = 1), 0)
		FROM invitations i LEFT JOIN codes c ON c.hash = i.code_hash WHERE i.wave_id = ?`, waveID).
		Scan(&c.Invited, &c.Waiting, &c.Sent, &c.Failed, &c.Bounced, &c.Answered)
	if err != nil {
		return c, readFault(err)
	}
	err = db.read.QueryRowContext(ctx, "SELECT reminders_sent, forgotten FROM invitation_settings WHERE wave_id = ?", waveID).Scan(&c.Reminded, &c.Forgotten)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	return c, readFault(err)
}

// InvitingWaves lists the waves that have addresses stored: those a server
// sends, reminds and forgets for.
func (db *DB) InvitingWaves(ctx context.Context) ([]int64, error) {
	return db.readIDs(ctx, "SELECT DISTINCT wave_id FROM invitations ORDER BY wave_id")
}

// readIDs reads a query's one column of ids.
func (db *DB) readIDs(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, readFault(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, readFault(err)
		}
		ids = append(ids, id)
	}
	return ids, readFault(rows.Err())
}

// ReminderRunsDone lists the days of a wave's schedule already handled.
func (db *DB) ReminderRunsDone(ctx context.Context, waveID int64) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT due_on FROM reminder_runs WHERE wave_id = ? ORDER BY due_on", waveID)
	if err != nil {
		return nil, readFault(err)
	}
	defer rows.Close()
	var days []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, readFault(err)
		}
		days = append(days, d)
	}
	return days, readFault(rows.Err())
}

// RecordReminderRuns marks days of a wave's schedule as handled.
func (db *DB) RecordReminderRuns(ctx context.Context, waveID int64, days []string) error {
	return db.writeTx(ctx, func(tx *sql.Tx) error {
		for _, d := range days {
			if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO reminder_runs (wave_id, due_on) VALUES (?, ?)", waveID, d); err != nil {
				return err
			}
		}
		return nil
	})
}

// ForgetInvitations deletes a wave's addresses, the hash each pointed to
// and the codes reminders replaced, and reports how many addresses it
// deleted. The codes themselves stay, as hashes nothing ties to anyone
// (like those from sayso codes), so a code not yet used still works while
// the wave is open. Secure deletion zeroes what is deleted.
func (db *DB) ForgetInvitations(ctx context.Context, waveID int64) (int, error) {
	var n int64
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM invitations WHERE wave_id = ?", waveID)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		if _, err := tx.ExecContext(ctx, "DELETE FROM replaced_codes WHERE wave_id = ?", waveID); err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO invitation_settings (wave_id, forgotten) VALUES (?, 1)
			ON CONFLICT (wave_id) DO UPDATE SET forgotten = 1`, waveID)
		return err
	})
	return int(n), err
}

// errCodeReplaced refuses a code a reminder replaced.
var errCodeReplaced = survey.Errorf(survey.ErrGone, "this code was replaced by the one in a later reminder email, so nothing was saved with it; use the link in the latest email")

// codeReplaced says whether a code was replaced by a reminder's.
func (db *DB) codeReplaced(ctx context.Context, hash []byte) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM replaced_codes WHERE hash = ?", hash).Scan(&n)
	return n > 0, err
}

package invite

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/sayso/sayso/internal/survey"
)

// CheckEvery is how often the server looks for invitations to send,
// reminders due and addresses to delete.
const CheckEvery = time.Minute

// Nudge asks the loop to look now, after a staff list was added.
func (s *Service) Nudge() {
	select {
	case s.nudge <- struct{}{}:
	default:
	}
}

// AskReminder asks for a reminder run of a wave, which the loop sends.
func (s *Service) AskReminder(waveID int64) {
	s.askedMu.Lock()
	if !slices.Contains(s.asked, waveID) {
		s.asked = append(s.asked, waveID)
	}
	s.askedMu.Unlock()
	s.Nudge()
}

// Loop runs in the server until ctx ends: at start, every CheckEvery and
// when nudged, it sends what waits, runs the reminders due and those asked
// for, and deletes the addresses of waves that closed or kept them long
// enough.
func (s *Service) Loop(ctx context.Context) {
	if err := s.cfg.DB.ReleaseClaims(ctx); err != nil {
		s.cfg.Log.Error("invitations: releasing unfinished claims", "err", err)
	}
	ticker := time.NewTicker(CheckEvery)
	defer ticker.Stop()
	for {
		s.Tick(ctx)
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		case <-s.nudge:
		}
	}
}

// Tick does once what Loop does repeatedly. Failures are logged: the next
// tick tries again.
func (s *Service) Tick(ctx context.Context) {
	s.askedMu.Lock()
	asked := s.asked
	s.asked = nil
	s.askedMu.Unlock()
	waves, err := s.cfg.DB.InvitingWaves(ctx)
	if err != nil {
		s.cfg.Log.Error("invitations: listing waves", "err", err)
		return
	}
	for _, id := range waves {
		if err := s.tickWave(ctx, id, slices.Contains(asked, id)); err != nil {
			s.cfg.Log.Error("invitations", "wave", id, "err", err)
		}
	}
}

func (s *Service) tickWave(ctx context.Context, waveID int64, asked bool) error {
	w, settings, err := s.waveAndSettings(ctx, waveID)
	if err != nil {
		return err
	}
	now := s.cfg.Now()
	today := now.Format(survey.DateLayout)
	if w.Status(now) == survey.StatusClosed {
		return s.forget(ctx, w, "as the wave closed", true)
	}
	if opened, err := time.Parse(survey.DateLayout, w.OpenedOn); err == nil && settings.KeepDays > 0 &&
		opened.AddDate(0, 0, settings.KeepDays).Format(survey.DateLayout) <= today {
		return s.forget(ctx, w, fmt.Sprintf("%d days after the wave opened, as set", settings.KeepDays), false)
	}
	if s.cfg.Mail == nil {
		return nil
	}
	if _, err := s.SendInvitations(ctx, waveID); err != nil {
		return err
	}
	done, err := s.cfg.DB.ReminderRunsDone(ctx, waveID)
	if err != nil {
		return err
	}
	var due []string
	for _, d := range ScheduleDays(w, settings) {
		if d <= today && !slices.Contains(done, d) {
			due = append(due, d)
		}
	}
	if len(due) == 0 && !asked {
		return nil
	}
	if _, err := s.Remind(ctx, waveID); err != nil {
		return err
	}
	return s.cfg.DB.RecordReminderRuns(ctx, waveID, due)
}

// forget deletes a wave's addresses, and seals the database when the wave
// closed, as closing it by hand does.
func (s *Service) forget(ctx context.Context, w *survey.Wave, why string, seal bool) error {
	n, err := s.cfg.DB.ForgetInvitations(ctx, w.ID)
	if err != nil || n == 0 {
		return err
	}
	if seal {
		if err := s.cfg.DB.Seal(ctx); err != nil {
			return err
		}
	}
	return s.cfg.DB.Audit(ctx, s.cfg.Actor, "delete addresses", fmt.Sprintf("wave %d: %d deleted, %s", w.ID, n, why))
}

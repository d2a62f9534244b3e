package invite

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// Config sets a Service up.
type Config struct {
	DB *store.DB
	// Mail is the mail server; nil when none is set, and then nothing is sent.
	Mail *SMTP
	// BaseURL is where the links in the emails point.
	BaseURL string
	// Pace is the least time between two emails, so that a mail server's
	// limits are not met; 0 means DefaultPace.
	Pace time.Duration
	// Attempts is how often an email is tried when the server says to try
	// again later, RetryWait the wait after the first try, doubled after
	// each; 0 means the defaults.
	Attempts  int
	RetryWait time.Duration
	// Actor names who sends, in the audit log.
	Actor string
	Log   *slog.Logger
	// Now is the clock, for the schedule; nil means time.Now.
	Now func() time.Time
}

// Defaults of the Config.
const (
	DefaultPace      = 200 * time.Millisecond
	DefaultAttempts  = 4
	DefaultRetryWait = 30 * time.Second
)

// ErrNoMailServer refuses to send when no mail server is set.
var ErrNoMailServer = survey.Errorf(survey.ErrInvalid, "no mail server is set up: start Sayso with --smtp-host and --smtp-from (or SAYSO_SMTP_HOST and SAYSO_SMTP_FROM) to send invitations by email")

// Service sends a wave's invitations and reminders, and keeps its schedule.
type Service struct {
	cfg Config
	// running lets one run send at a time in this process; the store's
	// claims keep two processes from sending one invitation twice.
	running sync.Mutex
	nudge   chan struct{}
	// asked holds waves whose reminders an admin asked for, to run next.
	askedMu sync.Mutex
	asked   []int64
}

// New makes a Service.
func New(cfg Config) *Service {
	if cfg.Pace == 0 {
		cfg.Pace = DefaultPace
	}
	if cfg.Attempts == 0 {
		cfg.Attempts = DefaultAttempts
	}
	if cfg.RetryWait == 0 {
		cfg.RetryWait = DefaultRetryWait
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg, nudge: make(chan struct{}, 1)}
}

// CanSend says whether a mail server is set up.
func (s *Service) CanSend() bool { return s.cfg.Mail != nil }

// Run counts what one sending or reminder run did.
type Run struct {
	Sent, Failed, Bounced int
}

func (r Run) String() string {
	return fmt.Sprintf("%d sent, %d failed, %d bounced", r.Sent, r.Failed, r.Bounced)
}

// Unreachable stops a run when the mail server cannot be reached: the
// address being sent to, and those after it, wait for the next run.
type Unreachable struct {
	Server string
	Err    error
}

func (e *Unreachable) Error() string {
	return fmt.Sprintf("the mail server %s could not be reached, so the rest waits to be sent: %v", e.Server, e.Err)
}

func (e *Unreachable) Unwrap() error { return e.Err }

// AddList reads a staff list and stores it for a wave: nothing is stored
// when anything is wrong with it. Days of the reminder schedule up to
// today are passed over, so nobody is reminded the day they are invited.
func (s *Service) AddList(ctx context.Context, actor string, waveID int64, data []byte) (int, error) {
	addresses, lines, err := readStaffList(data)
	if err != nil {
		return 0, err
	}
	if err := s.cfg.DB.AddInvitations(ctx, waveID, addresses); err != nil {
		var already *store.AlreadyInvited
		if errors.As(err, &already) {
			return 0, alreadyProblems(lines, already.Addresses)
		}
		return 0, err
	}
	if err := s.passOverPastDays(ctx, waveID); err != nil {
		return 0, err
	}
	return len(addresses), s.cfg.DB.Audit(ctx, actor, "add staff list", fmt.Sprintf("wave %d: %d on the list", waveID, len(addresses)))
}

// alreadyProblems says, by line, which addresses of a list were sent to before.
func alreadyProblems(lines map[string]int, addresses []string) ListProblems {
	var problems ListProblems
	for _, a := range addresses {
		problems = append(problems, Problem{lines[a], a + " has been sent an invitation to this wave already"})
	}
	slices.SortFunc(problems, func(a, b Problem) int { return a.Line - b.Line })
	return problems
}

// SaveSettings sets a wave's invitation email and reminder schedule.
// Days of the schedule up to today are passed over.
func (s *Service) SaveSettings(ctx context.Context, actor string, waveID int64, settings store.InvitationSettings) error {
	if err := s.cfg.DB.SaveInvitationSettings(ctx, waveID, settings); err != nil {
		return err
	}
	if err := s.passOverPastDays(ctx, waveID); err != nil {
		return err
	}
	return s.cfg.DB.Audit(ctx, actor, "set invitations", fmt.Sprintf("wave %d: reminders %s after opening and %s before closing; addresses kept %s",
		waveID, daysText(settings.RemindAfter), daysText(settings.RemindBefore), keepText(settings.KeepDays)))
}

func daysText(days []int) string {
	if len(days) == 0 {
		return "on no day"
	}
	return store.FormatDays(days) + " days"
}

func keepText(days int) string {
	if days == 0 {
		return "until the wave closes"
	}
	return fmt.Sprintf("%d days from opening", days)
}

func (s *Service) passOverPastDays(ctx context.Context, waveID int64) error {
	w, settings, err := s.waveAndSettings(ctx, waveID)
	if err != nil {
		return err
	}
	today := s.cfg.Now().Format(survey.DateLayout)
	var past []string
	for _, d := range ScheduleDays(w, settings) {
		if d <= today {
			past = append(past, d)
		}
	}
	return s.cfg.DB.RecordReminderRuns(ctx, waveID, past)
}

// ScheduleDays lists the days a wave's reminders are due, in order.
func ScheduleDays(w *survey.Wave, s store.InvitationSettings) []string {
	var days []string
	if opened, err := time.Parse(survey.DateLayout, w.OpenedOn); err == nil {
		for _, d := range s.RemindAfter {
			days = append(days, opened.AddDate(0, 0, d).Format(survey.DateLayout))
		}
	}
	if closes, err := time.Parse(survey.DateLayout, w.ClosesOn); err == nil {
		for _, d := range s.RemindBefore {
			days = append(days, closes.AddDate(0, 0, -d).Format(survey.DateLayout))
		}
	}
	slices.Sort(days)
	return slices.Compact(days)
}

// SendInvitations sends every invitation of a wave waiting to be sent, one
// code each, and records each address as sent, failed or bounced.
func (s *Service) SendInvitations(ctx context.Context, waveID int64) (Run, error) {
	var run Run
	w, settings, done, err := s.startRun(ctx, waveID)
	if err != nil {
		return run, err
	}
	defer done()
	defer s.auditRun(ctx, "send invitations", waveID, &run)
	for first := true; ; first = false {
		out, err := s.cfg.DB.ClaimInvitation(ctx, waveID)
		if err != nil || out == nil {
			return run, err
		}
		status, err := s.deliver(ctx, w, settings, out, false, first)
		if err != nil {
			return run, errors.Join(err, s.cfg.DB.FinishInvitation(context.WithoutCancel(ctx), out, store.InvitationPending))
		}
		run.count(status)
		if err := s.cfg.DB.FinishInvitation(ctx, out, status); err != nil {
			return run, err
		}
	}
}

// Remind sends a reminder, with a fresh code that replaces the old one, to
// each address of a wave whose code is unused.
func (s *Service) Remind(ctx context.Context, waveID int64) (Run, error) {
	var run Run
	w, settings, done, err := s.startRun(ctx, waveID)
	if err != nil {
		return run, err
	}
	defer done()
	targets, err := s.cfg.DB.ReminderTargets(ctx, waveID)
	if err != nil {
		return run, err
	}
	defer s.auditRun(ctx, "send reminders", waveID, &run)
	for i, id := range targets {
		out, err := s.cfg.DB.MintReminder(ctx, id)
		if err != nil {
			return run, err
		}
		if out == nil {
			continue // answered since the list was read
		}
		status, err := s.deliver(ctx, w, settings, out, true, i == 0)
		if err != nil {
			_, finishErr := s.cfg.DB.FinishReminder(context.WithoutCancel(ctx), out, false)
			return run, errors.Join(err, finishErr)
		}
		kept, err := s.cfg.DB.FinishReminder(ctx, out, status == store.InvitationSent)
		if err != nil {
			return run, err
		}
		if kept || status != store.InvitationSent {
			run.count(status)
		}
	}
	return run, nil
}

func (r *Run) count(status string) {
	switch status {
	case store.InvitationSent:
		r.Sent++
	case store.InvitationBounced:
		r.Bounced++
	default:
		r.Failed++
	}
}

// auditRun records a run that sent or tried anything, with counts only.
func (s *Service) auditRun(ctx context.Context, action string, waveID int64, run *Run) {
	if *run == (Run{}) {
		return
	}
	if err := s.cfg.DB.Audit(context.WithoutCancel(ctx), s.cfg.Actor, action, fmt.Sprintf("wave %d: %s", waveID, run)); err != nil {
		s.cfg.Log.Error("writing the audit log", "err", err)
	}
}

func (s *Service) waveToSend(ctx context.Context, waveID int64) (*survey.Wave, store.InvitationSettings, error) {
	w, settings, err := s.waveAndSettings(ctx, waveID)
	if err == nil && w.Status(s.cfg.Now()) == survey.StatusClosed {
		return nil, store.InvitationSettings{}, survey.Errorf(survey.ErrGone, "wave %d is closed, so it sends nothing", waveID)
	}
	return w, settings, err
}

// waveAndSettings reads a wave and its invitation settings.
func (s *Service) waveAndSettings(ctx context.Context, waveID int64) (*survey.Wave, store.InvitationSettings, error) {
	w, err := s.cfg.DB.Wave(ctx, waveID)
	if err != nil {
		return nil, store.InvitationSettings{}, err
	}
	settings, err := s.cfg.DB.InvitationSettings(ctx, waveID)
	return w, settings, err
}

// startRun begins a sending or a reminder run: it needs a mail server,
// waits for any other run of this process to end, and reads the wave to
// send for; done ends the run.
func (s *Service) startRun(ctx context.Context, waveID int64) (w *survey.Wave, settings store.InvitationSettings, done func(), err error) {
	if s.cfg.Mail == nil {
		return nil, settings, nil, ErrNoMailServer
	}
	s.running.Lock()
	if w, settings, err = s.waveToSend(ctx, waveID); err != nil {
		s.running.Unlock()
		return nil, settings, nil, err
	}
	return w, settings, s.running.Unlock, nil
}

// deliver sends one email at the pace set, trying again while the server
// says to, and returns the status to record. An error means the server
// could not be reached, or ctx ended: the run stops there.
func (s *Service) deliver(ctx context.Context, w *survey.Wave, settings store.InvitationSettings, out *store.Outgoing, reminder, first bool) (string, error) {
	email, err := Compose(w, settings, s.cfg.BaseURL, out.Address, out.Code, reminder)
	if err != nil {
		return "", err
	}
	if !first {
		if err := sleep(ctx, s.cfg.Pace); err != nil {
			return "", err
		}
	}
	wait := s.cfg.RetryWait
	for attempt := 1; ; attempt++ {
		err := s.cfg.Mail.Send(ctx, email)
		kind := failureOf(err)
		switch {
		case kind == delivered:
			return store.InvitationSent, nil
		case kind == refused:
			return store.InvitationBounced, nil
		case kind == rejected:
			s.cfg.Log.Warn("the mail server refused an email", "wave", w.ID, "smtp_code", smtpCode(err))
			return store.InvitationFailed, nil
		case attempt == s.cfg.Attempts && kind == temporary:
			s.cfg.Log.Warn("the mail server kept deferring an email", "wave", w.ID, "attempts", attempt, "smtp_code", smtpCode(err))
			return store.InvitationFailed, nil
		case attempt == s.cfg.Attempts:
			return "", &Unreachable{Server: s.cfg.Mail.Server(), Err: err}
		}
		if err := sleep(ctx, wait); err != nil {
			return "", err
		}
		wait *= 2
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

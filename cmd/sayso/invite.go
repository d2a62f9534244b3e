package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/sayso/sayso/internal/invite"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/web"
)

// mailFlags are the settings of the mail server invitations go through.
type mailFlags struct {
	host, tls, user, password, from *string
	port                            *int
	pace                            *time.Duration
	problem                         error
}

// addMailFlags adds the --smtp-* flags, with SAYSO_SMTP_* fallbacks.
func addMailFlags(fs *flag.FlagSet) *mailFlags {
	m := &mailFlags{}
	port, err := envInt("SAYSO_SMTP_PORT")
	m.problem = err
	pace := invite.DefaultPace
	if v := envOr("SAYSO_SMTP_PACE", ""); v != "" {
		if pace, err = time.ParseDuration(v); err != nil || pace < 0 {
			m.problem = fmt.Errorf("SAYSO_SMTP_PACE=%q is not a duration like 200ms or 1s", v)
		}
	}
	m.host = fs.String("smtp-host", envOr("SAYSO_SMTP_HOST", ""), "mail server invitations and reminders go through; none: no email is sent (env SAYSO_SMTP_HOST)")
	m.port = fs.Int("smtp-port", port, "mail server port (default 587 for starttls, 465 for tls, 25 for none) (env SAYSO_SMTP_PORT)")
	m.tls = fs.String("smtp-tls", envOr("SAYSO_SMTP_TLS", invite.TLSStartTLS), "starttls (it must succeed), tls (from the first byte) or none (a relay on the same host only) (env SAYSO_SMTP_TLS)")
	m.user = fs.String("smtp-user", envOr("SAYSO_SMTP_USER", ""), "user name to sign in to the mail server, if it needs one (env SAYSO_SMTP_USER)")
	m.password = fs.String("smtp-password", envOr("SAYSO_SMTP_PASSWORD", ""), "password for --smtp-user; prefer the environment, which others cannot read in the process list (env SAYSO_SMTP_PASSWORD)")
	m.from = fs.String("smtp-from", envOr("SAYSO_SMTP_FROM", ""), `address invitations come from, like "Staff survey <survey@council.gov.uk>" (env SAYSO_SMTP_FROM)`)
	m.pace = fs.Duration("smtp-pace", pace, "least time between two emails, to stay within the mail server's limits (env SAYSO_SMTP_PACE)")
	return m
}

func envInt(name string) (int, error) {
	v := envOr(name, "")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q is not a whole number", name, v)
	}
	return n, nil
}

// mailServer is the mail server the flags name, or nil when no host is set.
func (m *mailFlags) mailServer() (*invite.SMTP, error) {
	if m.problem != nil {
		return nil, m.problem
	}
	if *m.pace < 0 {
		return nil, errors.New("--smtp-pace must not be negative")
	}
	if *m.host == "" {
		return nil, nil
	}
	return invite.NewSMTP(invite.SMTPConfig{Host: *m.host, Port: *m.port, TLS: *m.tls, User: *m.user, Password: *m.password, From: *m.from})
}

// service builds the invitation service the commands send through; it
// needs a mail server.
func (m *mailFlags) service(db *store.DB, baseURL string, stderr io.Writer) (*invite.Service, error) {
	mail, err := m.mailServer()
	if err != nil {
		return nil, err
	}
	if mail == nil {
		return nil, errors.New("no mail server: give --smtp-host and --smtp-from (or SAYSO_SMTP_HOST and SAYSO_SMTP_FROM)")
	}
	return invite.New(invite.Config{DB: db, Mail: mail, BaseURL: baseURL, Pace: *m.pace, Actor: auditActor,
		Log: slog.New(slog.NewJSONHandler(stderr, nil))}), nil
}

func runInvite(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("invite", "--wave ID [--file staff.csv] [flags]",
		"Emails each address of a staff list an invitation with a single-use code of its own, and sends\n"+
			"whatever waits to be sent. The list is a CSV of email addresses, one a line, or a column named\n"+
			"email among others (which are ignored); any bad line refuses the whole list and nothing is sent.\n"+
			"Each address is recorded only as sent, failed or bounced, and deleted when the wave closes.\n"+
			"The email and the reminder schedule are set with the flags below and kept with the wave.", stderr)
	dbPath := dbFlag(fs)
	wave := fs.Int64("wave", 0, "wave id (required)")
	file := fs.String("file", "", "CSV of staff email addresses to invite")
	organisation := fs.String("organisation", "", "the organisation the email names, like Northshire County Council")
	subject := fs.String("subject", "", `the email's subject (default "Your invitation: " and the wave's name)`)
	messageFile := fs.String("message-file", "", "a text file of your own words for the email, paragraphs separated by an empty line")
	remindAfter := fs.String("remind-after", "", "days after the wave opens to send reminders, like 7,14")
	remindBefore := fs.String("remind-before", "", "days before the wave closes to send a reminder, like 2")
	keepDays := fs.Int("keep-days", 0, "delete the addresses this many days after the wave opened; 0: when it closes")
	baseURL := fs.String("base-url", envOr("SAYSO_BASE_URL", web.DefaultBaseURL), "address staff reach Sayso at, for the links (env SAYSO_BASE_URL)")
	mail := addMailFlags(fs)
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	fail := func(status int, format string, a ...any) int {
		fmt.Fprintf(stderr, "sayso invite: "+format+"\n", a...)
		return status
	}
	if *wave <= 0 {
		return fail(2, "--wave is required, such as: sayso invite --wave 1 --file staff.csv")
	}
	base, err := web.ParseBaseURL(*baseURL)
	if err != nil {
		return fail(2, "--base-url: %v", err)
	}
	var list []byte
	if *file != "" {
		if list, err = os.ReadFile(*file); err != nil {
			return fail(1, "reading the staff list: %v", err)
		}
	}
	db, err := openDB(*dbPath)
	if err != nil {
		return fail(1, "%v", err)
	}
	defer db.Close()
	service, err := mail.service(db, base, stderr)
	if err != nil {
		return fail(2, "%v", err)
	}
	ctx := context.Background()
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if given["organisation"] || given["subject"] || given["message-file"] || given["remind-after"] || given["remind-before"] || given["keep-days"] {
		settings, err := db.InvitationSettings(ctx, *wave)
		if err != nil {
			return fail(1, "%v", err)
		}
		if given["organisation"] {
			settings.Organisation = *organisation
		}
		if given["subject"] {
			settings.Subject = *subject
		}
		if given["message-file"] {
			message, err := os.ReadFile(*messageFile)
			if err != nil {
				return fail(1, "reading --message-file: %v", err)
			}
			settings.Message = string(message)
		}
		if given["remind-after"] {
			if settings.RemindAfter, err = store.ParseDays("--remind-after", *remindAfter); err != nil {
				return fail(2, "%v", err)
			}
		}
		if given["remind-before"] {
			if settings.RemindBefore, err = store.ParseDays("--remind-before", *remindBefore); err != nil {
				return fail(2, "%v", err)
			}
		}
		if given["keep-days"] {
			settings.KeepDays = *keepDays
		}
		if err := service.SaveSettings(ctx, auditActor, *wave, settings); err != nil {
			return fail(1, "%v", err)
		}
	}
	if list != nil {
		n, err := service.AddList(ctx, auditActor, *wave, list)
		var problems invite.ListProblems
		if errors.As(err, &problems) {
			fmt.Fprintf(stderr, "sayso invite: %s is not used, and nothing was sent:\n", *file)
			for _, p := range problems {
				fmt.Fprintf(stderr, "%s:%s\n", *file, problemText(p))
			}
			return 1
		}
		if err != nil {
			return fail(1, "%v", err)
		}
		fmt.Fprintf(stdout, "%d addresses added to wave %d.\n", n, *wave)
	}
	run, err := service.SendInvitations(ctx, *wave)
	fmt.Fprintf(stdout, "Invitations: %s.\n", run)
	if err != nil {
		return fail(1, "%v; run sayso invite --wave %d again to send the rest", err, *wave)
	}
	return 0
}

// problemText writes a problem as file:line: message, or as file: message
// for the file as a whole.
func problemText(p invite.Problem) string {
	if p.Line == 0 {
		return " " + p.Message
	}
	return fmt.Sprintf("%d: %s", p.Line, p.Message)
}

func runRemind(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("remind", "--wave ID [flags]",
		"Sends a reminder now to each invited address whose code is unused: those who have not answered.\n"+
			"Each reminder carries a fresh code that replaces the old one. Nobody is told which addresses these are.", stderr)
	dbPath := dbFlag(fs)
	wave := fs.Int64("wave", 0, "wave id (required)")
	baseURL := fs.String("base-url", envOr("SAYSO_BASE_URL", web.DefaultBaseURL), "address staff reach Sayso at, for the links (env SAYSO_BASE_URL)")
	mail := addMailFlags(fs)
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	if *wave <= 0 {
		fmt.Fprintln(stderr, "sayso remind: --wave is required, such as: sayso remind --wave 1")
		return 2
	}
	base, err := web.ParseBaseURL(*baseURL)
	if err != nil {
		fmt.Fprintf(stderr, "sayso remind: --base-url: %v\n", err)
		return 2
	}
	db, err := openDB(*dbPath)
	if err != nil {
		fmt.Fprintf(stderr, "sayso remind: %v\n", err)
		return 1
	}
	defer db.Close()
	service, err := mail.service(db, base, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "sayso remind: %v\n", err)
		return 2
	}
	run, err := service.Remind(context.Background(), *wave)
	fmt.Fprintf(stdout, "Reminders: %s.\n", run)
	if err != nil {
		fmt.Fprintf(stderr, "sayso remind: %v\n", err)
		return 1
	}
	return 0
}

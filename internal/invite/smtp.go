package invite

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLS modes for the connection to the mail server.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS, which must succeed
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSNone     = "none"     // no encryption: for a relay on the same host only
)

// SMTPConfig is how to reach the mail server.
type SMTPConfig struct {
	Host     string
	Port     int // 0: 587 for starttls, 465 for tls, 25 for none
	TLS      string
	User     string
	Password string
	From     string
	// TLSConfig, when set, verifies the server's certificate against
	// other roots than the system's.
	TLSConfig *tls.Config
}

// SMTP sends email through one mail server.
type SMTP struct {
	cfg SMTPConfig
}

// NewSMTP checks the settings; it does not connect.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	if cfg.Host == "" {
		return nil, errors.New("no mail server: set --smtp-host (or SAYSO_SMTP_HOST)")
	}
	if cfg.TLS == "" {
		cfg.TLS = TLSStartTLS
	}
	defaultPorts := map[string]int{TLSStartTLS: 587, TLSImplicit: 465, TLSNone: 25}
	port, ok := defaultPorts[cfg.TLS]
	if !ok {
		return nil, fmt.Errorf("--smtp-tls (SAYSO_SMTP_TLS) must be starttls, tls or none, not %q", cfg.TLS)
	}
	if cfg.Port == 0 {
		cfg.Port = port
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		return nil, fmt.Errorf("--smtp-port (SAYSO_SMTP_PORT) must be from 1 to 65535, not %d", cfg.Port)
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil || checkAddress(strings.ToLower(from.Address)) != "" {
		return nil, fmt.Errorf("--smtp-from (SAYSO_SMTP_FROM) must be the address invitations come from, like \"Staff survey <survey@council.gov.uk>\", not %q", cfg.From)
	}
	if (cfg.User == "") != (cfg.Password == "") {
		return nil, errors.New("give both --smtp-user and --smtp-password (SAYSO_SMTP_USER, SAYSO_SMTP_PASSWORD), or neither")
	}
	return &SMTP{cfg: cfg}, nil
}

// Server names the mail server, for messages.
func (s *SMTP) Server() string { return fmt.Sprintf("%s:%d", s.cfg.Host, s.cfg.Port) }

func (s *SMTP) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(30 * time.Second)}
	switch s.cfg.TLS {
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.cfg.TLSConfig != nil {
		config := s.cfg.TLSConfig.Clone()
		if config.ServerName == "" {
			config.ServerName = s.cfg.Host
		}
		opts = append(opts, gomail.WithTLSConfig(config))
	}
	if s.cfg.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.cfg.User), gomail.WithPassword(s.cfg.Password))
	}
	return gomail.NewClient(s.cfg.Host, opts...)
}

// Send delivers one email to the mail server. Its error says which kind
// of failure it was (see failureOf).
func (s *SMTP) Send(ctx context.Context, e Email) error {
	m := gomail.NewMsg()
	if err := m.From(s.cfg.From); err != nil {
		return err
	}
	if err := m.To(e.To); err != nil {
		return err
	}
	m.Subject(e.Subject)
	m.SetMessageID()
	m.SetDate()
	m.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	m.SetBodyString(gomail.TypeTextPlain, e.Text)
	m.AddAlternativeString(gomail.TypeTextHTML, e.HTML)
	c, err := s.client()
	if err != nil {
		return err
	}
	return c.DialAndSendWithContext(ctx, m)
}

// failure is how a delivery went wrong.
type failure int

const (
	delivered   failure = iota
	temporary           // the server said try again later (4xx)
	refused             // the server refused the address (5xx to RCPT TO): bounced
	rejected            // the server refused the message otherwise (5xx): failed
	unreachable         // no answer from the server, TLS or sign-in failed
)

func failureOf(err error) failure {
	if err == nil {
		return delivered
	}
	var sendErr *gomail.SendError
	if !errors.As(err, &sendErr) {
		return unreachable
	}
	switch {
	case sendErr.IsTemp():
		return temporary
	case sendErr.ErrorCode() >= 500 && sendErr.Reason == gomail.ErrSMTPRcptTo:
		return refused
	case sendErr.ErrorCode() >= 500:
		return rejected
	}
	return unreachable
}

// smtpCode is the reply code of a failure, for the log: the server's text
// may name the address, which the log never holds.
func smtpCode(err error) int {
	var sendErr *gomail.SendError
	if errors.As(err, &sendErr) {
		return sendErr.ErrorCode()
	}
	return 0
}

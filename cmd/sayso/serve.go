package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sayso/sayso/internal/benchmark"
	"github.com/sayso/sayso/internal/chart"
	"github.com/sayso/sayso/internal/invite"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/submission"
	"github.com/sayso/sayso/internal/survey"
	"github.com/sayso/sayso/internal/web"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "[flags]", "Starts the web server: the respondent pages, the dashboard and the API.\n"+
		"It refuses a database that is missing (unless --init), empty or damaged.\n"+
		"With no account yet, it makes an admin from SAYSO_ADMIN_EMAIL and SAYSO_ADMIN_PASSWORD, or prints a generated password.", stderr)
	addr := fs.String("addr", envOr("SAYSO_ADDR", "127.0.0.1:8080"), "address to listen on (env SAYSO_ADDR)")
	dbPath := dbFlag(fs)
	initDB := initFlag(fs)
	surveysDir := surveysFlag(fs)
	benchmarksDir := fs.String("benchmarks", envOr("SAYSO_BENCHMARKS", ""), "folder of benchmark files (*.yaml) to check and load at start, each replacing the one of its name (env SAYSO_BENCHMARKS)")
	secure := fs.Bool("secure-cookies", envOr("SAYSO_SECURE_COOKIES", "") == "true", "mark cookies Secure; set when served over HTTPS (env SAYSO_SECURE_COOKIES=true)")
	proxies := fs.String("trusted-proxies", envOr("SAYSO_TRUSTED_PROXIES", ""), "comma-separated addresses or ranges (CIDR) of the reverse proxies in front of the server,\nwhose X-Forwarded-For is believed for the sign-in rate limit; addresses are never logged or stored (env SAYSO_TRUSTED_PROXIES)")
	baseURL := fs.String("base-url", envOr("SAYSO_BASE_URL", ""), "address staff reach Sayso at, such as https://survey.example.gov.uk, for the links in invitations;\nnever taken from a request's headers (default http:// and the listen address) (env SAYSO_BASE_URL)")
	rateDefault := 30
	if v := envOr("SAYSO_SUBMIT_RATE", ""); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			fmt.Fprintf(stderr, "sayso serve: SAYSO_SUBMIT_RATE=%q is not a whole number\n", v)
			return 2
		}
		rateDefault = n
	}
	submitRate := fs.Int("submit-rate", rateDefault, "responses one address may send a minute, with a burst of as many; counted in memory only (env SAYSO_SUBMIT_RATE)")
	mailSettings := addMailFlags(fs)
	orgName := fs.String("org-name", envOr("SAYSO_ORG_NAME", ""), "the organisation running the surveys, named on every survey page, such as \"Northshire County Council\" (env SAYSO_ORG_NAME)")
	orgContact := fs.String("org-contact", envOr("SAYSO_ORG_CONTACT", ""), "who respondents contact about a survey: an email address, a telephone number or a few words (env SAYSO_ORG_CONTACT)")
	privacyURL := fs.String("privacy-url", envOr("SAYSO_PRIVACY_URL", ""), "web address of the organisation's privacy notice, linked from every survey page (env SAYSO_PRIVACY_URL)")
	resumeDays := fs.String("resume-days", envOr("SAYSO_RESUME_DAYS", strconv.Itoa(web.DefaultResumeDays)), "most days a respondent's saved, unfinished answers are kept; a wave's close ends them sooner (env SAYSO_RESUME_DAYS)")
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	mail, err := mailSettings.mailServer()
	if err != nil {
		fmt.Fprintf(stderr, "sayso serve: %v\n", err)
		return 2
	}
	if *submitRate < 1 {
		fmt.Fprintf(stderr, "sayso serve: --submit-rate must be a whole number from 1 up, not %d\n", *submitRate)
		return 2
	}
	days, err := strconv.Atoi(*resumeDays)
	if err != nil || days < 1 || days > 365 {
		fmt.Fprintf(stderr, "sayso serve: --resume-days (or SAYSO_RESUME_DAYS) must be a whole number of days from 1 to 365, not %q\n", *resumeDays)
		return 2
	}
	org, err := web.NewOrganisation(*orgName, *orgContact, *privacyURL)
	if err != nil {
		fmt.Fprintf(stderr, "sayso serve: %v\n", err)
		return 2
	}
	trusted, err := parseTrustedProxies(*proxies)
	if err != nil {
		fmt.Fprintf(stderr, "sayso serve: --trusted-proxies: %v\n", err)
		return 2
	}
	if *baseURL != "" {
		if *baseURL, err = web.ParseBaseURL(*baseURL); err != nil {
			fmt.Fprintf(stderr, "sayso serve: --base-url: %v\n", err)
			return 2
		}
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	catalogue, err := loadSurveys(*surveysDir)
	if err != nil {
		fmt.Fprintf(stderr, "sayso serve: the survey definitions are not valid:\n%v\n", err)
		return 1
	}
	db, err := openOrInitDB(*dbPath, *initDB)
	if err != nil {
		fmt.Fprintf(stderr, "sayso serve: %v\n", err)
		return 1
	}
	defer db.Close()
	// A database that cannot be written still serves results; the health
	// check and every submission say so until it can.
	if err := db.Health(context.Background()); err != nil {
		log.Error("the database cannot store answers now", "db", *dbPath, "err", err, "cause", errors.Unwrap(err))
	} else if err := db.SealOpenWaves(context.Background()); err != nil {
		log.Error("the database could not be rewritten in key order", "db", *dbPath, "err", err)
	}
	if *benchmarksDir != "" {
		loaded, err := benchmark.AddDir(context.Background(), db, *benchmarksDir, benchmark.Lookup(catalogue))
		if err != nil {
			fmt.Fprintf(stderr, "sayso serve: --benchmarks %s:\n%v\n", *benchmarksDir, err)
			return 1
		}
		log.Info("benchmarks loaded", "dir", *benchmarksDir, "count", len(loaded))
	}
	if err := ensureAdmin(context.Background(), db, stdout); err != nil {
		fmt.Fprintf(stderr, "sayso serve: %v\n", err)
		return 1
	}
	if err := chart.Warm(); err != nil {
		fmt.Fprintf(stderr, "sayso serve: loading the chart font: %v\n", err)
		return 1
	}
	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "sayso serve: %v\n", err)
		return 1
	}
	base := "http://" + listener.Addr().String()
	if *baseURL == "" {
		*baseURL = base
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	invitations := invite.New(invite.Config{DB: db, Mail: mail, BaseURL: *baseURL, Pace: *mailSettings.pace, Actor: "server", Log: log})
	sending := make(chan struct{})
	go func() {
		defer close(sending)
		invitations.Loop(ctx)
	}()
	// The loop stops with ctx, before the database closes.
	defer func() { stop(); <-sending }()
	srv := &http.Server{
		Handler: web.New(web.Config{SecureCookies: *secure, BaseURL: *baseURL, Logger: log, Catalogue: catalogue, TrustedProxies: trusted, SubmitRate: *submitRate,
			Invitations: invitations, Organisation: org, ResumeDays: days, Results: results.NewService(db),
			Submissions: submission.New(db)}, db),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(listener) }()
	log.Info("listening", "addr", base, "base_url", *baseURL, "db", *dbPath, "surveys", len(catalogue.Sources()), "smtp", *mailSettings.host)
	printLinks(stdout, db, base, *baseURL)
	select {
	case err := <-served:
		log.Error("server stopped", "err", err)
		return 1
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("shutdown", "err", err)
		return 1
	}
	return 0
}

// parseTrustedProxies reads a comma-separated list of ranges, such as
// 10.0.0.0/8, and single addresses, which stand for themselves alone.
func parseTrustedProxies(list string) ([]netip.Prefix, error) {
	var trusted []netip.Prefix
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if addr, err := netip.ParseAddr(item); err == nil {
			addr = addr.Unmap()
			trusted = append(trusted, netip.PrefixFrom(addr, addr.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(item)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an address like 10.0.0.5 nor a range like 10.0.0.0/8", item)
		}
		if p.Addr().Is4In6() {
			return nil, fmt.Errorf("%q: write an IPv4 range in IPv4 form, like 10.0.0.0/8", item)
		}
		trusted = append(trusted, p.Masked())
	}
	return trusted, nil
}

// printLinks tells the operator where the server listens, and where
// staff answer each open wave.
func printLinks(stdout io.Writer, db *store.DB, base, baseURL string) {
	waves, err := db.Waves(context.Background())
	if err != nil {
		return
	}
	fmt.Fprintf(stdout, "Sayso is running at %s\n  Dashboard: %s/dashboard\n  You said, we did (public): %s/you-said-we-did\n", base, base, base)
	for _, w := range waves {
		if w.Status(time.Now()) == survey.StatusOpen && w.LinkCode != "" {
			fmt.Fprintf(stdout, "  %s (%s): %s/s/%s\n", w.Name, w.SurveyID, baseURL, w.LinkCode)
		}
	}
}

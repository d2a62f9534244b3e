// Package web serves Sayso over HTTP with Echo: the respondent pages, the
// JSON API and the static assets. Handlers live one per file, named after
// the resource and action; templates and assets are embedded and parsed once.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/sayso/sayso/internal/invite"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/submission"
	"github.com/sayso/sayso/internal/survey"
)

// MaxBodyBytes bounds every request body: a whole health-check response
// with every text answer at its longest is well under it.
const MaxBodyBytes = 256 << 10

// DefaultBaseURL is where links point when no base URL is given: the
// default listen address.
const DefaultBaseURL = "http://127.0.0.1:8080"

// Config is how the server is set up.
type Config struct {
	// SecureCookies marks cookies Secure: set it when the server is reached
	// over HTTPS, directly or through a proxy.
	SecureCookies bool
	Logger        *slog.Logger
	// BaseURL is the address staff reach Sayso at, as ParseBaseURL gives
	// it; links to surveys are built from it, never from a request's Host
	// or X-Forwarded-Proto. Empty means DefaultBaseURL.
	BaseURL string
	// Catalogue is the surveys an admin may open waves of.
	Catalogue *survey.Catalogue
	// Sessions bound how long a sign-in lasts; zero means the defaults.
	Sessions store.SessionLimits
	// LoginRate is how many sign-in attempts one address may make a
	// minute (with a burst of as many); zero means 10.
	LoginRate int
	// SubmitRate is how many responses one address may send a minute
	// (with a burst of as many); zero means 30.
	SubmitRate int
	// TrustedProxies are the address ranges of the reverse proxies in
	// front of the server. A request from one of them is counted against
	// the address its X-Forwarded-For header names; with none, against
	// the address it came from.
	TrustedProxies []netip.Prefix
	// Invitations sends invitations and reminders by email; nil for none.
	Invitations *invite.Service
	// Organisation is who runs the surveys, shown to respondents.
	Organisation Organisation
	// ResumeDays is how long a respondent's saved answers are kept at
	// most (the wave's closing ends them sooner); zero means
	// DefaultResumeDays.
	ResumeDays int
	// Results counts the database's responses and publishes them; nil
	// builds one on the database (tests), which follows its commits from
	// then on.
	Results *results.Service
	// Submissions checks and stores responses; nil builds one on the
	// database (tests).
	Submissions *submission.Submitter
}

// Server answers Sayso's HTTP requests.
type Server struct {
	db            *store.DB
	results       *results.Service
	submissions   *submission.Submitter
	catalogue     *survey.Catalogue
	sessions      store.SessionLimits
	secureCookies bool
	baseURL       string
	decoyHash     string // checked against when no account matches, so failures take as long
	csrfSecret    []byte
	log           *slog.Logger
	invitations   *invite.Service
	pages         *pages
	echo          *echo.Echo
	resumeDays    int
}

// New builds the server and its routes. It follows the database's
// commits from here on, so build it before serving.
func New(cfg Config, db *store.DB) *Server {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = clientAddress(cfg.TrustedProxies)
	s := &Server{
		db: db, results: cfg.Results, catalogue: cfg.Catalogue, sessions: cfg.Sessions,
		secureCookies: cfg.SecureCookies, baseURL: cfg.BaseURL, decoyHash: decoyHash, csrfSecret: newCSRFSecret(), log: cfg.Logger, pages: loadPages(cfg.Organisation), echo: e,
		invitations: cfg.Invitations, resumeDays: cfg.ResumeDays, submissions: cfg.Submissions,
	}
	if s.resumeDays == 0 {
		s.resumeDays = DefaultResumeDays
	}
	if s.sessions == (store.SessionLimits{}) {
		s.sessions = store.DefaultSessionLimits
	}
	if s.baseURL == "" {
		s.baseURL = DefaultBaseURL
	}
	if s.results == nil {
		s.results = results.NewService(db)
	}
	if s.submissions == nil {
		s.submissions = submission.New(db)
	}
	if s.invitations == nil {
		s.invitations = invite.New(invite.Config{DB: db, BaseURL: s.baseURL})
	}
	if s.catalogue == nil {
		s.catalogue, _ = survey.NewCatalogue(nil) // no files, no error
	}
	loginRate := cfg.LoginRate
	if loginRate == 0 {
		loginRate = 10
	}
	submitRate := cfg.SubmitRate
	if submitRate == 0 {
		submitRate = 30
	}
	limitSubmit := limitSubmissions(submitRate)
	e.HTTPErrorHandler = s.handleError

	e.Use(s.logRequests, middleware.Recover(), s.securityHeaders, refuseCrossOrigin, limitBody)
	csrf := s.checkCSRF

	e.GET("/healthz", s.healthz)
	e.GET("/static/*", s.staticShow)

	e.GET("/favicon.ico", s.faviconShow)

	// The respondent pages: every post is answered with a redirect, so
	// Back and Forward never send a form again.
	e.GET("/s/:code", s.surveyStart, csrf)
	e.POST("/s/:code", s.surveyBegin, csrf)
	e.GET("/s/:code/sections/:n", s.surveySectionShow, csrf)
	e.POST("/s/:code/sections/:n", s.surveySectionUpdate, csrf)
	e.GET("/s/:code/check", s.surveyCheckShow, csrf)
	e.POST("/s/:code/check", s.surveyCheckSubmit, csrf, limitSubmit)
	e.GET("/s/:code/saved", s.surveySaved, csrf)
	e.GET("/resume", s.surveyResumeForm)
	e.GET("/resume/:secret", s.surveyResume)
	e.GET("/thanks", s.surveyThanks)
	e.GET("/anonymity", s.anonymityShow)
	e.GET("/you-said-we-did", s.youSaidWeDid)

	e.GET("/api/v1/surveys/:code", s.apiSurveyShow)
	e.POST("/api/v1/responses", s.apiResponseCreate, limitSubmit)

	e.GET("/api/v1/waves/:id/results", s.apiResultsShow, s.requireToken)
	e.GET("/api/v1/waves/:id/comments", s.apiCommentsList, s.requireToken)
	e.GET("/api/v1/waves/:id/compare/:other", s.apiCompareShow, s.requireToken)
	e.GET("/api/v1/surveys/:code/trend", s.apiTrendShow, s.requireToken)
	e.GET("/api/v1/actions", s.apiActionsList, s.requireToken)
	e.GET("/api/v1/actions/:id", s.apiActionShow, s.requireToken)
	e.POST("/api/v1/actions", s.apiActionCreate, s.requireToken, requireAdmin)
	e.PUT("/api/v1/actions/:id", s.apiActionUpdate, s.requireToken, requireAdmin)
	e.DELETE("/api/v1/actions/:id", s.apiActionDelete, s.requireToken, requireAdmin)

	// Staff pages: a session, and CSRF on every form.
	limitLogins := middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(float64(loginRate) / 60), Burst: loginRate, ExpiresIn: 10 * time.Minute,
		}),
		DenyHandler: func(echo.Context, string, error) error {
			return echo.NewHTTPError(http.StatusTooManyRequests, "There have been too many attempts to sign in from here. Wait a few minutes, then try again.")
		},
	})
	e.GET("/login", s.loginShow, csrf)
	e.POST("/login", s.loginCreate, limitLogins, csrf)
	e.POST("/logout", s.logout, csrf)
	e.GET("/", func(c echo.Context) error { return c.Redirect(http.StatusSeeOther, "/dashboard") })

	staff := []echo.MiddlewareFunc{s.requireSession, csrf}
	e.GET("/dashboard", s.dashboardWaves, staff...)
	e.GET("/waves/:id", s.dashboardWave, staff...)
	e.GET("/waves/:id/themes/:theme", s.dashboardTheme, staff...)
	e.GET("/waves/:id/breakdown", s.dashboardBreakdown, staff...)
	e.GET("/waves/:id/comments", s.dashboardComments, staff...)
	e.GET("/waves/:id/workload", s.dashboardWorkload, staff...)
	e.GET("/waves/:id/heatmap", s.dashboardHeatmap, staff...)
	e.GET("/waves/:id/response-rates", s.dashboardResponseRates, staff...)
	e.GET("/waves/:id/drivers", s.dashboardDrivers, staff...)
	e.GET("/waves/:id/results.csv", s.dashboardExport, staff...)
	e.GET("/waves/:id/results.xlsx", s.dashboardExportXLSX, staff...)
	e.GET("/waves/:id/charts/:chart", s.dashboardChart, staff...)
	e.GET("/surveys/:survey/charts/:chart", s.dashboardTrendChart, staff...)
	e.GET("/surveys/:survey/compare", s.dashboardCompare, staff...)
	e.GET("/surveys/:survey/report", s.dashboardReport, staff...)
	e.GET("/actions", s.actionsList, staff...)

	admin := []echo.MiddlewareFunc{s.requireSession, requireAdmin, csrf}
	e.GET("/admin/waves", s.adminWaves, admin...)
	e.POST("/admin/waves", s.adminWaveOpen, admin...)
	e.GET("/admin/waves/:id/close", s.adminWaveCloseShow, admin...)
	e.POST("/admin/waves/:id/close", s.adminWaveClose, admin...)
	e.POST("/admin/waves/:id/reopen", s.adminWaveReopen, admin...)
	e.POST("/admin/waves/:id/headcount", s.adminWaveHeadcount, admin...)
	e.POST("/admin/waves/:id/group-headcounts", s.adminWaveGroupHeadcounts, admin...)
	e.POST("/admin/waves/:id/codes", s.adminWaveCodes, admin...)
	e.GET("/admin/waves/:id/invitations", s.adminInvitationsShow, admin...)
	e.POST("/admin/waves/:id/invitations", s.adminInvitationsCreate, admin...)
	e.POST("/admin/waves/:id/invitations/settings", s.adminInvitationSettingsUpdate, admin...)
	e.POST("/admin/waves/:id/reminders", s.adminRemindersCreate, admin...)
	e.GET("/admin/accounts", s.adminAccounts, admin...)
	e.POST("/admin/accounts", s.adminAccountCreate, admin...)
	e.POST("/admin/accounts/password", s.adminAccountPassword, admin...)
	// Access can be taken away: roles, disabling, deleting, API tokens; and
	// everyone changes their own password, limited like signing in since it
	// checks a password.
	e.POST("/admin/accounts/role", s.adminAccountRole, admin...)
	e.POST("/admin/accounts/disable", s.adminAccountDisable, admin...)
	e.POST("/admin/accounts/enable", s.adminAccountEnable, admin...)
	e.POST("/admin/accounts/delete", s.adminAccountDelete, admin...)
	e.POST("/admin/tokens/revoke", s.adminTokenRevoke, admin...)
	e.GET("/account/password", s.accountPasswordShow, staff...)
	e.POST("/account/password", s.accountPasswordUpdate, s.requireSession, limitLogins, csrf)
	e.GET("/admin/audit", s.adminAudit, admin...)
	e.GET("/admin/actions/new", s.actionNew, admin...)
	e.POST("/admin/actions", s.actionCreate, admin...)
	e.GET("/admin/actions/:id", s.actionEdit, admin...)
	e.POST("/admin/actions/:id", s.actionUpdate, admin...)
	e.POST("/admin/actions/:id/delete", s.actionDelete, admin...)
	return s
}

// decoyHash is a bcrypt hash, at the cost real ones have, of a password
// nobody has.
const decoyHash = "$2a$12$AgmUZ7ODq8jWwfJLbGB5NOcfHoCPTxpHQhJsWNnRc2wyDPEZ8bqFO"

// clientAddress says where a request came from. The address serves the
// sign-in rate limit only: it is never logged or stored. A forwarded
// address is believed only from a trusted proxy, and only the proxies
// named are trusted, not Echo's default of every private network.
func clientAddress(trusted []netip.Prefix) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	options := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range trusted {
		p = p.Masked()
		options = append(options, echo.TrustIPRange(&net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
	}
	return echo.ExtractIPFromXFFHeader(options...)
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// healthz answers 200 only when the database can store answers: the file
// at its path is the one opened, and a write reaches the disk.
func (s *Server) healthz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 5*time.Second)
	defer cancel()
	if err := s.db.Health(ctx); err != nil {
		s.log.Error("health check failed", "err", err, "cause", errors.Unwrap(err))
		c.Response().Header().Set("Retry-After", retryAfterSeconds)
		return c.String(http.StatusServiceUnavailable, "database unavailable: answers cannot be stored\n")
	}
	return c.String(http.StatusOK, "ok\n")
}

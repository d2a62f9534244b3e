package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/survey"
)

const (
	// browserCookie is a random value a browser without a session is
	// given, for its forms' tokens to be bound to. It is stored nowhere.
	browserCookie = "sayso_csrf"
	csrfField     = "_csrf"
	csrfKey       = "csrf"
)

const formExpired = "This form has expired or did not come from this site. Go back, reload the page and try again."

// errFormExpired refuses a form without its token; the error pages know
// it by identity, to title it "Form expired".
var errFormExpired = echo.NewHTTPError(http.StatusForbidden, formExpired)

// newCSRFSecret makes the key tokens are signed with. It is held in memory
// only: a restart expires the forms open at the time, and reloading the
// page gives a new one.
func newCSRFSecret() []byte {
	secret := make([]byte, 32)
	rand.Read(secret) // never fails: it crashes the program instead
	return secret
}

// cookieName is a cookie's name as set and read. Behind HTTPS it carries
// the __Host- prefix, so a browser takes it only from this very host, over
// HTTPS, for the whole site: no sibling subdomain or plain-HTTP page can
// plant one.
func (s *Server) cookieName(base string) string {
	if s.secureCookies {
		return "__Host-" + base
	}
	return base
}

// checkCSRF gives each page the token its forms must send back, and
// refuses a request that changes anything without it. The token is an
// HMAC, under the server's secret, of the session id, or before sign-in of
// the browser's random cookie: nobody can make one without the secret, and
// one made for another browser's cookie does not fit.
func (s *Server) checkCSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		token := s.csrfTokenFor(c)
		c.Set(csrfKey, token)
		r := c.Request()
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		if err := parseForm(r); err != nil {
			return survey.Errorf(survey.ErrInvalid, "The form could not be read. Go back, reload the page and try again.")
		}
		if !hmac.Equal([]byte(r.PostForm.Get(csrfField)), []byte(token)) {
			return errFormExpired
		}
		return next(c)
	}
}

// parseForm reads a form, with files (a staff list) when it has any. The
// body is at most MaxBodyBytes, so a file is held in memory whole and
// never written to a temporary file on disk.
func parseForm(r *http.Request) error {
	if mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mediaType == "multipart/form-data" {
		return r.ParseMultipartForm(MaxBodyBytes)
	}
	return r.ParseForm()
}

// csrfTokenFor is the token for the cookie a request is bound to: its
// session's, else its browser cookie, which a browser without one is
// given here.
func (s *Server) csrfTokenFor(c echo.Context) string {
	if cookie, err := c.Cookie(s.cookieName(sessionCookie)); err == nil && cookie.Value != "" {
		return s.signCSRF("session", cookie.Value)
	}
	if cookie, err := c.Cookie(s.cookieName(browserCookie)); err == nil && cookie.Value != "" {
		return s.signCSRF("browser", cookie.Value)
	}
	value := rand.Text()
	c.SetCookie(&http.Cookie{
		Name: s.cookieName(browserCookie), Value: value, Path: "/", HttpOnly: true,
		Secure: s.secureCookies || c.IsTLS(), SameSite: http.SameSiteStrictMode,
	})
	return s.signCSRF("browser", value)
}

// signCSRF signs a cookie's value; the kind keeps a session id and a
// browser cookie of the same value apart.
func (s *Server) signCSRF(kind, value string) string {
	mac := hmac.New(sha256.New, s.csrfSecret)
	mac.Write([]byte(kind + "\x00" + value))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// csrfToken is the token a page's forms must send back.
func csrfToken(c echo.Context) string {
	token, _ := c.Get(csrfKey).(string)
	return token
}

// crossOrigin refuses what a browser says came from another site or
// origin (Sec-Fetch-Site, else Origin against Host) unless the method is
// safe; requests from programs, which send neither, pass.
var crossOrigin = http.NewCrossOriginProtection()

func refuseCrossOrigin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := crossOrigin.Check(c.Request()); err != nil {
			return echo.NewHTTPError(http.StatusForbidden, "This request came from another site, so it was refused. Go to this site's own page and try again there.")
		}
		return next(c)
	}
}

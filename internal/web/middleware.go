package web

import (
	"bytes"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/survey"
)

// contentSecurityPolicy allows no script at all, styles and images from
// this site only, forms that post back here, and no framing.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// strictTransportSecurity tells browsers to come back over HTTPS only, for
// a year; it is sent only when the server is said to be behind HTTPS.
const strictTransportSecurity = "max-age=31536000; includeSubDomains"

func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		// Survey URLs carry codes: never send them on to another site.
		h.Set("Referrer-Policy", "no-referrer")
		if s.secureCookies {
			h.Set("Strict-Transport-Security", strictTransportSecurity)
		}
		return next(c)
	}
}

// limitBody reads every request body whole, up to MaxBodyBytes, before
// anything else sees it: a body over the limit is 413 whether its length
// was declared or it came in chunks, and no form or JSON reader later can
// meet the limit halfway and answer otherwise.
func limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Body == nil || r.Body == http.NoBody {
			return next(c)
		}
		if r.ContentLength > MaxBodyBytes {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		// One buffer of the declared length, when there is one, takes it.
		buf := bytes.NewBuffer(make([]byte, 0, max(r.ContentLength, 0)+bytes.MinRead))
		_, err := buf.ReadFrom(http.MaxBytesReader(c.Response(), r.Body, MaxBodyBytes))
		body := buf.Bytes()
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		if err != nil {
			return survey.Errorf(survey.ErrInvalid, "the request body could not be read")
		}
		r.Body, r.ContentLength = &readBody{Reader: bytes.NewReader(body), whole: body}, int64(len(body))
		return next(c)
	}
}

// readBody is a request body limitBody has read whole.
type readBody struct {
	*bytes.Reader
	whole []byte
}

func (*readBody) Close() error { return nil }

// unread is what a reader of the body has not read yet, without a copy.
func (b *readBody) unread() []byte { return b.whole[len(b.whole)-b.Len():] }

// logRequests writes one line per request with the route pattern, never the
// path itself (which may hold an invitation code), nor any address or agent.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		route := c.Path()
		if route == "" {
			route = "(no route)"
		}
		s.log.Info("request", "method", c.Request().Method, "route", route,
			"status", c.Response().Status, "ms", time.Since(start).Milliseconds())
		return nil
	}
}

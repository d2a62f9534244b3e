package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

// limitSubmissions bounds how many responses one address may send a
// minute, with a burst of as many: anyone holding a wave's link can answer
// again and again, and each answer costs disk. Addresses are counted in
// memory only (and forgotten after ten idle minutes), never logged or
// stored. It is set on the routes that store a response only, not on the
// steps between pages.
func limitSubmissions(perMinute int) echo.MiddlewareFunc {
	limit := middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(float64(perMinute) / 60), Burst: perMinute, ExpiresIn: 10 * time.Minute,
		}),
		ErrorHandler: func(echo.Context, error) error {
			return echo.NewHTTPError(http.StatusBadRequest, "The address this request came from could not be read.")
		},
		DenyHandler: func(echo.Context, string, error) error {
			return echo.NewHTTPError(http.StatusTooManyRequests, "Too many responses have been sent from this address in the last minute. Nothing was saved: wait a minute, then send your answers again.")
		},
	})
	return limit
}

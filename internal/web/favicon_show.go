package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/static"
)

// faviconShow answers the icon every browser asks for, so that the
// request is not a 404 in the log on every first visit.
func (s *Server) faviconShow(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	http.ServeFileFS(c.Response(), c.Request(), static.FS, "favicon.ico")
	return nil
}

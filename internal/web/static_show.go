package web

import (
	"io/fs"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/static"
)

// staticShow answers GET /static/*: one embedded file. A folder, or a
// name that is not a clean path, is not found, so nothing lists what is
// there.
func (s *Server) staticShow(c echo.Context) error {
	name := c.Param("*")
	info, err := fs.Stat(static.FS, name)
	if err != nil || info.IsDir() {
		return echo.ErrNotFound
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeFileFS(c.Response(), c.Request(), static.FS, name)
	return nil
}

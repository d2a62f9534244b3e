package web

import (
	"bytes"
	"embed"
	"html/template"

	"github.com/labstack/echo/v4"
)

//go:embed templates/*.html
var templateFiles embed.FS

// pageNames are the pages, each a template file that defines "content"
// inside the shared layout, with the shared partials.
var pageNames = []string{"error", "start", "section", "check", "thanks"}

type pages struct {
	byName map[string]*template.Template
}

// loadPages parses every page once, at start-up; a broken template stops
// the program there rather than on a respondent's request.
func loadPages() *pages {
	p := &pages{byName: make(map[string]*template.Template)}
	for _, name := range pageNames {
		p.byName[name] = template.Must(template.ParseFS(templateFiles, "templates/layout.html", "templates/partials.html", "templates/"+name+".html"))
	}
	return p
}

// layout is what every page shows around its content; every page's data
// embeds it.
type layout struct {
	PageTitle string
	Service   string
	HasErrors bool
}

// render writes a page whole or not at all: it is executed into a buffer
// first, so a template failure becomes a clean error page.
func (s *Server) render(c echo.Context, status int, name string, data any) error {
	var buf bytes.Buffer
	if err := s.pages.byName[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}

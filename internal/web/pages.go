package web

import (
	"bytes"
	"embed"
	"html/template"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/account"
	"github.com/sayso/sayso/internal/report"
)

//go:embed templates/*.html
var templateFiles embed.FS

// respondentPages and staffPages are the pages, each a template file
// that defines "content" inside its layout, with the shared partials.
// Staff pages have the dashboard's navigation and its own styles.
var (
	respondentPages = []string{"error", "start", "section", "check", "thanks", "saved", "resume", "anonymity", "you_said_we_did"}
	staffPages      = []string{"login", "waves", "wave", "theme", "breakdown", "comments", "workload", "heatmap", "response_rates", "drivers", "compare", "actions", "action_form", "admin_waves", "admin_wave_close", "admin_invitations", "admin_accounts", "admin_audit", "account_password", "staff_error", "action_wave"}
)

type pages struct {
	byName map[string]*template.Template
}

// loadPages parses every page once, at start-up; a broken template stops
// the program there rather than on a respondent's request. The respondent
// pages say which organisation runs the survey.
func loadPages(org Organisation) *pages {
	p := &pages{byName: make(map[string]*template.Template)}
	orgFunc := template.FuncMap{"org": func() Organisation { return org }}
	for _, name := range respondentPages {
		p.byName[name] = template.Must(template.New(name).Funcs(templateFuncs).Funcs(orgFunc).ParseFS(templateFiles, "templates/layout.html", "templates/partials.html", "templates/"+name+".html"))
	}
	for _, name := range staffPages {
		p.byName[name] = template.Must(template.New(name).Funcs(templateFuncs).Funcs(report.Funcs).ParseFS(templateFiles, "templates/staff.html", "templates/partials.html", "templates/staff_partials.html", "templates/"+name+".html"))
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

// staffLayout is what every staff page shows around its content.
type staffLayout struct {
	PageTitle string
	Service   string
	HasErrors bool
	Account   *account.Account // nil before signing in
	IsAdmin   bool
	CSRF      string
	Nav       string // the navigation item that is current
}

func (s *Server) staffLayout(c echo.Context, title, nav string) staffLayout {
	a := currentAccount(c)
	return staffLayout{PageTitle: title, Service: "Sayso", Account: a, IsAdmin: a != nil && a.Role == account.Admin, CSRF: csrfToken(c), Nav: nav}
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

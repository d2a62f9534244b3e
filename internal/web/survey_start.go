package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

type startPage struct {
	layout
	Code, CSRF   string
	WaveName     string
	Title        string
	Intro        []string
	MinGroupSize int
	Sections     int
	Invitation   bool
}

// surveyStart shows the start page of the survey a code opens, with the
// privacy promise.
func (s *Server) surveyStart(c echo.Context) error {
	entry, err := s.db.Enter(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	def := entry.Wave.Definition
	return s.render(c, http.StatusOK, "start", startPage{
		layout: layout{PageTitle: def.Title, Service: def.Title},
		Code:   c.Param("code"), CSRF: csrfToken(c),
		WaveName: entry.Wave.Name, Title: def.Title, Intro: paragraphs(def.Intro),
		MinGroupSize: def.MinGroupSize, Sections: len(def.Sections), Invitation: entry.Invitation,
	})
}

// paragraphs splits text written in YAML into its paragraphs.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

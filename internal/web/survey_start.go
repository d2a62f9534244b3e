package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/ukdate"
)

type startPage struct {
	layout
	CSRF         string
	Action       string
	WaveName     string
	Title        string
	Intro        []string
	MinGroupSize int
	Sections     int
	Invitation   bool
	ResumeDays   int
	// Resume is the page to go on from, when answers are saved on this
	// device; SavedUntil the last day they are kept.
	Resume, SavedUntil string
}

// surveyStart shows the start page of the survey a code opens, with the
// privacy promise, and the way back in to answers saved on this device.
func (s *Server) surveyStart(c echo.Context) error {
	r, err := s.respondentFor(c)
	if err != nil {
		return err
	}
	def := r.entry.Wave.Definition
	p := startPage{
		layout: layout{PageTitle: def.Title, Service: def.Title},
		CSRF:   csrfToken(c), Action: surveyPath(r.state.Code),
		WaveName: r.entry.Wave.Name, Title: def.Title, Intro: paragraphs(def.Intro),
		MinGroupSize: def.MinGroupSize, Sections: len(def.Sections), Invitation: r.entry.Invitation,
		ResumeDays: s.resumeDays,
	}
	if r.saved {
		p.Resume, p.SavedUntil = pagePath(r.state.Code, r.state.At), ukdate.Long(r.expiresOn)
	}
	return s.render(c, http.StatusOK, "start", p)
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

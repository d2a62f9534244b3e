package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/ukdate"
)

type savedPage struct {
	layout
	SavedUntil string
	ResumeLink string
	ResumeCode string
	Continue   string
}

// surveySaved tells a respondent who stopped how to come back: the same
// link on this device, or the resume link, which holds their key, on any.
func (s *Server) surveySaved(c echo.Context) error {
	r, err := s.respondentFor(c)
	if err != nil {
		return err
	}
	if !r.saved {
		return c.Redirect(http.StatusSeeOther, surveyPath(r.state.Code))
	}
	code := r.secret.String()
	return s.render(c, http.StatusOK, "saved", savedPage{
		layout:     layout{PageTitle: "Your answers have been saved", Service: r.entry.Wave.Definition.Title},
		SavedUntil: ukdate.Long(r.expiresOn), ResumeLink: s.baseURL + "/resume/" + code, ResumeCode: code,
		Continue: pagePath(r.state.Code, r.state.At),
	})
}

package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

type sectionPage struct {
	layout
	CSRF         string
	Action       string
	Number, Of   int
	Title, Intro string
	Questions    []questionView
	Errors       []summaryError
}

type summaryError struct{ Anchor, Message string }

// surveySectionShow shows one section with the answers saved so far, and
// its errors when it was last sent with something wrong. Every section is
// reached by a redirect after a post, so Back and Forward only ever load
// pages, never send a form again.
func (s *Server) surveySectionShow(c echo.Context) error {
	r, err := s.respondentFor(c)
	if err != nil {
		return err
	}
	if !r.saved {
		return c.Redirect(http.StatusSeeOther, surveyPath(r.state.Code))
	}
	i, err := sectionParam(c, r.entry.Wave.Definition)
	if err != nil {
		return err
	}
	f, err := r.form()
	if err != nil {
		return err
	}
	returnToCheck := c.QueryParam("return") == checkPageName
	visible := f.visibleSections()
	number := 0
	for n, v := range visible {
		if v == i {
			number = n + 1
		}
	}
	if number == 0 {
		// Not asked, given the answers so far: on to the next that is.
		if next := f.neighbour(i, 1); next >= 0 && !returnToCheck {
			return c.Redirect(http.StatusSeeOther, sectionPath(r.state.Code, next))
		}
		return c.Redirect(http.StatusSeeOther, pagePath(r.state.Code, checkPageName))
	}
	var problems map[string]string
	section := f.def.Sections[i]
	if r.failed(strconv.Itoa(i)) {
		problems = f.check(section.Questions)
	}
	action := sectionPath(r.state.Code, i)
	if returnToCheck {
		action += "?return=" + checkPageName
	}
	p := sectionPage{
		layout: layout{PageTitle: section.Title, Service: f.def.Title, HasErrors: len(problems) > 0},
		CSRF:   csrfToken(c), Action: action,
		Number: number, Of: len(visible), Title: section.Title, Intro: section.Intro,
	}
	for _, q := range f.visibleQuestions(section.Questions) {
		v := f.questionView(q, problems[q.ID])
		p.Questions = append(p.Questions, v)
		if v.Error != "" {
			p.Errors = append(p.Errors, summaryError{Anchor: v.Target, Message: v.Error})
		}
	}
	return s.render(c, http.StatusOK, "section", p)
}

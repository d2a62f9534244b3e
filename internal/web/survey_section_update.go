package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/survey"
)

// surveySectionUpdate takes one section's answers, saves them sealed with
// the rest, and redirects: to the next page (Continue), the page before
// (Back), the same page with its errors, or the page saying how to come
// back (Save and come back later). Nothing is stored as a response here.
func (s *Server) surveySectionUpdate(c echo.Context) error {
	r, err := s.respondentFor(c)
	if err != nil {
		return err
	}
	def := r.entry.Wave.Definition
	i, err := sectionParam(c, def)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return survey.Errorf(survey.ErrInvalid, "The form could not be read.")
	}
	section := def.Sections[i]
	onPage := make(map[string]bool)
	for _, q := range section.Questions {
		onPage[survey.FieldName(q.ID)] = true
	}
	merged := make(map[string][]string)
	for name, vs := range r.state.Values {
		if !onPage[name] {
			merged[name] = vs
		}
	}
	for name, vs := range form {
		if !strings.HasPrefix(name, "q.") {
			continue
		}
		if _, ok := def.Question(strings.TrimPrefix(name, "q.")); !ok {
			return survey.Errorf(survey.ErrInvalid, "The form has an answer to a question this survey does not ask.")
		}
		if !onPage[name] {
			return survey.Errorf(survey.ErrInvalid, "The form has an answer to a question that is not on this page.")
		}
		merged[name] = vs
	}
	f, err := readAnswersForm(def, merged)
	if err != nil {
		return err
	}
	r.state.Values = f.values
	returnToCheck := c.QueryParam("return") == checkPageName
	page := strconv.Itoa(i)
	var to string
	switch form.Get("_go") {
	case "next":
		failed := len(f.check(section.Questions)) > 0
		r.setFailed(page, failed)
		switch next := f.neighbour(i, 1); {
		case failed && returnToCheck:
			to = sectionPath(r.state.Code, i) + "?return=" + checkPageName
		case failed:
			to = sectionPath(r.state.Code, i)
		case next >= 0 && !returnToCheck:
			r.state.At = strconv.Itoa(next)
			to = sectionPath(r.state.Code, next)
		default:
			r.state.At = checkPageName
			to = pagePath(r.state.Code, checkPageName)
		}
	case "back":
		switch prev := f.neighbour(i, -1); {
		case returnToCheck:
			r.state.At = checkPageName
		case prev >= 0:
			r.state.At = strconv.Itoa(prev)
		default:
			r.state.At = page
			to = surveyPath(r.state.Code)
		}
		if to == "" {
			to = pagePath(r.state.Code, r.state.At)
		}
	case "save":
		r.state.At = page
		to = surveyPath(r.state.Code) + "/saved"
	default:
		return survey.Errorf(survey.ErrInvalid, "The form was sent without pressing one of its buttons.")
	}
	if err := s.save(c, r); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, to)
}

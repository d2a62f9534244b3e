package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// surveyBegin answers "Start now": it saves the respondent's (empty)
// answers, sealed, and sends them to the first section. Answers already
// saved on this device are kept.
func (s *Server) surveyBegin(c echo.Context) error {
	r, err := s.respondentFor(c)
	if err != nil {
		return err
	}
	f, err := r.form()
	if err != nil {
		return err
	}
	first := firstOf(f.visibleSections())
	if !r.saved {
		r.state.At = strconv.Itoa(first)
	}
	if err := s.save(c, r); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, sectionPath(r.state.Code, first))
}

func firstOf(sections []int) int {
	if len(sections) == 0 {
		return 0
	}
	return sections[0]
}

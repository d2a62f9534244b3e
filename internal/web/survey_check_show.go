package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/survey"
)

type checkPage struct {
	layout
	CSRF     string
	Action   string
	Token    string
	Sections []checkSection
	Errors   []summaryError
}

type checkSection struct {
	Title  string
	Change string // the section's page, coming back here
	Rows   []checkRow
}

type checkRow struct {
	Question string
	Answer   []string
	Error    string
}

// surveyCheckShow shows every answer before it is sent, with the
// submission token the form must carry: made once per respondent, so
// however often the page is shown or its form sent, one response is stored.
func (s *Server) surveyCheckShow(c echo.Context) error {
	r, err := s.respondentFor(c)
	if err != nil {
		return err
	}
	if !r.saved {
		return c.Redirect(http.StatusSeeOther, surveyPath(r.state.Code))
	}
	f, err := r.form()
	if err != nil {
		return err
	}
	if r.state.Token == "" {
		if r.state.Token, err = s.db.IssueSubmissionToken(c.Request().Context(), r.entry.Wave.ID, progressExpiry(r.entry.Wave, time.Now(), s.resumeDays)); err != nil {
			return err
		}
		if err := s.save(c, r); err != nil {
			return err
		}
	}
	var problems map[string]string
	if r.failed(checkPageName) {
		problems = f.check(f.def.Questions())
	}
	p := checkPage{
		layout: layout{PageTitle: "Check your answers", Service: f.def.Title, HasErrors: len(problems) > 0},
		CSRF:   csrfToken(c), Action: pagePath(r.state.Code, checkPageName), Token: r.state.Token,
	}
	for _, i := range f.visibleSections() {
		section := f.def.Sections[i]
		change := sectionPath(r.state.Code, i) + "?return=" + checkPageName
		cs := checkSection{Title: section.Title, Change: change}
		for _, q := range f.visibleQuestions(section.Questions) {
			a, answered := f.answers[q.ID]
			row := checkRow{Question: q.Label(), Answer: display(q, a, answered), Error: problems[q.ID]}
			if row.Error != "" {
				p.Errors = append(p.Errors, summaryError{Anchor: change + "#" + questionTarget(q), Message: row.Error})
			}
			cs.Rows = append(cs.Rows, row)
		}
		p.Sections = append(p.Sections, cs)
	}
	return s.render(c, http.StatusOK, "check", p)
}

// questionTarget is where a link to a question lands: its fieldset, whose
// legend comes first, or its field.
func questionTarget(q *survey.Question) string {
	switch q.Type {
	case survey.Number, survey.Text:
		return "q-" + q.ID
	}
	return "q-" + q.ID + "-fieldset"
}

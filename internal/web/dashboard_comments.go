package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/report"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/survey"
)

type commentGroup struct {
	Question string
	Comments []commentView
}

// commentView is a comment with the titles of the themes it is tagged
// with.
type commentView struct {
	Comment results.Comment
	Themes  []string
}

type commentOption struct {
	Value, Label string
	Selected     bool
}

type commentsPage struct {
	staffLayout
	*results.WaveComments
	Tabs     waveNav
	Coverage string
	Filter   results.CommentFilter
	Filtered bool
	// Questions and Themes are the choices of the filter form.
	Questions []commentOption
	Themes    []commentOption
	// Flagged are the comments that may need safeguarding attention, read
	// first; Groups the others, by question.
	Flagged []commentView
	Groups  []commentGroup
	Matched int
}

// commentFilterParam reads the comment filter from the query: q (words
// to search for), question, theme, and flagged=yes.
func commentFilterParam(c echo.Context, def *survey.Definition) (results.CommentFilter, error) {
	q := c.QueryParams()
	for _, name := range []string{"q", "question", "theme", "flagged"} {
		if len(q[name]) > 1 {
			return results.CommentFilter{}, survey.Errorf(survey.ErrInvalid, "give %s once", name)
		}
	}
	f := results.CommentFilter{Search: strings.TrimSpace(q.Get("q")), Question: q.Get("question"), Theme: q.Get("theme")}
	switch q.Get("flagged") {
	case "":
	case "yes":
		f.Flagged = true
	default:
		return f, survey.Errorf(survey.ErrInvalid, "flagged=%q: give flagged=yes, or leave it out", q.Get("flagged"))
	}
	return f, f.Check(def)
}

// dashboardComments answers GET /waves/:id/comments[?q=&question=&theme=&flagged=yes]:
// the published comments to work through, those that may need
// safeguarding attention first.
func (s *Server) dashboardComments(c echo.Context) error {
	wave, err := s.waveParam(c)
	if err != nil {
		return err
	}
	ctx, id := c.Request().Context(), wave.ID
	def := wave.Definition
	filter, err := commentFilterParam(c, def)
	if err != nil {
		return err
	}
	comments, err := s.results.CommentsOf(ctx, wave)
	if err != nil {
		return err
	}
	// The comments come from the same publication as the figures, which
	// says how many responses it covers.
	r, err := s.results.ResultsOf(ctx, wave, nil)
	if err != nil {
		return err
	}
	page := commentsPage{staffLayout: s.staffLayout(c, "Comments – "+comments.Wave.Name, "results"), WaveComments: comments, Tabs: waveNav{id, "comments"}, Coverage: report.CoverageOf(r).Sentence(),
		Filter: filter, Filtered: filter != results.CommentFilter{}}
	titles := map[string]string{}
	for _, q := range def.Questions() {
		if q.Type == survey.Text {
			page.Questions = append(page.Questions, commentOption{q.ID, q.Label(), q.ID == filter.Question})
		}
	}
	for _, t := range def.Themes {
		titles[t.ID] = t.Title
		if len(t.Keywords) > 0 {
			page.Themes = append(page.Themes, commentOption{t.ID, t.Title, t.ID == filter.Theme})
		}
	}
	view := func(cm results.Comment) commentView {
		v := commentView{Comment: cm}
		for _, id := range cm.Themes {
			v.Themes = append(v.Themes, titles[id])
		}
		return v
	}
	matched := filter.Filter(comments.Comments)
	page.Matched = len(matched)
	for _, cm := range matched {
		if cm.Safeguarding {
			page.Flagged = append(page.Flagged, view(cm))
		}
	}
	for _, q := range def.Questions() {
		group := commentGroup{Question: q.Text}
		for _, cm := range matched {
			if cm.Question == q.ID && !cm.Safeguarding {
				group.Comments = append(group.Comments, view(cm))
			}
		}
		if len(group.Comments) > 0 {
			page.Groups = append(page.Groups, group)
		}
	}
	return s.render(c, http.StatusOK, "comments", page)
}

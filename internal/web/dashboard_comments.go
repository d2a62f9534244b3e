package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/report"
	"github.com/sayso/sayso/internal/results"
)

type commentGroup struct {
	Question string
	Comments []string
}

type commentsPage struct {
	staffLayout
	*results.WaveComments
	Tabs     waveNav
	Coverage string
	Groups   []commentGroup
}

// dashboardComments answers GET /waves/:id/comments.
func (s *Server) dashboardComments(c echo.Context) error {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	comments, err := s.results.Comments(ctx, id)
	if err != nil {
		return err
	}
	wave, err := s.db.Wave(ctx, id)
	if err != nil {
		return err
	}
	// The comments come from the same publication as the figures, which
	// says how many responses it covers.
	r, err := s.results.Results(ctx, id, nil)
	if err != nil {
		return err
	}
	page := commentsPage{staffLayout: s.staffLayout(c, "Comments – "+comments.Wave.Name, "results"), WaveComments: comments, Tabs: waveNav{id, "comments"}, Coverage: report.CoverageOf(r).Sentence()}
	for _, q := range wave.Definition.Questions() {
		group := commentGroup{Question: q.Text}
		for _, cm := range comments.Comments {
			if cm.Question == q.ID {
				group.Comments = append(group.Comments, cm.Text)
			}
		}
		if len(group.Comments) > 0 {
			page.Groups = append(page.Groups, group)
		}
	}
	return s.render(c, http.StatusOK, "comments", page)
}

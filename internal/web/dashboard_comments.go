package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/results"
)

type commentGroup struct {
	Question string
	Comments []string
}

type commentsPage struct {
	staffLayout
	*results.WaveComments
	Tabs         waveNav
	MinGroupSize int
	Groups       []commentGroup
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
	page := commentsPage{staffLayout: s.staffLayout(c, "Comments – "+comments.Wave.Name, "results"), WaveComments: comments, Tabs: waveNav{id, "comments"}, MinGroupSize: wave.Definition.MinGroupSize}
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

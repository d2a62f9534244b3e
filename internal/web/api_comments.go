package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/results"
)

// apiCommentsList answers GET /api/v1/waves/:id/comments[?q=&question=&theme=&flagged=yes]:
// the comments the page lists, filtered the same way.
func (s *Server) apiCommentsList(c echo.Context) error {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	wave, err := s.db.Wave(ctx, id)
	if err != nil {
		return err
	}
	filter, err := commentFilterParam(c, wave.Definition)
	if err != nil {
		return err
	}
	comments, err := s.results.Comments(ctx, id)
	if err != nil {
		return err
	}
	if filter != (results.CommentFilter{}) {
		comments.Comments = filter.Filter(comments.Comments)
	}
	return c.JSON(http.StatusOK, comments)
}

package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/results"
)

// apiCommentsList answers GET /api/v1/waves/:id/comments[?q=&question=&theme=&flagged=yes]:
// the comments the page lists, filtered the same way.
func (s *Server) apiCommentsList(c echo.Context) error {
	wave, err := s.waveParam(c)
	if err != nil {
		return err
	}
	filter, err := commentFilterParam(c, wave.Definition)
	if err != nil {
		return err
	}
	comments, err := s.results.CommentsOf(c.Request().Context(), wave)
	if err != nil {
		return err
	}
	if filter != (results.CommentFilter{}) {
		comments.Comments = filter.Filter(comments.Comments)
	}
	return c.JSON(http.StatusOK, comments)
}

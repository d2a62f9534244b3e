package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiCommentsList answers GET /api/v1/waves/:id/comments.
func (s *Server) apiCommentsList(c echo.Context) error {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	comments, err := s.results.Comments(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, comments)
}

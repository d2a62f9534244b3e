package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/action"
	"github.com/sayso/sayso/internal/store"
)

// apiActionsList answers GET /api/v1/actions[?wave=ID]: every action, or
// one wave's, published or not.
func (s *Server) apiActionsList(c echo.Context) error {
	var filter store.ActionFilter
	if raw := c.QueryParam("wave"); raw != "" {
		id, err := parseID("wave", raw)
		if err != nil {
			return err
		}
		filter.WaveID = id
	}
	list, err := s.db.Actions(c.Request().Context(), filter)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*action.Action{}
	}
	return c.JSON(http.StatusOK, map[string]any{"actions": list})
}

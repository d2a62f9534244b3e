package web

import (
	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/action"
)

// readAction reads an action from a JSON body; the store holds it to the
// action's rules. The times and id in a body are not the caller's to set.
func (s *Server) readAction(c echo.Context) (*action.Action, error) {
	var a action.Action
	if err := decodeJSONRequest(c.Request(), &a, "an action"); err != nil {
		return nil, err
	}
	a.ID, a.CreatedAt, a.UpdatedAt = 0, "", ""
	return &a, nil
}

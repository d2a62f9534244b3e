package web

import (
	"fmt"
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

// apiActionShow answers GET /api/v1/actions/:id.
func (s *Server) apiActionShow(c echo.Context) error {
	id, err := actionIDParam(c)
	if err != nil {
		return err
	}
	a, err := s.db.Action(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

// apiActionCreate answers POST /api/v1/actions.
func (s *Server) apiActionCreate(c echo.Context) error {
	a, err := s.readAction(c)
	if err != nil {
		return err
	}
	if err := s.db.CreateAction(c.Request().Context(), a); err != nil {
		return err
	}
	if err := s.audit(c, "add action", actionDetail(a)); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, a)
}

// apiActionUpdate answers PUT /api/v1/actions/:id with the whole action.
func (s *Server) apiActionUpdate(c echo.Context) error {
	id, err := actionIDParam(c)
	if err != nil {
		return err
	}
	a, err := s.readAction(c)
	if err != nil {
		return err
	}
	a.ID = id
	if err := s.db.UpdateAction(c.Request().Context(), a); err != nil {
		return err
	}
	if err := s.audit(c, "change action", actionDetail(a)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

// apiActionDelete answers DELETE /api/v1/actions/:id.
func (s *Server) apiActionDelete(c echo.Context) error {
	id, err := actionIDParam(c)
	if err != nil {
		return err
	}
	if err := s.db.DeleteAction(c.Request().Context(), id); err != nil {
		return err
	}
	if err := s.audit(c, "delete action", fmt.Sprintf("action %d", id)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

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

func actionIDParam(c echo.Context) (int64, error) {
	return parseID("action", c.Param("id"))
}

func actionDetail(a *action.Action) string {
	return fmt.Sprintf("action %d %q of wave %d (%s, published %v)", a.ID, a.Title, a.WaveID, a.Status, a.Published)
}

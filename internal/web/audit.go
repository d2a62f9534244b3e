package web

import (
	"fmt"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/action"
)

// audit records an admin action by the signed-in account.
func (s *Server) audit(c echo.Context, action, detail string) error {
	return s.db.Audit(c.Request().Context(), currentAccount(c).Email, action, detail)
}

// actionDetail is how the audit log names an action, from the page and
// the API alike.
func actionDetail(a *action.Action) string {
	return fmt.Sprintf("action %d %q of wave %d (%s, published %v)", a.ID, a.Title, a.WaveID, a.Status, a.Published)
}

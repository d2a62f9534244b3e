package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/store"
)

type adminAuditPage struct {
	staffLayout
	Entries []store.AuditEntry
}

// adminAudit answers GET /admin/audit: the latest 500 admin actions.
func (s *Server) adminAudit(c echo.Context) error {
	entries, err := s.db.AuditLog(c.Request().Context(), 500)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "admin_audit", adminAuditPage{staffLayout: s.staffLayout(c, "Audit log", "audit"), Entries: entries})
}

package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// actionEdit answers GET /admin/actions/:id.
func (s *Server) actionEdit(c echo.Context) error {
	a, w, err := s.storedAction(c)
	if err != nil {
		return err
	}
	form := map[string]string{
		"title": a.Title, "staff_said": a.StaffSaid, "we_did": a.WeDid, "owner": a.Owner, "status": string(a.Status), "due": a.Due,
		"about": aboutValue(a), "published": strconv.FormatBool(a.Published),
	}
	return s.renderActionForm(c, http.StatusOK, w, a.ID, form, nil)
}

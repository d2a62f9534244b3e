package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/invite"
	"github.com/sayso/sayso/internal/survey"
)

// adminRemindersCreate answers POST /admin/waves/:id/reminders: a reminder
// now to every address whose code is unused, sent by the server's mail
// loop. The admin is told that it goes, never to whom.
func (s *Server) adminRemindersCreate(c echo.Context) error {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	if !s.invitations.CanSend() {
		return invite.ErrNoMailServer
	}
	w, err := s.db.Wave(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if w.Status(time.Now()) == survey.StatusClosed {
		return survey.Errorf(survey.ErrGone, "%s is closed, so it sends no reminders", w.Name)
	}
	if err := s.audit(c, "ask for reminders", fmt.Sprintf("wave %d", id)); err != nil {
		return err
	}
	s.invitations.AskReminder(id)
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/waves/%d/invitations?done=reminded", id))
}

package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/invite"
	"github.com/sayso/sayso/internal/survey"
)

// maxProblemsShown bounds the problems of a staff list listed on the page.
const maxProblemsShown = 50

// adminInvitationsCreate answers POST /admin/waves/:id/invitations: a staff
// list, stored whole and sent by the server's mail loop, or refused whole
// with every problem by line.
func (s *Server) adminInvitationsCreate(c echo.Context) error {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	refuse := func(status int, messages ...string) error {
		errs := make([]summaryError, len(messages))
		for i, m := range messages {
			errs[i] = summaryError{"staff_list", m}
		}
		return s.renderInvitations(c, status, errs, nil, "")
	}
	if !s.invitations.CanSend() {
		status, message := statusOf(invite.ErrNoMailServer)
		return refuse(status, upperFirst(message))
	}
	header, err := c.FormFile("staff_list")
	if err != nil {
		return refuse(http.StatusBadRequest, "Choose a CSV file of staff email addresses")
	}
	file, err := header.Open()
	if err != nil {
		return refuse(http.StatusBadRequest, "The file could not be read: choose it and upload it again")
	}
	data, err := io.ReadAll(file)
	file.Close()
	if err != nil {
		return refuse(http.StatusBadRequest, "The file could not be read: choose it and upload it again")
	}
	n, err := s.invitations.AddList(c.Request().Context(), currentAccount(c).Email, id, data)
	var problems invite.ListProblems
	switch {
	case errors.As(err, &problems):
		messages := []string{}
		for i, p := range problems {
			if i == maxProblemsShown {
				messages = append(messages, fmt.Sprintf("and %d more problems", len(problems)-maxProblemsShown))
				break
			}
			messages = append(messages, upperFirst(p.String()))
		}
		return refuse(http.StatusBadRequest, messages...)
	case survey.Code(err) == survey.ErrInvalid || survey.Code(err) == survey.ErrGone:
		status, message := statusOf(err)
		return refuse(status, upperFirst(message))
	case err != nil:
		return err
	}
	s.log.Info("staff list added", "wave", id, "addresses", n)
	s.invitations.Nudge()
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/waves/%d/invitations?done=added", id))
}

package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/invite"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

type adminInvitationsPage struct {
	staffLayout
	Wave     *survey.Wave
	Open     bool
	CanSend  bool
	Counts   store.InvitationCounts
	Schedule []string
	Form     map[string]string
	Errors   []summaryError
	Notice   string
}

// invitationNotices are the banners after each change on the page.
var invitationNotices = map[string]string{
	"added":    "The staff list is added. Invitations are being sent; the counts below show how many have gone.",
	"settings": "The invitation email and reminders are saved.",
	"reminded": "Reminders are being sent to everyone whose code is unused.",
}

// adminInvitationsShow answers GET /admin/waves/:id/invitations: counts of
// the wave's invitations, never an address, and the forms to send them.
func (s *Server) adminInvitationsShow(c echo.Context) error {
	return s.renderInvitations(c, http.StatusOK, nil, nil, invitationNotices[c.QueryParam("done")])
}

func (s *Server) renderInvitations(c echo.Context, status int, errs []summaryError, form map[string]string, notice string) error {
	w, err := s.waveParam(c)
	if err != nil {
		return err
	}
	ctx, id := c.Request().Context(), w.ID
	counts, err := s.db.InvitationCounts(ctx, id)
	if err != nil {
		return err
	}
	settings, err := s.db.InvitationSettings(ctx, id)
	if err != nil {
		return err
	}
	if form == nil {
		form = map[string]string{
			"organisation": settings.Organisation, "subject": settings.Subject, "message": settings.Message,
			"remind_after": store.FormatDays(settings.RemindAfter), "remind_before": store.FormatDays(settings.RemindBefore),
		}
		if settings.KeepDays > 0 {
			form["keep_days"] = strconv.Itoa(settings.KeepDays)
		}
	}
	page := adminInvitationsPage{
		staffLayout: s.staffLayout(c, "Invitations for "+w.Name, "waves"), Wave: w, Open: w.Status(time.Now()) == survey.StatusOpen,
		CanSend: s.invitations.CanSend(), Counts: counts, Form: form, Errors: errs, Notice: notice,
	}
	page.HasErrors = len(errs) > 0
	for _, day := range invite.ScheduleDays(w, settings) {
		if t, err := time.Parse(survey.DateLayout, day); err == nil {
			page.Schedule = append(page.Schedule, t.Format("Monday 2 January 2006"))
		}
	}
	return s.render(c, status, "admin_invitations", page)
}

// invitationField is one text field of the page's forms.
type invitationField struct {
	Name, Label, Hint, Width, Value, Error string
}

// Field sets a text field up with its value and error.
func (p adminInvitationsPage) Field(name, label, hint, width string) invitationField {
	return invitationField{Name: name, Label: label, Hint: hint, Width: width, Value: p.Form[name], Error: fieldError(p.Errors, name)}
}

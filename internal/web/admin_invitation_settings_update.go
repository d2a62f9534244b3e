package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/store"
)

// adminInvitationSettingsUpdate answers POST
// /admin/waves/:id/invitations/settings: the wave's invitation email and
// reminder schedule.
func (s *Server) adminInvitationSettingsUpdate(c echo.Context) error {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	form := map[string]string{}
	for _, f := range []string{"organisation", "subject", "message", "remind_after", "remind_before", "keep_days"} {
		form[f] = strings.TrimSpace(c.FormValue(f))
	}
	settings := store.InvitationSettings{Organisation: form["organisation"], Subject: form["subject"], Message: form["message"]}
	var errs []summaryError
	if settings.RemindAfter, err = store.ParseDays("Days after opening", form["remind_after"]); err != nil {
		errs = append(errs, summaryError{"remind_after", err.Error()})
	}
	if settings.RemindBefore, err = store.ParseDays("Days before closing", form["remind_before"]); err != nil {
		errs = append(errs, summaryError{"remind_before", err.Error()})
	}
	if form["keep_days"] != "" {
		if settings.KeepDays, err = strconv.Atoi(form["keep_days"]); err != nil {
			settings.KeepDays = -1 // refused below, with the rule's own words
		}
	}
	for _, p := range store.CheckInvitationSettings(settings) {
		errs = append(errs, summaryError{p.Field, upperFirst(p.Err.Error())})
	}
	if len(errs) > 0 {
		return s.renderInvitations(c, http.StatusBadRequest, errs, form, "")
	}
	if err := s.invitations.SaveSettings(c.Request().Context(), currentAccount(c).Email, id, settings); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/waves/%d/invitations?done=settings", id))
}

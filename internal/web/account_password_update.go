package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/account"
)

// accountPasswordUpdate answers POST /account/password. The current
// password is asked for, so that a session left open on a shared computer
// cannot take the account over; every other session of the account ends.
func (s *Server) accountPasswordUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	me := currentAccount(c)
	current, next, again := c.FormValue("current"), c.FormValue("password"), c.FormValue("again")
	_, hash, err := s.db.Credentials(ctx, me.Email)
	if err != nil {
		return err
	}
	if !account.CheckPassword(hash, current) {
		return s.renderAccountPassword(c, http.StatusBadRequest, []summaryError{{"current", "Your current password is not right"}}, false)
	}
	newHash, err := account.HashPassword(next)
	errs := fieldErrors(err)
	switch {
	case err != nil && errs == nil:
		return err
	case err == nil && next == current:
		errs = append(errs, summaryError{"password", "Choose a new password that is not your current one"})
	case err == nil && again != next:
		errs = append(errs, summaryError{"again", "Enter the same new password twice"})
	}
	if len(errs) > 0 {
		return s.renderAccountPassword(c, http.StatusBadRequest, errs, false)
	}
	cookie, err := c.Cookie(s.cookieName(sessionCookie))
	if err != nil {
		return err
	}
	if err := s.db.ChangeOwnPassword(ctx, me.ID, newHash, cookie.Value); err != nil {
		return err
	}
	if err := s.audit(c, "change own password", me.Email); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/account/password?done=changed")
}

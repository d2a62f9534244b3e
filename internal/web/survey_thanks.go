package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// surveyThanks confirms a response was stored. It names no survey and no
// code, so it can be shown after an invitation code is spent.
func (s *Server) surveyThanks(c echo.Context) error {
	return s.render(c, http.StatusOK, "thanks", struct{ layout }{layout{PageTitle: "Thank you", Service: "Sayso"}})
}

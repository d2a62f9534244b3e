package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

type anonymityPage struct {
	layout
	ResumeDays int
}

// anonymityShow explains, in plain words, how answers are kept anonymous.
// Every survey page links to it.
func (s *Server) anonymityShow(c echo.Context) error {
	return s.render(c, http.StatusOK, "anonymity", anonymityPage{
		layout:     layout{PageTitle: "How your answers are kept anonymous", Service: "Sayso"},
		ResumeDays: s.resumeDays,
	})
}

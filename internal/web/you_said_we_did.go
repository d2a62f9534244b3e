package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/store"
)

type youSaidWeDidPage struct {
	layout
	Waves []waveActions
}

// youSaidWeDid answers GET /you-said-we-did: the published actions, wave by
// wave, newest first, for anyone; it needs no sign-in and no script.
func (s *Server) youSaidWeDid(c echo.Context) error {
	waves, err := s.actionsByWave(c, store.ActionFilter{PublishedOnly: true})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "you_said_we_did", youSaidWeDidPage{layout: layout{PageTitle: "You said, we did", Service: "Sayso"}, Waves: waves})
}

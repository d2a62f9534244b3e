package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/report"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/store"
)

type youSaidWeDidPage struct {
	layout
	// Headlines are the published results of each survey's latest wave
	// that has any, the figures staff were promised would be shared.
	Headlines []publicHeadline
	Waves     []waveActions
}

// publicHeadline is one wave's published whole-wave figures as staff
// read them: no group, no comment.
type publicHeadline struct {
	Wave         results.WaveInfo
	Coverage     string
	MinGroupSize int
	Indicators   []results.Indicator
	Themes       []results.Theme
}

// youSaidWeDid answers GET /you-said-we-did: the headline results of the
// latest published wave of each survey, then the published actions, wave
// by wave, newest first, for anyone; it needs no sign-in and no script.
func (s *Server) youSaidWeDid(c echo.Context) error {
	waves, err := s.actionsByWave(c, store.ActionFilter{PublishedOnly: true})
	if err != nil {
		return err
	}
	page := youSaidWeDidPage{layout: layout{PageTitle: "You said, we did", Service: "Sayso"}, Waves: waves}
	ctx := c.Request().Context()
	trends, err := s.results.Trends(ctx)
	if err != nil {
		return err
	}
	for _, t := range trends {
		for i := len(t.Waves) - 1; i >= 0; i-- {
			if t.Waves[i].Hidden {
				continue
			}
			r, err := s.results.Results(ctx, t.Waves[i].Wave.ID, nil)
			if err != nil {
				return err
			}
			page.Headlines = append(page.Headlines, publicHeadline{Wave: r.Wave, Coverage: report.CoverageOf(r).Sentence(), MinGroupSize: r.MinGroupSize, Indicators: r.Indicators, Themes: r.Themes})
			break
		}
	}
	return s.render(c, http.StatusOK, "you_said_we_did", page)
}

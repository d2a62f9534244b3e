package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/format"
	"github.com/sayso/sayso/internal/results"
)

type driversPage struct {
	staffLayout
	*results.Drivers
	Tabs waveNav
	Min  int
}

// dashboardDrivers answers GET /waves/:id/drivers: how strongly each theme
// goes with intention to stay and with satisfaction over the whole wave,
// the strongest first, with the caveat that it is association, not cause.
func (s *Server) dashboardDrivers(c echo.Context) error {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	d, err := s.results.Drivers(c.Request().Context(), id)
	if err != nil {
		return err
	}
	// Strongest with the first outcome (intention to stay, where the
	// survey has it) first; themes with too few answers last.
	strength := func(t results.DriverTheme) float64 {
		if len(t.Associations) == 0 || t.Associations[0].R == nil {
			return -2
		}
		return *t.Associations[0].R
	}
	themes := slices.Clone(d.Themes)
	slices.SortStableFunc(themes, func(a, b results.DriverTheme) int { return cmp.Compare(strength(b), strength(a)) })
	d.Themes = themes
	page := driversPage{staffLayout: s.staffLayout(c, "What matters most – "+d.Wave.Name, "results"), Drivers: d, Tabs: waveNav{id, "drivers"}, Min: results.MinDriverResponses}
	return s.render(c, http.StatusOK, "drivers", page)
}

// association writes a correlation with its interval, or says why there is
// none.
func association(a results.Association) string {
	if a.R == nil {
		return "Too few answered (" + strconv.Itoa(a.N) + ")"
	}
	return format.Number(*a.R, 2) + " (" + format.Number(*a.Low, 2) + " to " + format.Number(*a.High, 2) + ")"
}

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/survey"
)

// waveIDParam reads a wave id from the path.
func waveIDParam(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, survey.Errorf(survey.ErrInvalid, "%q is not a wave id: wave ids are whole numbers, as sayso wave list shows them", c.Param(name))
	}
	return id, nil
}

// breakdownParam reads ?by=A or ?by=A,B; absent means no breakdown.
func breakdownParam(c echo.Context) ([]string, error) {
	raw, ok := c.QueryParams()["by"]
	if !ok {
		return nil, nil
	}
	if len(raw) != 1 {
		return nil, survey.Errorf(survey.ErrInvalid, "give by once, as by=QUESTION or by=QUESTION,QUESTION")
	}
	by := strings.Split(raw[0], ",")
	for i, id := range by {
		by[i] = strings.TrimSpace(id)
		if by[i] == "" {
			return nil, survey.Errorf(survey.ErrInvalid, "by=%q names an empty question; give by=QUESTION or by=QUESTION,QUESTION", raw[0])
		}
	}
	return by, nil
}

// apiResultsShow answers GET /api/v1/waves/:id/results[?by=...].
func (s *Server) apiResultsShow(c echo.Context) error {
	id, err := waveIDParam(c, "id")
	if err != nil {
		return err
	}
	by, err := breakdownParam(c)
	if err != nil {
		return err
	}
	r, err := s.results.Results(c.Request().Context(), id, by)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

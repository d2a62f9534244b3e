package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/results"
)

// dashboardExport answers GET /waves/:id/results.csv[?by=...]: the same
// figures as the pages, under the same rules, one per row. A hidden wave
// or group has one row saying so and no figure.
func (s *Server) dashboardExport(c echo.Context) error {
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
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	write := func(row ...string) { _ = w.Write(csvSafe(row)) } // writes to a buffer cannot fail
	write("group", "responses", "kind", "id", "title", "value", "low", "high", "answered", "band")
	figureRows := func(group string, responses int, f results.Figures) {
		n := strconv.Itoa(responses)
		for _, ind := range f.Indicators {
			write(group, n, "indicator", ind.ID, ind.Title, num(ind.Value), low(ind.Interval), high(ind.Interval), strconv.Itoa(ind.Answered), "")
		}
		for _, t := range f.Themes {
			write(group, n, "theme score", t.ID, t.Title, num(t.Score), "", "", "", t.Band)
		}
		for _, q := range f.Questions {
			switch {
			case q.Score != nil:
				write(group, n, "question score", q.ID, q.Text, num(q.Score), low(q.ScoreInterval), high(q.ScoreInterval), strconv.Itoa(q.Answered), "")
			case q.Mean != nil:
				write(group, n, "question mean", q.ID, q.Text, num(q.Mean), low(q.MeanInterval), high(q.MeanInterval), strconv.Itoa(q.Answered), "")
			}
			for _, b := range q.Buckets {
				share := 100 * b.Share
				write(group, n, "answer %", q.ID+"="+b.Value, q.Text+": "+b.Label, num(&share), num(ptrTo(100*b.Interval.Low)), num(ptrTo(100*b.Interval.High)), strconv.Itoa(q.Answered), "")
			}
		}
	}
	if r.Hidden {
		write("whole wave", strconv.Itoa(r.Responses), "hidden: fewer than "+strconv.Itoa(r.MinGroupSize)+" responses", "", "", "", "", "", "", "")
	} else {
		figureRows("whole wave", r.Responses, r.Figures)
	}
	for _, g := range r.Groups {
		if g.Hidden {
			write(g.Label, "", "hidden: fewer than "+strconv.Itoa(r.MinGroupSize)+" responses, or could reveal a smaller group", "", "", "", "", "", "", "")
			continue
		}
		figureRows(g.Label, *g.Responses, g.Figures)
	}
	w.Flush()
	c.Response().Header().Set("Content-Disposition", `attachment; filename="wave-`+strconv.FormatInt(id, 10)+`-results.csv"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

func num(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', 2, 64)
}

func low(i *results.Interval) string {
	if i == nil {
		return ""
	}
	return num(&i.Low)
}

func high(i *results.Interval) string {
	if i == nil {
		return ""
	}
	return num(&i.High)
}

func ptrTo(v float64) *float64 { return &v }

// csvSafe stops a spreadsheet reading a cell as a formula: text from a
// definition that starts with = + - or @ gets a leading apostrophe.
func csvSafe(row []string) []string {
	for i, cell := range row {
		if cell != "" && (cell[0] == '=' || cell[0] == '+' || cell[0] == '@' || (cell[0] == '-' && !isNumber(cell))) {
			row[i] = "'" + cell
		}
	}
	return row
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

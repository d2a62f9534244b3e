package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/sayso/sayso/internal/format"
	"github.com/sayso/sayso/internal/report"
	"github.com/sayso/sayso/internal/results"
)

// dashboardExport answers GET /waves/:id/results.csv[?by=...]: the same
// figures as the pages, under the same rules, one per row, after a row
// saying which publication they come from. A hidden wave or group has one
// row saying so and no figure; a withheld figure reads "withheld" and
// carries no number.
func (s *Server) dashboardExport(c echo.Context) error {
	r, err := s.resultsParams(c)
	if err != nil {
		return err
	}
	reason := report.WithheldReason(r.MinGroupSize)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	write := func(row ...string) { _ = w.Write(csvSafe(row)) } // writes to a buffer cannot fail
	write("group", "responses", "kind", "id", "title", "value", "low", "high", "answered", "band", "note")
	figureRows := func(group string, responses int, f results.Figures) {
		n := strconv.Itoa(responses)
		withheld := func(kind, id, title string) { write(group, n, kind, id, title, "withheld", "", "", "", "", reason) }
		shown := func(kind, id, title string, v *float64, i *results.Interval, answered, band string) {
			low, high := format.PlainInterval(i)
			write(group, n, kind, id, title, format.Plain(v), low, high, answered, band, "")
		}
		for _, ind := range f.Indicators {
			if ind.Hidden {
				withheld("indicator", ind.ID, ind.Title)
				continue
			}
			shown("indicator", ind.ID, ind.Title, ind.Value, ind.Interval, strconv.Itoa(ind.Answered), "")
		}
		for _, t := range f.Themes {
			if t.Hidden {
				note := reason
				if items := (report.Items{Scored: t.Items, Withheld: t.Withheld}).String(); items != "" {
					note = items + ": " + reason
				}
				write(group, n, "theme score", t.ID, t.Title, "withheld", "", "", "", "", note)
				continue
			}
			shown("theme score", t.ID, t.Title, t.Score, t.Interval, "", t.Band)
		}
		for _, q := range f.Questions {
			if q.Hidden {
				withheld("question", q.ID, q.Text)
				continue
			}
			switch {
			case q.Score != nil:
				shown("question score", q.ID, q.Text, q.Score, q.ScoreInterval, strconv.Itoa(q.Answered), "")
			case q.Mean != nil:
				shown("question mean", q.ID, q.Text, q.Mean, q.MeanInterval, strconv.Itoa(q.Answered), "")
			}
			for _, b := range q.Buckets {
				shown("answer %", q.ID+"="+b.Value, q.Text+": "+b.Label, new(100*b.Share), b.Interval.Percent(), strconv.Itoa(q.Answered), "")
			}
		}
	}
	published := ""
	if r.Publication != nil {
		published = strconv.Itoa(r.Publication.Seq)
	}
	write("whole wave", strconv.Itoa(r.Responses), "publication", published, report.CoverageOf(r).Sentence(), "", "", "", "", "", "")
	if r.Hidden {
		write("whole wave", "", "hidden: no results published", "", "", "", "", "", "", "", "")
	} else {
		figureRows("whole wave", r.Responses, r.Figures)
	}
	for _, g := range r.Groups {
		if g.Hidden {
			write(g.Label, "", "hidden: fewer than "+strconv.Itoa(r.MinGroupSize)+" responses, or could reveal a smaller group", "", "", "", "", "", "", "", "")
			continue
		}
		figureRows(g.Label, *g.Responses, g.Figures)
	}
	w.Flush()
	c.Response().Header().Set("Content-Disposition", `attachment; filename="wave-`+strconv.FormatInt(r.Wave.ID, 10)+`-results.csv"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

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

package report

import (
	"bytes"
	"embed"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/sayso/sayso/internal/format"
	"github.com/sayso/sayso/internal/results"
)

//go:embed templates/report.html
var files embed.FS

// stylesheet is the report's whole stylesheet, written into the file so
// that it opens anywhere without a request.
//
//go:embed templates/report.css
var stylesheet string

// Funcs write a report's figures; the comparison page uses them too, so
// that both say the same thing the same way.
var Funcs = template.FuncMap{
	"value":  format.Value,
	"when":   format.When,
	"change": format.Change,
	"span":   func(unit string, i *results.Interval) string { return format.Interval(i, format.Places(unit)) },
	"judge":  format.Judge,
	"p":      format.P,
	"tested": format.Tested,
	"of":     of,
	"lower":  strings.ToLower,
	"refs":   func(heading string, refs []results.QuestionRef) refList { return refList{heading, refs} },
	// withheldReason says why a figure is withheld, with the threshold.
	"withheldReason": WithheldReason,
}

// fileFuncs are the report file's own.
var fileFuncs = template.FuncMap{
	"svg":  func(b []byte) template.HTML { return template.HTML(b) }, // charts are escaped by internal/chart
	"add":  func(a, b int) int { return a + b },
	"rate": format.Rate,
}

var page = template.Must(template.New("report.html").Funcs(Funcs).Funcs(fileFuncs).ParseFS(files, "templates/report.html"))

type document struct {
	*Report
	CSS       template.CSS
	Generated string
}

// Render writes the report as one HTML file that needs nothing else: its
// styles and charts are inside it, and it prints to A4.
func Render(w io.Writer, r *Report, generated time.Time) error {
	var buf bytes.Buffer
	if err := page.Execute(&buf, document{Report: r, CSS: template.CSS(stylesheet), Generated: format.When(generated.Format(time.RFC3339))}); err != nil {
		return err
	}
	_, err := buf.WriteTo(w)
	return err
}

// rowContext hands a shared template a row, or rows, with the report
// they belong to, whose waves head the columns.
type rowContext struct {
	Report *Report
	Row    Row
	Rows   []Row
}

func of(r *Report, v any) rowContext {
	switch v := v.(type) {
	case Row:
		return rowContext{Report: r, Row: v}
	case []Row:
		return rowContext{Report: r, Rows: v}
	}
	return rowContext{Report: r}
}

type refList struct {
	Heading string
	Refs    []results.QuestionRef
}

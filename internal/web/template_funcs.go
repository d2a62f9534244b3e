package web

import (
	"html/template"
	"strconv"

	"github.com/sayso/sayso/internal/format"
	"github.com/sayso/sayso/internal/results"
)

type navLink struct {
	Label, Href string
	Current     bool
}

// templateFuncs format figures the same way on every page.
var templateFuncs = template.FuncMap{
	"navItem": func(label, href string, current bool) navLink { return navLink{label, href, current} },
	// bandClass colours a band's tag; the band's name is always its text.
	"bandClass": func(band string) string {
		switch band {
		case "low":
			return "govuk-tag--red"
		case "moderate":
			return "govuk-tag--yellow"
		case "high":
			return "govuk-tag--green"
		}
		return "govuk-tag--grey"
	},
	"whole":    func(v *float64) string { return format.Figure(v, 0) },
	"one":      func(v *float64) string { return format.Figure(v, 1) },
	"share":    format.Share,
	"interval": format.Interval,
	"percent":  format.Percentage,
	"svg":      func(b []byte) template.HTML { return template.HTML(b) }, // charts are escaped by internal/chart
	"add":      func(a, b int) int { return a + b },
	"rate": func(r *float64) string {
		if r == nil {
			return "not known: set a headcount"
		}
		return strconv.FormatFloat(100**r, 'f', 0, 64) + "%"
	},
	"bucket": func(b results.Bucket) string {
		return strconv.FormatFloat(100*b.Share, 'f', 0, 64) + "% (" + strconv.Itoa(b.Count) + ")"
	},
	"indicator": func(ind results.Indicator) string { return format.Value(format.IndicatorUnit(ind.Kind), ind.Value) },
}

package web

import (
	"html/template"
	"strconv"

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
	"whole":    func(v *float64) string { return figure(v, 0) },
	"one":      func(v *float64) string { return figure(v, 1) },
	"share":    func(p *results.Proportion) string { return shareText(p) },
	"interval": func(i *results.Interval, places int) string { return intervalText(i, places) },
	"percent":  func(v *float64) string { return percentText(v) },
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
	"indicator": indicatorText,
}

// indicatorText writes a headline figure in its own units.
func indicatorText(ind results.Indicator) string {
	switch ind.Kind {
	case "mean":
		return figure(ind.Value, 1)
	case "enps":
		if ind.Value != nil && *ind.Value > 0 {
			return "+" + figure(ind.Value, 0)
		}
		return figure(ind.Value, 0)
	}
	return percentText(ind.Value)
}

func figure(v *float64, places int) string {
	if v == nil {
		return "–"
	}
	return strconv.FormatFloat(*v, 'f', places, 64)
}

func percentText(v *float64) string {
	if v == nil {
		return "–"
	}
	return strconv.FormatFloat(*v, 'f', 0, 64) + "%"
}

func shareText(p *results.Proportion) string {
	if p == nil {
		return "–"
	}
	return strconv.FormatFloat(100*p.Share, 'f', 0, 64) + "%"
}

func intervalText(i *results.Interval, places int) string {
	if i == nil {
		return ""
	}
	return strconv.FormatFloat(i.Low, 'f', places, 64) + " to " + strconv.FormatFloat(i.High, 'f', places, 64)
}

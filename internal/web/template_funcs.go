package web

import (
	"html/template"
	"strconv"

	"github.com/sayso/sayso/internal/action"
	"github.com/sayso/sayso/internal/format"
	"github.com/sayso/sayso/internal/report"
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
	"when":     format.When,
	// rate is a response rate; a staff page says how to get one not known.
	"rate": func(r *float64) string {
		if r == nil {
			return format.Rate(r) + ": set a headcount"
		}
		return format.Rate(r)
	},
	"bucket": func(b results.Bucket) string {
		return format.Share(&b.Proportion) + " (" + strconv.Itoa(b.Count) + ")"
	},
	// statusClass colours a status's tag; its words are always its text.
	"statusClass": func(s action.Status) string {
		return map[action.Status]string{action.Planned: "govuk-tag--blue", action.InProgress: "govuk-tag--yellow", action.Done: "govuk-tag--green"}[s]
	},
	// field is a text field of a staff form, with what was typed in it and
	// its error: kind is input, textarea, number or date.
	"field": func(form map[string]string, errs []summaryError, name, label, hint, kind string) formField {
		return formField{Name: name, Label: label, Hint: hint, Kind: kind, Value: form[name], Error: fieldError(errs, name)}
	},
	"fieldError": fieldError,
	"waveField":  waveField,
	"indicator":  func(ind results.Indicator) string { return format.Value(format.IndicatorUnit(ind.Kind), ind.Value) },
	// indicatorInterval writes an indicator's interval as its value is written.
	"indicatorInterval": func(ind results.Indicator) string {
		return format.Interval(ind.Interval, format.Places(format.IndicatorUnit(ind.Kind)))
	},
	// published says which publication a wave's figures come from.
	"published":   func(r *results.WaveResults) string { return report.CoverageOf(r).Sentence() },
	"themeCell":   func(t results.Theme, k int) themeCell { return themeCell{t, k} },
	"association": association,
	"byForm":      func(action, label string, options []breakdownOption) byForm { return byForm{action, label, options} },
}

// byForm is the form that chooses the groups a wave's page breaks its
// figures down by.
type byForm struct {
	Action, Label string
	Options       []breakdownOption
}

// themeCell is a theme's score as a table cell shows it, with the
// threshold a withheld score is explained by.
type themeCell struct {
	Theme        results.Theme
	MinGroupSize int
}

// Withheld says whether the score is withheld: any statement behind it is.
func (c themeCell) Withheld() bool { return c.Theme.Hidden }

// Items says how many of the theme's statements are withheld.
func (c themeCell) Items() string {
	return report.Items{Scored: c.Theme.Items, Withheld: c.Theme.Withheld}.String()
}

// formField is one labelled field of a form, with its value and error.
type formField struct {
	Name, Label, Hint, Kind, Value, Error string
}

// waveNumber is a number field of one wave's own form on the waves page,
// sent as param and named after the wave, so that an error goes beside
// the form it belongs to.
type waveNumber struct {
	ID, Param, Label, Hint, Value, Error string
}

// waveField is a wave's number field, with what was typed in it when the
// form came back with an error, else its value now; hint may be empty.
func waveField(form map[string]string, errs []summaryError, param string, waveID int64, label, hint, value string) waveNumber {
	id := waveFieldID(param, waveID)
	if typed, ok := form[id]; ok {
		value = typed
	}
	return waveNumber{ID: id, Param: param, Label: label, Hint: hint, Value: value, Error: fieldError(errs, id)}
}

func waveFieldID(param string, waveID int64) string {
	return param + "-" + strconv.FormatInt(waveID, 10)
}

// fieldError is the message for a field, if the form had one.
func fieldError(errs []summaryError, field string) string {
	for _, e := range errs {
		if e.Anchor == field {
			return e.Message
		}
	}
	return ""
}

// Package static holds the CSS and images served under /static/, embedded
// in the binary.
package static

import "embed"

// FS holds sayso.css, the licence of the GOV.UK Frontend styles it is
// built from, respondent.css (the survey pages' own rules, written by
// hand) and the icon browsers ask for at /favicon.ico.
//
//go:embed sayso.css respondent.css govuk-frontend-LICENSE.txt favicon.ico
var FS embed.FS

// Package static holds the CSS and images served under /static/, embedded
// in the binary.
package static

import "embed"

// FS holds sayso.css and the licence of the GOV.UK Frontend styles it is built from.
//
//go:embed sayso.css govuk-frontend-LICENSE.txt
var FS embed.FS

// Package surveys holds the survey definitions shipped with Sayso, embedded
// in the binary so it runs with no files beside it.
package surveys

import "embed"

// FS holds every shipped definition at its top level.
//
//go:embed *.yaml
var FS embed.FS

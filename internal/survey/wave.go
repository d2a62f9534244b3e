package survey

import "time"

// Access says how respondents reach a wave: one shared link, single-use
// invitation codes, or both.
type Access string

const (
	AccessLink  Access = "link"
	AccessCodes Access = "codes"
	AccessBoth  Access = "both"
)

// Accesses lists every access mode, for messages and flag help.
var Accesses = []Access{AccessLink, AccessCodes, AccessBoth}

// AllowsLink and AllowsCodes say which kinds of code reach the wave.
func (a Access) AllowsLink() bool  { return a == AccessLink || a == AccessBoth }
func (a Access) AllowsCodes() bool { return a == AccessCodes || a == AccessBoth }

// DateLayout is how days are written: the only precision a wave's dates and
// a response's date are kept at.
const DateLayout = "2006-01-02"

// Wave is one run of a survey definition for one period.
type Wave struct {
	ID       int64
	SurveyID string
	Name     string
	Access   Access
	// LinkCode is the code of the shared link; empty when the wave is
	// reached by invitation codes only.
	LinkCode  string
	Headcount int // 0 when not known
	// MaxResponses caps the responses the wave takes; 0 for no cap.
	MaxResponses int
	OpenedOn     string
	ClosesOn     string // the last day answers are taken; empty for none
	Closed       bool   // closed by hand
	// Source is the definition frozen when the wave opened, and
	// DefinitionHash its SHA-256 in hex.
	Source         []byte
	DefinitionHash string
	Definition     *Definition
	Responses      int
}

// Status is "open" or "closed".
type Status string

const (
	StatusOpen   Status = "open"
	StatusClosed Status = "closed"
)

// Status says whether the wave takes answers on the given day.
func (w *Wave) Status(now time.Time) Status {
	if w.Closed || (w.ClosesOn != "" && now.Format(DateLayout) > w.ClosesOn) {
		return StatusClosed
	}
	return StatusOpen
}

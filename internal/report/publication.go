package report

import (
	"fmt"

	"github.com/sayso/sayso/internal/format"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/survey"
)

// WithheldReason says why a figure shows as withheld, wherever it does.
func WithheldReason(k int) string {
	return fmt.Sprintf("fewer than %d people answered it, or showing it could reveal someone's answers", k)
}

// Coverage is what a wave's figures come from: the responses received,
// and the publication that shows some or all of them.
type Coverage struct {
	Received int
	// Published is how many responses the publication covers.
	Published   int
	Publication *results.PublicationInfo
	// Closed is set when the wave takes no more responses.
	Closed       bool
	MinGroupSize int
}

// CoverageOf reads a wave's coverage from its results.
func CoverageOf(r *results.WaveResults) Coverage {
	return Coverage{Received: r.Received, Published: r.Responses, Publication: r.Publication, Closed: r.Wave.Status == string(survey.StatusClosed), MinGroupSize: r.MinGroupSize}
}

// Sentence says in plain words which publication the figures come from,
// how many responses it covers of those received, and what became of the
// others.
func (c Coverage) Sentence() string {
	withheld := c.Received - c.Published
	if c.Publication == nil || c.Published == 0 {
		if c.Closed {
			answered := fmt.Sprintf("%d %s answered.", c.Received, plural(c.Received, "person", "people"))
			if c.Received < c.MinGroupSize {
				return fmt.Sprintf("%s Results show only when at least %d people have answered, so that nobody can be picked out: nothing of this wave is shown.", answered, c.MinGroupSize)
			}
			return answered + " No results could be published without risking someone's anonymity."
		}
		answered := fmt.Sprintf("%d %s answered so far.", c.Received, plural(c.Received, "person has", "people have"))
		if c.Received < c.MinGroupSize {
			return fmt.Sprintf("%s Results show once at least %d people have answered, so that nobody can be picked out.", answered, c.MinGroupSize)
		}
		return answered + " Results show once they can be published without risking anyone's anonymity."
	}
	kind := map[string]string{"Interim": "Interim results", "Final": "Final results", "Published": "Results"}[c.kind()]
	on := format.When(c.Publication.On)
	switch {
	case !c.Closed && withheld == 0:
		return fmt.Sprintf("%s published on %s, from all %d %s received so far. The wave is still open: later responses will show in a later publication.", kind, on, c.Received, plural(c.Received, "response", "responses"))
	case !c.Closed:
		return fmt.Sprintf("%s published on %s, from %d of the %d responses received so far; %d %s not shown yet and will be in a later publication.", kind, on, c.Published, c.Received, withheld, plural(withheld, "is", "are"))
	case withheld == 0:
		return fmt.Sprintf("%s published on %s, from all %d %s.", kind, on, c.Received, plural(c.Received, "response", "responses"))
	}
	return fmt.Sprintf("%s published on %s, from %d of %d responses; %d %s could not be published without risking someone's anonymity.", kind, on, c.Published, c.Received, withheld, plural(withheld, "response", "responses"))
}

// kind names a publication: interim while its wave is open, final once
// made after it closed. A closed wave whose last publication came before
// it closed, or a final one of a wave opened again, is neither.
func (c Coverage) kind() string {
	switch {
	case c.Publication.Interim && !c.Closed:
		return "Interim"
	case !c.Publication.Interim && c.Closed:
		return "Final"
	}
	return "Published"
}

// Short is the sentence's gist, for a list of waves.
func (c Coverage) Short() string {
	switch {
	case (c.Publication == nil || c.Published == 0) && c.Closed:
		return "Not published"
	case c.Publication == nil || c.Published == 0:
		return "Not published yet"
	}
	from := fmt.Sprintf("from %d of %d", c.Published, c.Received)
	if c.Published == c.Received {
		from = fmt.Sprintf("from all %d", c.Received)
	}
	return fmt.Sprintf("%s, %s: %s", c.kind(), format.When(c.Publication.On), from)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

package results

import (
	"crypto/rand"
	mrand "math/rand/v2"
	"strings"

	"github.com/sayso/sayso/internal/survey"
)

// Publication is one entry of a wave's ledger: the figures shown from the
// responses it covers, fixed once made. Every page, export, chart,
// comparison and report of the wave reads the latest publication; a new one
// is made only when it passes the anonymity audit together with every
// earlier one.
type Publication struct {
	Format int
	// Seq numbers a wave's publications from 1.
	Seq int
	// Responses is how many responses it covers: the first so many stored.
	Responses int
	// Final is set on the publication made after the wave closed.
	Final bool
	// On is the day it was made.
	On string
	// Whole is the whole wave's figures; nil when fewer than k responded.
	Whole *Tally
	// Groups holds the figures of the groups shown, by groupKey; a group
	// absent is hidden.
	Groups map[string]*Tally
	// Comments are the free-text answers shown, by question, masked, in an
	// order shuffled afresh for this publication.
	Comments map[string][]string
	// CommentsAt is, for each text question whose comments are shown, the
	// number of respondents who could have written them (the wave, or the
	// group its show_if asks), at this publication or the last that showed
	// them.
	CommentsAt map[string]int
	// Cells is the audit's record of whom the publication covers: counts by
	// profile. It is never shown; the next publication's audit needs it.
	Cells map[string]Cell
}

// Covers says whether anything of the wave is shown.
func (p *Publication) Covers() bool { return p != nil && p.Whole != nil }

// Build assembles what a publication shows of a wave, with the groups of
// one declared breakdown (or NoBreakdown). With no publication, or one of
// a wave under k, only the count shows.
func Build(def *survey.Definition, p *Publication, breakdown int) Results {
	k := def.MinGroupSize
	r := Results{MinGroupSize: k, Hidden: true}
	if p == nil {
		return r
	}
	r.Responses = p.Responses
	if p.Whole == nil {
		return r
	}
	r.Hidden = false
	r.Figures = figures(def, p.Whole)
	if breakdown == NoBreakdown {
		return r
	}
	b := def.Breakdowns[breakdown]
	r.Breakdown = b.Questions
	r.Groups = []GroupResults{}
	for _, values := range groupValues(def, b) {
		gr := GroupResults{Value: strings.Join(values, ","), Values: values, Label: groupLabel(def, b, values), Hidden: true}
		if t := p.Groups[groupKey(breakdown, values)]; t != nil {
			n := t.Responses
			gr.Hidden, gr.Responses = false, &n
			gr.Figures = figures(def, t)
		}
		r.Groups = append(r.Groups, gr)
	}
	return r
}

// shuffle puts texts in an order drawn afresh from the operating system's
// random source, so that no two publications share an order and none says
// anything of when a comment came.
func shuffle(texts []string) {
	var seed [32]byte
	rand.Read(seed[:]) // never fails
	mrand.New(mrand.NewChaCha8(seed)).Shuffle(len(texts), func(i, j int) { texts[i], texts[j] = texts[j], texts[i] })
}

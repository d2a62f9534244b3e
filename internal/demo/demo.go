// Package demo fills a new database with a council's made-up health
// checks, so that there is something to see on first run: three yearly
// waves whose scores move between years, teams big and small, comments,
// an open pulse wave, and "You said, we did" actions. The same seed
// always makes the same data.
package demo

import (
	"context"
	_ "embed"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/sayso/sayso/internal/benchmark"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/submission"
	"github.com/sayso/sayso/internal/survey"
)

// Summary says what was made.
type Summary struct {
	Waves []WaveSummary
	// Actions is how many "You said, we did" actions were written.
	Actions int
	// Benchmark says what the example benchmark is.
	Benchmark string
}

// exampleBenchmark is made-up benchmark figures, labelled as an example
// wherever they show.
//
//go:embed example-benchmark.yaml
var exampleBenchmark []byte

// WaveSummary is one demo wave.
type WaveSummary struct {
	ID        int64
	Name      string
	Survey    string
	Responses int
	Open      bool
	LinkCode  string
}

// year is one yearly health check: how each theme sits against the
// council's usual, on the five-point scale, and how satisfied people are.
type year struct {
	yearsAgo     int
	headcount    int
	themes       map[string]float64
	satisfaction float64
	caseload     float64 // the mean caseload of qualified staff
}

// The story the figures tell: workloads and workforce planning are poor
// and then markedly better in the last year, after a caseload cap and
// recruitment; supervision slips in the last year; wellbeing dips in the
// middle year and recovers; the rest barely move.
var years = []year{
	{3, 215, map[string]float64{"framework": 0.2, "workforce-planning": -0.35, "workloads": -0.55, "wellbeing": 0.0, "supervision": 0.4, "cpd": 0.1, "registration": 0.3, "education": 0.0, "engagement": 0.1}, 0, 18.5},
	{2, 205, map[string]float64{"framework": 0.25, "workforce-planning": -0.35, "workloads": -0.6, "wellbeing": -0.3, "supervision": 0.4, "cpd": 0.1, "registration": 0.3, "education": 0.05, "engagement": 0.0}, -0.4, 19},
	{1, 220, map[string]float64{"framework": 0.3, "workforce-planning": 0.0, "workloads": 0.05, "wellbeing": 0.0, "supervision": 0.05, "cpd": 0.15, "registration": 0.3, "education": 0.1, "engagement": 0.2}, 0.5, 15.5},
}

// team is a team, the service area it sits in, how many of a wave's
// respondents it has in a hundred, and how it feels against the rest.
type team struct {
	value, area string
	share       float64
	mood        float64
}

// Teams of very different sizes, so that some fall under the threshold.
var teams = []team{
	{"front-door", "childrens", 15, -0.2}, {"assessment", "childrens", 17, -0.1}, {"child-protection", "childrens", 15, -0.25},
	{"children-in-care", "childrens", 12, 0.1}, {"care-leavers", "childrens", 5, 0.3}, {"fostering-adoption", "childrens", 5, 0.25},
	{"disabled-children", "childrens", 2.5, 0}, {"hospital", "adults", 8, 0.1}, {"adults-community", "adults", 11, 0},
	{"mental-health", "adults", 6.5, -0.15}, {"learning-disabilities", "adults", 2, 0.2}, {"prefer-not-to-say", "prefer-not-to-say", 1, -0.3},
}

// Seed fills db, which must hold no wave yet, from the definitions in
// catalogue. now dates the waves: the yearly ones in the three years before.
func Seed(ctx context.Context, db *store.DB, catalogue *survey.Catalogue, seed uint64, now time.Time) (*Summary, error) {
	existing, err := db.Waves(ctx)
	if err != nil {
		return nil, err
	}
	if len(existing) > 0 {
		return nil, survey.Errorf(survey.ErrConflict, "the database already has %d waves: the demo goes only into a new database, so it is never mixed with real answers", len(existing))
	}
	health, ok := catalogue.Survey("health-check")
	if !ok {
		return nil, survey.Errorf(survey.ErrNotFound, "the demo needs the health-check survey")
	}
	pulse, ok := catalogue.Survey("pulse")
	if !ok {
		return nil, survey.Errorf(survey.ErrNotFound, "the demo needs the pulse survey")
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x5a7e5a7e))
	submissions := submission.New(db)
	sum := &Summary{}
	var healthWaves []*survey.Wave
	for _, y := range years {
		when := time.Date(now.Year()-y.yearsAgo, time.October, 1, 0, 0, 0, 0, time.UTC)
		w, err := db.OpenWave(ctx, store.NewWave{Source: health, Name: fmt.Sprintf("Health check %d", when.Year()), Access: survey.AccessBoth, Headcount: y.headcount, OpenedOn: when.Format(survey.DateLayout)})
		if err != nil {
			return nil, err
		}
		n := 120 + rng.IntN(61)
		if err := respond(ctx, db, submissions, w, answersOf(people(rng, n, y), w.Definition)); err != nil {
			return nil, err
		}
		if err := db.CloseWave(ctx, w.ID); err != nil {
			return nil, err
		}
		healthWaves = append(healthWaves, w)
		sum.Waves = append(sum.Waves, WaveSummary{ID: w.ID, Name: w.Name, Survey: w.SurveyID, Responses: n})
	}
	opened := now.AddDate(0, 0, -14)
	w, err := db.OpenWave(ctx, store.NewWave{Source: pulse, Name: "Pulse " + opened.Format("January 2006"), Access: survey.AccessLink, Headcount: 220, OpenedOn: opened.Format(survey.DateLayout)})
	if err != nil {
		return nil, err
	}
	n := 40 + rng.IntN(15)
	if err := respond(ctx, db, submissions, w, answersOf(people(rng, n, years[len(years)-1]), w.Definition)); err != nil {
		return nil, err
	}
	sum.Waves = append(sum.Waves, WaveSummary{ID: w.ID, Name: w.Name, Survey: w.SurveyID, Responses: n, Open: true, LinkCode: w.LinkCode})
	if sum.Actions, err = writeActions(ctx, db, healthWaves); err != nil {
		return nil, err
	}
	b, err := benchmark.Add(ctx, db, "example-benchmark.yaml", exampleBenchmark, benchmark.Lookup(catalogue), false)
	if err != nil {
		return nil, fmt.Errorf("the demo's example benchmark: %w", err)
	}
	sum.Benchmark = b.Label()
	// Publish every wave now, as reading its results would: the audit of
	// a wave takes a few seconds, which the demo's first page should not.
	published := results.NewService(db)
	for _, ws := range sum.Waves {
		if _, err := published.Results(ctx, ws.ID, nil); err != nil {
			return nil, err
		}
	}
	return sum, nil
}

// person is one made-up respondent: who they are and how they feel.
type person struct {
	team                        team
	role, qualified, employment string
	mood                        float64
	year                        year
	rng                         *rand.Rand
}

func people(rng *rand.Rand, n int, y year) []person {
	out := make([]person, n)
	for i := range out {
		p := person{year: y, rng: rand.New(rand.NewPCG(rng.Uint64(), rng.Uint64()))}
		p.team = teams[pick(rng, len(teams), func(i int) float64 { return teams[i].share })]
		p.role = weighted(rng, []string{"social-worker", "senior-practitioner", "manager", "other", "prefer-not-to-say"}, []float64{60, 20, 12, 6, 2})
		p.qualified = weighted(rng, []string{"asye", "1-2-years", "3-5-years", "6-10-years", "over-10-years", "prefer-not-to-say"}, []float64{12, 15, 25, 22, 24, 2})
		p.employment = weighted(rng, []string{"permanent", "agency", "prefer-not-to-say"}, []float64{85, 13, 2})
		p.mood = rng.NormFloat64() * 0.55
		out[i] = p
	}
	// Centre the people's own moods, so that a wave's figures move with
	// its year and its teams, not with the luck of its sample.
	mean := 0.0
	for _, p := range out {
		mean += p.mood / float64(n)
	}
	for i := range out {
		out[i].mood += out[i].team.mood - mean
	}
	return out
}

// answers makes a person's answers to every question they are shown,
// leaving most free text empty, as people do.
func (p person) answers(def *survey.Definition) survey.Answers {
	a := survey.Answers{}
	for _, q := range def.Questions() {
		if !def.Visible(q, a) {
			continue
		}
		switch q.Type {
		case survey.Choice:
			a[q.ID] = survey.Answer{Text: p.choose(q)}
		case survey.MultiChoice:
			a[q.ID] = survey.Answer{Choices: []string{q.Options[p.rng.IntN(len(q.Options))].Value}}
		case survey.YesNo:
			a[q.ID] = survey.Answer{Yes: p.rng.Float64() < 0.5+p.mood/3}
		case survey.Agreement:
			v := clamp(math.Round(3.3+p.year.themes[q.Theme]+p.mood+p.rng.NormFloat64()*0.8), 1, 5)
			if q.Reverse {
				v = 6 - v
			}
			a[q.ID] = survey.Answer{Number: v}
		case survey.Scale:
			a[q.ID] = survey.Answer{Number: clamp(math.Round(6.1+p.year.satisfaction+1.8*p.mood+p.rng.NormFloat64()*1.3), q.Min, q.Max)}
		case survey.Number:
			a[q.ID] = survey.Answer{Number: clamp(math.Round(p.number(q.ID)), q.Min, q.Max)}
		case survey.Text:
			if text := p.comment(q.ID); text != "" {
				a[q.ID] = survey.Answer{Text: text}
			}
		}
	}
	return a
}

func (p person) choose(q *survey.Question) string {
	switch q.ID {
	case "team":
		return p.team.value
	case "service-area":
		return p.team.area
	case "role":
		return p.role
	case "years-qualified":
		return p.qualified
	case "employment-type":
		return p.employment
	}
	// Anything else, such as how often supervision happens: the happier,
	// the nearer the first option.
	i := int(clamp(math.Round(1.5-p.mood*1.5+p.rng.NormFloat64()), 0, float64(len(q.Options)-1)))
	return q.Options[i].Value
}

func (p person) number(id string) float64 {
	switch id {
	case "caseload":
		if p.qualified == "asye" {
			return 10 + p.rng.NormFloat64()*2.5
		}
		if p.role == "manager" {
			return 3 + p.rng.NormFloat64()*2
		}
		return p.year.caseload - 2*p.mood + p.rng.NormFloat64()*4
	case "hours":
		return 41 - 2*p.mood + p.rng.NormFloat64()*4
	}
	return 4 + p.rng.NormFloat64()*2
}

// comment picks what a person might write: about a third say what works,
// and nearly half what they would change.
func (p person) comment(id string) string {
	bank, chance := changes, 0.45
	if id == "works-well" {
		bank, chance = praise, 0.3
	}
	if p.rng.Float64() >= chance {
		return ""
	}
	return bank[p.rng.IntN(len(bank))]
}

// answersOf is everyone's answers to a definition.
func answersOf(everyone []person, def *survey.Definition) []survey.Answers {
	all := make([]survey.Answers, len(everyone))
	for i, p := range everyone {
		all[i] = p.answers(def)
	}
	return all
}

// respond submits each response through the link, checked and stored as
// any response is; several at once, as staff would, so that they commit
// in batches.
func respond(ctx context.Context, db *store.DB, submissions *submission.Submitter, w *survey.Wave, responses []survey.Answers) error {
	entry, err := db.Enter(ctx, w.LinkCode)
	if err != nil {
		return err
	}
	work := make(chan survey.Answers)
	errs := make(chan error, len(responses))
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for answers := range work {
				errs <- submissions.Submit(ctx, submission.Response{Entry: entry, Answers: answers})
			}
		})
	}
	for _, a := range responses {
		work <- a
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return fmt.Errorf("a demo response to %s: %w", w.Name, err)
		}
	}
	return nil
}

// writeActions records what the council did after each yearly wave: the
// first two years' published, the last year's still being agreed.
func writeActions(ctx context.Context, db *store.DB, waves []*survey.Wave) (int, error) {
	n := 0
	for i, w := range waves {
		for _, a := range actionsAfter[i] {
			a.WaveID = w.ID
			if err := db.CreateAction(ctx, &a); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

func pick(rng *rand.Rand, n int, weight func(int) float64) int {
	total := 0.0
	for i := range n {
		total += weight(i)
	}
	r := rng.Float64() * total
	for i := range n {
		if r -= weight(i); r < 0 {
			return i
		}
	}
	return n - 1
}

func weighted(rng *rand.Rand, values []string, weights []float64) string {
	return values[pick(rng, len(values), func(i int) float64 { return weights[i] })]
}

func clamp(v, low, high float64) float64 { return math.Max(low, math.Min(high, v)) }

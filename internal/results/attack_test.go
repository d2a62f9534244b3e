package results_test

// The attack test plays a determined insider against the results service:
// it answers a wave through the real store in small random chunks, reads
// every view after every chunk, and then solves, by brute force with exact
// rational elimination, for any set of 1 to k−1 respondents whose counts
// everything published determines. It is written apart from the results
// package's own anonymity rules, and reads only the published JSON.

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/submission"
	"github.com/sayso/sayso/internal/survey"
	"github.com/sayso/sayso/surveys"
)

// Populations tried by default, a few seconds' work; `make attack` sets
// ATTACK_POPULATIONS to thousands. ATTACK_SEED moves the first seed, so
// ATTACK_SEED=s ATTACK_POPULATIONS=1 replays the population of seed s.
const (
	attackDefaultPopulations = 24
	attackDefaultSeed        = 1
	attackMaxRespondents     = 30
	attackMaxChunk           = 8
	// attackDetailed bounds the populations whose leaks are told in full;
	// the others get one line each.
	attackDetailed = 12
)

func attackEnv(t *testing.T, name string, fallback uint64) uint64 {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return fallback
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.Fatalf("%s=%q: want a whole number", name, s)
	}
	return v
}

// attackSources are the shipped health check and the custom survey with
// more kinds of breakdown, gate and threshold.
func attackSources(t *testing.T) []*survey.Source {
	t.Helper()
	cat, err := survey.ReadDir(surveys.FS, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	health, ok := cat.Survey("health-check")
	if !ok {
		t.Fatal("no shipped health check")
	}
	data, err := os.ReadFile(filepath.Join("testdata", "attack-custom.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	def, err := survey.Parse("attack-custom.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return []*survey.Source{health, {File: survey.File{Name: "attack-custom.yaml", Data: data}, Definition: def}}
}

// TestAttackFindsNoSmallSetDetermined is the randomised property test of
// issue 13: whatever order people answer in and whenever results are read,
// nothing published determines the answers, or the number, of fewer than k
// people.
func TestAttackFindsNoSmallSetDetermined(t *testing.T) {
	sources := attackSources(t)
	populations := attackEnv(t, "ATTACK_POPULATIONS", attackDefaultPopulations)
	first := attackEnv(t, "ATTACK_SEED", attackDefaultSeed)
	if populations == 0 {
		t.Fatal("ATTACK_POPULATIONS=0: no population to attack")
	}
	summary := &attackSummary{leaking: map[bool]int{}, classes: map[string]int{}}
	t.Cleanup(func() { t.Log(summary) })
	for seed := first; seed < first+populations; seed++ {
		src := sources[seed%uint64(len(sources))]
		t.Run(fmt.Sprintf("%s-seed-%d", src.Definition.ID, seed), func(t *testing.T) {
			t.Parallel()
			pop := newAttackPopulation(t, src.Definition, seed)
			rec := publishAttack(t, src, pop)
			found := rec.solve()
			summary.add(t, pop, rec, found)
		})
	}
}

type attackSummary struct {
	mu       sync.Mutex
	tried    int
	leaking  map[bool]int // populations with a determined set, by level (item or not)
	detailed int
	// classes counts the classes each leaking population's smallest set
	// of each level needs.
	classes map[string]int
}

func levelName(item bool) string {
	if item {
		return "item level"
	}
	return "size level"
}

func (s *attackSummary) add(t *testing.T, pop attackPopulation, rec *attackRecord, found []attackViolation) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tried++
	if len(found) == 0 {
		return
	}
	var smallest []attackViolation
	var explained []attackExplanation
	for _, item := range []bool{true, false} {
		if i := slices.IndexFunc(found, func(v attackViolation) bool { return v.item == item }); i >= 0 {
			s.leaking[item]++
			e := rec.explain(found[i])
			for _, c := range e.classes {
				s.classes[levelName(item)+", class "+c]++
			}
			smallest, explained = append(smallest, found[i]), append(explained, e)
		}
	}
	if s.detailed >= attackDetailed {
		t.Errorf("%s: %d sets determined, the smallest %s (%s)", pop, len(found), rec.describeSet(found[0].set), strings.Join(rec.explain(found[0]).classes, "; "))
		return
	}
	s.detailed++
	var b strings.Builder
	fmt.Fprintf(&b, "%s\npublications at N = %v\n%d sets of 1 to %d respondents are determined; the smallest of each level:\n", pop, rec.published, len(found), rec.def.MinGroupSize-1)
	for i, v := range smallest {
		e := explained[i]
		fmt.Fprintf(&b, "- %s: %s\n", v.check(), rec.describeSet(v.set))
		for r := range respondents(v.set) {
			fmt.Fprintf(&b, "    r%d: %s\n", r+1, rec.respondentLabel(r, v))
		}
		fmt.Fprintf(&b, "    classes: %s\n    as published (%s):\n", strings.Join(e.classes, "; "), e.scope)
		for _, term := range e.terms {
			fmt.Fprintf(&b, "      %s\n", term)
		}
	}
	t.Error(b.String())
}

func (s *attackSummary) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	classes := make([]string, 0, len(s.classes))
	for c, n := range s.classes {
		classes = append(classes, fmt.Sprintf("%d × %s", n, c))
	}
	slices.Sort(classes)
	return fmt.Sprintf("of %d populations, %d leak at item level and %d at size level; what the smallest set of each level needs: %s",
		s.tried, s.leaking[true], s.leaking[false], strings.Join(classes, ", "))
}

// attackPopulation is one random set of responses, in the order they are
// submitted, and the sizes of the chunks they are submitted in.
type attackPopulation struct {
	survey  string
	seed    uint64
	answers []survey.Answers
	chunks  []int
}

func (p attackPopulation) String() string {
	return fmt.Sprintf("%s, seed %d (replay: ATTACK_SEED=%d ATTACK_POPULATIONS=1 go test ./internal/results -run TestAttackFindsNoSmallSetDetermined): %d respondents submitted in chunks %v",
		p.survey, p.seed, p.seed, len(p.answers), p.chunks)
}

// segmentDraw is how one population answers a segment question: a few of
// its values, some far likelier than others, and a chance of skipping it.
type segmentDraw struct {
	values  []string
	weights []float64
	skip    float64
}

func (d segmentDraw) draw(rng *rand.Rand) string {
	if rng.Float64() < d.skip {
		return results.NotAnswered
	}
	total := 0.0
	for _, w := range d.weights {
		total += w
	}
	x := rng.Float64() * total
	for i, w := range d.weights {
		if x < w {
			return d.values[i]
		}
		x -= w
	}
	return d.values[len(d.values)-1]
}

func newAttackPopulation(t *testing.T, def *survey.Definition, seed uint64) attackPopulation {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0x5a75))
	pop := attackPopulation{survey: def.ID, seed: seed}
	draws := map[string]segmentDraw{}
	for _, q := range def.Questions() {
		if !q.Segment {
			continue
		}
		values := optionsOf(q)
		rng.Shuffle(len(values), func(i, j int) { values[i], values[j] = values[j], values[i] })
		d := segmentDraw{values: values[:min(len(values), 2+rng.IntN(3))], skip: 0.15 * rng.Float64()}
		for range d.values {
			d.weights = append(d.weights, rng.ExpFloat64())
		}
		draws[q.ID] = d
	}
	skip := 0.1 + 0.2*rng.Float64()
	n := 2 + rng.IntN(attackMaxRespondents-1)
	for range n {
		a := survey.Answers{}
		for _, q := range def.Questions() {
			switch {
			case !def.Visible(q, a):
			case q.Segment:
				if v := draws[q.ID].draw(rng); v != results.NotAnswered {
					a[q.ID] = segmentAnswer(q, v)
				}
			case q.Required || rng.Float64() >= skip:
				a[q.ID] = randomAnswer(rng, q)
			}
		}
		if errs := def.Check(def.Questions(), a); errs != nil {
			t.Fatalf("seed %d: a made-up response is refused: %v", seed, errs)
		}
		pop.answers = append(pop.answers, a)
	}
	for left := n; left > 0; {
		c := min(left, 1+rng.IntN(attackMaxChunk))
		pop.chunks = append(pop.chunks, c)
		left -= c
	}
	return pop
}

// optionsOf lists the values a choice or yes/no question's groups take.
func optionsOf(q *survey.Question) []string {
	if q.Type == survey.YesNo {
		return []string{"yes", "no"}
	}
	values := make([]string, len(q.Options))
	for i, o := range q.Options {
		values[i] = o.Value
	}
	return values
}

func segmentAnswer(q *survey.Question, value string) survey.Answer {
	if q.Type == survey.YesNo {
		return survey.Answer{Yes: value == "yes"}
	}
	return survey.Answer{Text: value}
}

func randomAnswer(rng *rand.Rand, q *survey.Question) survey.Answer {
	switch q.Type {
	case survey.Agreement:
		return survey.Answer{Number: float64(1 + rng.IntN(5))}
	case survey.Scale:
		return survey.Answer{Number: q.Min + float64(rng.IntN(int(q.Max-q.Min)+1))}
	case survey.Number:
		// Near the low end, where thresholds such as caseloads sit.
		return survey.Answer{Number: q.Min + float64(rng.IntN(int(min(q.Max-q.Min, 25))+1))}
	case survey.Choice:
		return survey.Answer{Text: q.Options[rng.IntN(len(q.Options))].Value}
	case survey.MultiChoice:
		var chosen []string
		for _, o := range q.Options {
			if rng.IntN(2) == 0 {
				chosen = append(chosen, o.Value)
			}
		}
		if chosen == nil {
			chosen = []string{q.Options[0].Value}
		}
		return survey.Answer{Choices: chosen}
	case survey.YesNo:
		return survey.Answer{Yes: rng.IntN(2) == 0}
	}
	return survey.Answer{Text: fmt.Sprintf("comment %d", rng.IntN(1000))}
}

// publishAttack submits a population through the real store, reads every
// view after every chunk and once more after closing the wave, and records
// everything published.
func publishAttack(t *testing.T, src *survey.Source, pop attackPopulation) *attackRecord {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "attack.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	wave, err := db.OpenWave(ctx, store.NewWave{Source: src, Name: "Attack", Access: survey.AccessLink})
	if err != nil {
		t.Fatal(err)
	}
	entry, err := db.Enter(ctx, wave.LinkCode)
	if err != nil {
		t.Fatal(err)
	}
	svc := results.NewService(db)
	submissions := submission.New(db)
	def := src.Definition
	rec := newAttackRecord(def, pop.answers)
	views := [][]string{nil}
	for _, b := range def.Breakdowns {
		views = append(views, b.Questions)
	}
	read := func() {
		t.Helper()
		for view, by := range views {
			r, err := svc.Results(ctx, wave.ID, by)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			var pub publishedResults
			if err := json.Unmarshal(raw, &pub); err != nil {
				t.Fatal(err)
			}
			for _, m := range rec.add(view-1, pub) {
				t.Errorf("%s: what is published is not as the attack reads it (a hidden figure with numbers, or counts not of the first N responses): %s", pop, m)
			}
		}
	}
	submitted := 0
	for _, c := range pop.chunks {
		for _, a := range pop.answers[submitted : submitted+c] {
			if err := submissions.Submit(ctx, submission.Response{Entry: entry, Answers: a}); err != nil {
				t.Fatal(err)
			}
		}
		submitted += c
		read()
	}
	if err := db.CloseWave(ctx, wave.ID); err != nil {
		t.Fatal(err)
	}
	read()
	return rec
}

// What the attack reads of a publication: only numbers, and only where they
// are shown. Anything hidden, absent or null is not published.
type publishedResults struct {
	Responses int  `json:"responses"`
	Hidden    bool `json:"hidden"`
	publishedFigures
	Groups []publishedGroup `json:"groups"`
}

type publishedGroup struct {
	Values    []string `json:"values"`
	Hidden    bool     `json:"hidden"`
	Responses *int     `json:"responses"`
	publishedFigures
}

type publishedFigures struct {
	Indicators []publishedIndicator `json:"indicators"`
	Themes     []publishedTheme     `json:"themes"`
	Questions  []publishedQuestion  `json:"questions"`
}

// carriesNumbers reports whether figures marked hidden show anything.
func (f publishedFigures) carriesNumbers() bool {
	return slices.ContainsFunc(f.Questions, publishedQuestion.carriesNumbers) ||
		slices.ContainsFunc(f.Indicators, func(i publishedIndicator) bool { return i.Value != nil }) ||
		slices.ContainsFunc(f.Themes, func(th publishedTheme) bool { return th.Score != nil })
}

type publishedQuestion struct {
	ID           string            `json:"id"`
	Hidden       bool              `json:"hidden"`
	Answered     *int              `json:"answered"`
	Distribution []publishedBucket `json:"distribution"`
}

func (q publishedQuestion) carriesNumbers() bool {
	return q.Answered != nil && *q.Answered != 0 ||
		slices.ContainsFunc(q.Distribution, func(b publishedBucket) bool { return b.Count != nil && *b.Count != 0 })
}

type publishedBucket struct {
	Value string `json:"value"`
	Count *int   `json:"count"`
}

type publishedIndicator struct {
	ID       string   `json:"id"`
	Hidden   bool     `json:"hidden"`
	Answered *int     `json:"answered"`
	Value    *float64 `json:"value"`
}

type publishedTheme struct {
	ID     string   `json:"id"`
	Hidden bool     `json:"hidden"`
	Score  *float64 `json:"score"`
	Items  int      `json:"items"`
}

// rowKind says what a published count is a sum of.
type rowKind int

const (
	sizeRow         rowKind = iota // a group's responses
	distributionRow                // a segment question's count of one value in a group: the size of a group too
	itemRow                        // a question's answered count and every count of its distribution in a group
	thresholdRow                   // an above indicator's count in a group, as if published for each threshold its question's answers are held to
)

// attackRow is one published linear equation: a sum over the respondents
// in members, each bit a respondent in submission order.
type attackRow struct {
	kind     rowKind
	question string
	n        int // the publication: it covers the first n respondents
	view     int // -1 for the whole wave, else the breakdown
	members  uint64
	label    string
}

func (r attackRow) key() string {
	return fmt.Sprintf("%d|%s|%d|%d|%x", r.kind, r.question, r.n, r.view, r.members)
}

// attackRecord is the population, which the attacker is taken to know up
// to answers, and every equation published about it.
type attackRecord struct {
	def     *survey.Definition
	answers []survey.Answers
	// segments are the segment questions breakdowns use: with the
	// publication that first covers a respondent, their identifying cell.
	segments  []string
	rows      []attackRow
	seen      map[string]bool
	published []int // the distinct response counts published, ascending
}

func newAttackRecord(def *survey.Definition, answers []survey.Answers) *attackRecord {
	r := &attackRecord{def: def, answers: answers, seen: map[string]bool{}}
	for _, b := range def.Breakdowns {
		for _, id := range b.Questions {
			if !slices.Contains(r.segments, id) {
				r.segments = append(r.segments, id)
			}
		}
	}
	slices.Sort(r.segments)
	return r
}

func (r *attackRecord) row(row attackRow) {
	if row.members == 0 || r.seen[row.key()] {
		return
	}
	r.seen[row.key()] = true
	r.rows = append(r.rows, row)
}

// respondentsWhere is the set of respondents whose answers pass.
func (r *attackRecord) respondentsWhere(pass func(survey.Answers) bool) uint64 {
	var set uint64
	for i, a := range r.answers {
		if pass(a) {
			set |= 1 << i
		}
	}
	return set
}

func (r *attackRecord) answeredBy(id string) uint64 {
	return r.respondentsWhere(func(a survey.Answers) bool { _, ok := a[id]; return ok })
}

// answeredExactly is who answered exactly m of a theme's statements.
func (r *attackRecord) answeredExactly(theme string, m int) uint64 {
	return r.respondentsWhere(func(a survey.Answers) bool {
		answered := 0
		for _, q := range r.def.ThemeQuestions(theme) {
			if _, ok := a[q.ID]; ok {
				answered++
			}
		}
		return answered == m
	})
}

func themeSetName(theme string, m int) string {
	return fmt.Sprintf("theme %s, %d statements", theme, m)
}

// segmentValue is a respondent's group for a choice or yes/no question.
func segmentValue(q *survey.Question, answers survey.Answers) string {
	a, ok := answers[q.ID]
	switch {
	case !ok:
		return results.NotAnswered
	case q.Type == survey.YesNo:
		return survey.YesNoValue(a.Yes)
	}
	return a.Text
}

// holds reports whether an answer counts towards one value of a
// question's distribution.
func holds(q *survey.Question, a survey.Answer, value string) bool {
	switch q.Type {
	case survey.Choice:
		return a.Text == value
	case survey.MultiChoice:
		return slices.Contains(a.Choices, value)
	case survey.YesNo:
		return survey.YesNoValue(a.Yes) == value
	}
	v, err := strconv.ParseFloat(value, 64)
	return err == nil && v == a.Number
}

func groupName(b survey.Breakdown, values []string) string {
	parts := make([]string, len(values))
	for i, id := range b.Questions {
		v := values[i]
		if v == results.NotAnswered {
			v = "(not answered)"
		}
		parts[i] = id + "=" + v
	}
	return strings.Join(parts, ", ")
}

// add records one view of one publication (view -1 is the whole wave
// alone) and returns every number that does not match the first
// pub.Responses respondents.
func (r *attackRecord) add(view int, pub publishedResults) []string {
	n := pub.Responses
	if n < 0 || n > len(r.answers) || n > 63 {
		return []string{fmt.Sprintf("a publication of %d responses, of %d submitted", n, len(r.answers))}
	}
	if i, found := slices.BinarySearch(r.published, n); !found {
		r.published = slices.Insert(r.published, i, n)
	}
	wave := uint64(1)<<n - 1
	at := fmt.Sprintf("N=%d", n)
	r.row(attackRow{kind: sizeRow, n: n, view: -1, members: wave, label: at + " whole wave: responses"})
	var mismatches []string
	if !pub.Hidden {
		mismatches = r.figures(n, -1, at+" whole wave", wave, pub.publishedFigures)
	} else if pub.carriesNumbers() {
		mismatches = append(mismatches, at+": the whole wave is hidden but carries numbers")
	}
	if view < 0 {
		return mismatches
	}
	b := r.def.Breakdowns[view]
	for _, g := range pub.Groups {
		if g.Hidden {
			if g.Responses != nil || g.carriesNumbers() {
				mismatches = append(mismatches, fmt.Sprintf("%s: group %q of breakdown %v is hidden but carries numbers", at, g.Values, b.Questions))
			}
			continue
		}
		if len(g.Values) != len(b.Questions) {
			mismatches = append(mismatches, fmt.Sprintf("%s: a group of breakdown %v has values %q", at, b.Questions, g.Values))
			continue
		}
		members := wave & r.respondentsWhere(func(a survey.Answers) bool {
			for i, id := range b.Questions {
				q, _ := r.def.Question(id)
				if segmentValue(q, a) != g.Values[i] {
					return false
				}
			}
			return true
		})
		name := at + " " + groupName(b, g.Values)
		if g.Responses != nil {
			if *g.Responses != bits.OnesCount64(members) {
				mismatches = append(mismatches, fmt.Sprintf("%s: %d responses published, %d counted", name, *g.Responses, bits.OnesCount64(members)))
			}
			r.row(attackRow{kind: sizeRow, n: n, view: view, members: members, label: name + ": responses"})
		}
		mismatches = append(mismatches, r.figures(n, view, name, members, g.publishedFigures)...)
	}
	return mismatches
}

// figures records what one group's figures publish: per question, the
// answered count and distribution; per indicator, the answers it is made
// from and, for a threshold that depends on an answer, the subgroups it
// splits; per theme, its items when it is made from items not shown.
func (r *attackRecord) figures(n, view int, name string, members uint64, f publishedFigures) []string {
	var mismatches []string
	mismatch := func(format string, args ...any) {
		mismatches = append(mismatches, name+": "+fmt.Sprintf(format, args...))
	}
	shown := map[string]bool{}
	for _, pq := range f.Questions {
		q, ok := r.def.Question(pq.ID)
		if !ok {
			mismatch("question %q is not in the definition", pq.ID)
			continue
		}
		if pq.Hidden {
			if pq.carriesNumbers() {
				mismatch("%s is hidden but carries numbers", q.ID)
			}
			continue
		}
		if q.Type == survey.Text {
			continue
		}
		answered := members & r.answeredBy(q.ID)
		published := pq.Answered != nil
		if published && *pq.Answered != bits.OnesCount64(answered) {
			mismatch("%s answered by %d, %d counted", q.ID, *pq.Answered, bits.OnesCount64(answered))
		}
		for _, bucket := range pq.Distribution {
			if bucket.Count == nil {
				continue
			}
			published = true
			holders := answered & r.respondentsWhere(func(a survey.Answers) bool { return holds(q, a[q.ID], bucket.Value) })
			if *bucket.Count != bits.OnesCount64(holders) {
				mismatch("%s=%s counted %d times, %d counted", q.ID, bucket.Value, *bucket.Count, bits.OnesCount64(holders))
			}
			if slices.Contains(r.segments, q.ID) {
				r.row(attackRow{kind: distributionRow, question: q.ID, n: n, view: view, members: holders, label: fmt.Sprintf("%s: distribution of %s, %s", name, q.ID, bucket.Value)})
			}
		}
		if published {
			shown[q.ID] = bits.OnesCount64(answered) > 0
			r.row(attackRow{kind: itemRow, question: q.ID, n: n, view: view, members: answered, label: fmt.Sprintf("%s: %s answered", name, q.ID)})
		}
	}
	for _, pi := range f.Indicators {
		i := slices.IndexFunc(r.def.Indicators, func(ind *survey.Indicator) bool { return ind.ID == pi.ID })
		if i < 0 {
			mismatch("indicator %q is not in the definition", pi.ID)
			continue
		}
		if pi.Hidden && pi.Value != nil {
			mismatch("indicator %s is hidden but has a value", pi.ID)
		}
		if pi.Hidden || pi.Value == nil {
			continue
		}
		ind := r.def.Indicators[i]
		answered := members & r.answeredBy(ind.Question)
		r.row(attackRow{kind: itemRow, question: ind.Question, n: n, view: view, members: answered, label: fmt.Sprintf("%s: indicator %s", name, ind.ID)})
		if ind.Kind != survey.Above {
			continue
		}
		above := answered & r.respondentsWhere(func(a survey.Answers) bool {
			return a[ind.Question].Number > ind.Threshold.For(a[ind.Threshold.By].Text)
		})
		if pi.Answered != nil {
			if got := int(math.Round(*pi.Value * float64(*pi.Answered) / 100)); got != bits.OnesCount64(above) {
				mismatch("indicator %s counts %d above its threshold, %d counted", ind.ID, got, bits.OnesCount64(above))
			}
		}
		if ind.Threshold.By == "" {
			continue
		}
		// Answers held to the same threshold are never told apart by the
		// indicator: one subgroup each threshold.
		by, _ := r.def.Question(ind.Threshold.By)
		held := map[float64]uint64{}
		for _, s := range append(optionsOf(by), results.NotAnswered) {
			held[ind.Threshold.For(s)] |= answered & r.respondentsWhere(func(a survey.Answers) bool { return segmentValue(by, a) == s })
		}
		for _, threshold := range slices.Sorted(maps.Keys(held)) {
			r.row(attackRow{kind: thresholdRow, question: ind.Question, n: n, view: view, members: held[threshold], label: fmt.Sprintf("%s: indicator %s among those held to %g", name, ind.ID, threshold)})
		}
	}
	for _, th := range f.Themes {
		if th.Hidden || th.Score == nil {
			continue
		}
		// A theme's score is each person's mean of the statements they
		// answered: it sums, apart, the answers of those who answered
		// exactly m of them, for each m.
		for m := 1; m <= len(r.def.ThemeQuestions(th.ID)); m++ {
			r.row(attackRow{kind: itemRow, question: themeSetName(th.ID, m), n: n, view: view, members: members & r.answeredExactly(th.ID, m), label: fmt.Sprintf("%s: theme %s, those who answered %d of its statements", name, th.ID, m)})
		}
		var items []string
		showing := 0
		for _, q := range r.def.ThemeQuestions(th.ID) {
			if members&r.answeredBy(q.ID) != 0 {
				items = append(items, q.ID)
			}
			if shown[q.ID] {
				showing++
			}
		}
		if th.Items <= showing {
			continue
		}
		// Made from more items than are shown: take it as publishing each.
		for _, id := range items {
			r.row(attackRow{kind: itemRow, question: id, n: n, view: view, members: members & r.answeredBy(id), label: fmt.Sprintf("%s: theme %s, with %s", name, th.ID, id)})
		}
	}
	return mismatches
}

// attackViolation is a set of 1 to k−1 respondents that what is published
// determines: at item level, a question's answers of those who gave them;
// at size level, how many people a union of identifying cells holds.
type attackViolation struct {
	item     bool
	question string // the question whose rows were used; none for sizes alone
	set      uint64
}

func (v attackViolation) check() string {
	switch {
	case v.item:
		return fmt.Sprintf("item level: the answers to %s of", v.question)
	case v.question != "":
		return fmt.Sprintf("size level, with the answered counts of %s: the number of", v.question)
	}
	return "size level, from group sizes and segment distributions: the number of"
}

func respondents(set uint64) func(func(int) bool) {
	return func(yield func(int) bool) {
		for s := set; s != 0; s &= s - 1 {
			if !yield(bits.TrailingZeros64(s)) {
				return
			}
		}
	}
}

func (r *attackRecord) describeSet(set uint64) string {
	var names []string
	for i := range respondents(set) {
		names = append(names, fmt.Sprintf("r%d", i+1))
	}
	return "{" + strings.Join(names, ", ") + "}"
}

// epoch is the publication that first covers respondent i; one past the
// last when none does.
func (r *attackRecord) epoch(i int) int {
	e, _ := slices.BinarySearch(r.published, i+1)
	return e
}

// covered is every respondent some publication covers.
func (r *attackRecord) covered() uint64 {
	if len(r.published) == 0 {
		return 0
	}
	return uint64(1)<<r.published[len(r.published)-1] - 1
}

func (r *attackRecord) cell(i int) string {
	parts := make([]string, 0, len(r.segments)+1)
	for _, id := range r.segments {
		q, _ := r.def.Question(id)
		parts = append(parts, id+"="+segmentValue(q, r.answers[i]))
	}
	return strings.Join(append(parts, strconv.Itoa(r.epoch(i))), " ")
}

// respondentLabel is a respondent's cell and, for an item-level set, the
// answer that leaks.
func (r *attackRecord) respondentLabel(i int, v attackViolation) string {
	label := r.cellLabel(i)
	a, ok := r.answers[i][v.question]
	if !v.item || !ok {
		return label
	}
	q, _ := r.def.Question(v.question)
	answer := strconv.FormatFloat(a.Number, 'f', -1, 64)
	switch q.Type {
	case survey.Choice, survey.YesNo:
		answer = segmentValue(q, r.answers[i])
	case survey.MultiChoice:
		answer = strings.Join(a.Choices, " and ")
	}
	return fmt.Sprintf("%s; answered %s: %s", label, v.question, answer)
}

func (r *attackRecord) cellLabel(i int) string {
	var parts []string
	for _, id := range r.segments {
		q, _ := r.def.Question(id)
		v := segmentValue(q, r.answers[i])
		if v == results.NotAnswered {
			v = "(not answered)"
		}
		parts = append(parts, id+"="+v)
	}
	return fmt.Sprintf("%s; first published at N=%d", strings.Join(parts, ", "), r.published[r.epoch(i)])
}

// wholeEpochs reports whether a set is every respondent of some
// publications' new arrivals: its size is the live count, public by
// design, and says nothing of anyone's answers or groups.
func (r *attackRecord) wholeEpochs(set uint64) bool {
	prev := 0
	for _, n := range r.published {
		epoch := uint64(1)<<n - 1 ^ (uint64(1)<<prev - 1)
		if in := set & epoch; in != 0 && in != epoch {
			return false
		}
		prev = n
	}
	return true
}

func (r *attackRecord) masks(keep func(attackRow) bool) []uint64 {
	var out []uint64
	for _, row := range r.rows {
		if keep(row) && !slices.Contains(out, row.members) {
			out = append(out, row.members)
		}
	}
	return out
}

func isCount(row attackRow) bool { return row.kind == sizeRow || row.kind == distributionRow }

// solve finds every set of 1 to k−1 covered respondents that the published
// rows determine, smallest first:
//
//   - item level, for each question q but text: a set S of q's answerers
//     whose indicator is in the span of q's item and threshold rows, the
//     non-answerers being known (so S's answers to q are determined);
//   - size level: a union S of identifying cells, not merely whole
//     publications' arrivals, whose indicator is in the span of the group
//     sizes and segment distributions, alone and with the answered counts
//     of each required question (so the number of people in S is
//     determined). Who answers a required question is fixed by the
//     definition (everyone its show_if asks); who answers an optional one
//     is an answer, and its count is a bar of a distribution, no size.
func (r *attackRecord) solve() []attackViolation {
	covered := r.covered()
	if covered == 0 {
		return nil
	}
	k := r.def.MinGroupSize
	width := bits.Len64(covered)
	found := map[uint64]attackViolation{}
	note := func(v attackViolation) {
		if _, dup := found[v.set]; !dup {
			found[v.set] = v
		}
	}
	counts := r.masks(isCount)
	base := newSpan(width, 0)
	for _, m := range counts {
		base.add(m)
	}
	cells := r.cells(width)
	sizeLevel := func(s *span, rows []uint64, question string) {
		units := joinUnits(classes(width, covered, rows), cells)
		enumerate(s, units, k-1, func(set uint64) {
			if !r.wholeEpochs(set) {
				note(attackViolation{question: question, set: set})
			}
		})
	}
	sizeLevel(base, counts, "")
	for _, q := range r.def.Questions() {
		if q.Type == survey.Text {
			continue
		}
		items := r.masks(func(row attackRow) bool { return row.question == q.ID && row.kind == itemRow })
		itemRows := append(r.masks(func(row attackRow) bool { return row.question == q.ID && row.kind == thresholdRow }), items...)
		if len(itemRows) > 0 {
			s := newSpan(width, 0)
			for _, m := range itemRows {
				s.add(m)
			}
			enumerate(s, classes(width, covered&r.answeredBy(q.ID), itemRows), k-1, func(set uint64) {
				note(attackViolation{item: true, question: q.ID, set: set})
			})
		}
		if !q.Required {
			continue
		}
		extended := base.clone()
		for _, m := range items {
			extended.add(m)
		}
		if extended.rank() > base.rank() {
			sizeLevel(extended, append(slices.Clone(counts), items...), q.ID)
		}
	}
	for _, th := range r.def.Themes {
		for m := 1; m <= len(r.def.ThemeQuestions(th.ID)); m++ {
			name := themeSetName(th.ID, m)
			rows := r.masks(func(row attackRow) bool { return row.question == name && row.kind == itemRow })
			if len(rows) == 0 {
				continue
			}
			s := newSpan(width, 0)
			for _, mask := range rows {
				s.add(mask)
			}
			enumerate(s, classes(width, covered&r.answeredExactly(th.ID, m), rows), k-1, func(set uint64) {
				note(attackViolation{item: true, question: name, set: set})
			})
		}
	}
	out := make([]attackViolation, 0, len(found))
	for _, v := range found {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b attackViolation) int {
		return cmp.Or(cmp.Compare(bits.OnesCount64(a.set), bits.OnesCount64(b.set)), cmp.Compare(a.set, b.set))
	})
	return out
}

// cells numbers each covered respondent's identifying cell.
func (r *attackRecord) cells(width int) []int {
	ids := map[string]int{}
	out := make([]int, width)
	for i := range width {
		c := r.cell(i)
		if _, ok := ids[c]; !ok {
			ids[c] = len(ids)
		}
		out[i] = ids[c]
	}
	return out
}

// classes groups the given respondents by their column in the rows: a
// vector in the rows' span is the same on all of a class, so a determined
// set is a union of whole classes.
func classes(width int, among uint64, rows []uint64) []uint64 {
	byColumn := map[string]uint64{}
	var order []string
	for i := range width {
		if among&(1<<i) == 0 {
			continue
		}
		column := make([]byte, (len(rows)+7)/8)
		for j, m := range rows {
			if m&(1<<i) != 0 {
				column[j/8] |= 1 << (j % 8)
			}
		}
		key := string(column)
		if _, ok := byColumn[key]; !ok {
			order = append(order, key)
		}
		byColumn[key] |= 1 << i
	}
	out := make([]uint64, len(order))
	for i, key := range order {
		out[i] = byColumn[key]
	}
	return out
}

// joinUnits merges classes that share an identifying cell: a size-level set
// is a union of whole classes and of whole cells.
func joinUnits(classes []uint64, cells []int) []uint64 {
	units := slices.Clone(classes)
	for merged := true; merged; {
		merged = false
		for a := 0; a < len(units); a++ {
			for b := a + 1; b < len(units); b++ {
				if shareCell(units[a], units[b], cells) {
					units[a] |= units[b]
					units = slices.Delete(units, b, b+1)
					merged = true
					b--
				}
			}
		}
	}
	return units
}

func shareCell(a, b uint64, cells []int) bool {
	for i := range respondents(a) {
		for j := range respondents(b) {
			if cells[i] == cells[j] {
				return true
			}
		}
	}
	return false
}

// attackPrime is the modulus of the quick filter before the exact check:
// a sum that is zero is zero modulo it too, so the filter loses nothing.
const attackPrime = 1<<61 - 1

// enumerate calls found with every union of units of 1 to most respondents
// whose indicator is in the span: orthogonal to every vector of its kernel,
// checked modulo a prime, then exactly.
func enumerate(s *span, units []uint64, most int, found func(uint64)) {
	kernel := s.kernel()
	type unit struct {
		set   uint64
		size  int
		exact [][]*big.Int // per kernel vector, the unit's entries
		quick []uint64     // per kernel vector, their sum modulo the prime
	}
	var us []unit
	for _, set := range units {
		size := bits.OnesCount64(set)
		if size > most {
			continue
		}
		u := unit{set: set, size: size, exact: make([][]*big.Int, len(kernel)), quick: make([]uint64, len(kernel))}
		for j, z := range kernel {
			sum := new(big.Int)
			for i := range respondents(set) {
				u.exact[j] = append(u.exact[j], z[i])
				sum.Add(sum, z[i])
			}
			u.quick[j] = sum.Mod(sum, big.NewInt(attackPrime)).Uint64()
		}
		us = append(us, u)
	}
	exactly := func(chosen []int) bool {
		for j := range kernel {
			sum := new(big.Int)
			for _, c := range chosen {
				for _, z := range us[c].exact[j] {
					sum.Add(sum, z)
				}
			}
			if sum.Sign() != 0 {
				return false
			}
		}
		return true
	}
	sums := make([][]uint64, most+1)
	for d := range sums {
		sums[d] = make([]uint64, len(kernel))
	}
	var chosen []int
	var walk func(from, size int, set uint64)
	walk = func(from, size int, set uint64) {
		depth := len(chosen)
		for c := from; c < len(us); c++ {
			u := us[c]
			if size+u.size > most {
				continue
			}
			zero := true
			for j := range kernel {
				sums[depth+1][j] = (sums[depth][j] + u.quick[j]) % attackPrime
				zero = zero && sums[depth+1][j] == 0
			}
			chosen = append(chosen, c)
			if zero && exactly(chosen) {
				found(set | u.set)
			}
			walk(c+1, size+u.size, set|u.set)
			chosen = chosen[:depth]
		}
	}
	walk(0, 0, 0)
}

// span is the row space of 0/1 rows over the first width respondents, in
// reduced row echelon form with exact rationals. With tracking, it also
// writes each basis row as a combination of the rows added, in order.
type span struct {
	width  int
	basis  [][]*big.Rat
	pivots []int
	combos [][]*big.Rat
	track  int // how many rows may be added with tracking; 0 for none
	added  int
}

func newSpan(width, track int) *span { return &span{width: width, track: track} }

func (s *span) rank() int { return len(s.basis) }

func (s *span) clone() *span {
	c := &span{width: s.width, pivots: slices.Clone(s.pivots), track: s.track, added: s.added}
	for i, row := range s.basis {
		c.basis = append(c.basis, cloneRats(row))
		if s.track > 0 {
			c.combos = append(c.combos, cloneRats(s.combos[i]))
		}
	}
	return c
}

func cloneRats(v []*big.Rat) []*big.Rat {
	out := make([]*big.Rat, len(v))
	for i, x := range v {
		out[i] = new(big.Rat).Set(x)
	}
	return out
}

func rats(n int) []*big.Rat {
	v := make([]*big.Rat, n)
	for i := range v {
		v[i] = new(big.Rat)
	}
	return v
}

func (s *span) vector(mask uint64) []*big.Rat {
	v := rats(s.width)
	for i := range respondents(mask) {
		v[i].SetInt64(1)
	}
	return v
}

// reduce takes from v (and its combination) every basis row at whose pivot
// v is not zero.
func (s *span) reduce(v, combo []*big.Rat) {
	f, t := new(big.Rat), new(big.Rat)
	for i, p := range s.pivots {
		if v[p].Sign() == 0 {
			continue
		}
		f.Set(v[p])
		subtract(v, s.basis[i], f, t)
		if combo != nil {
			subtract(combo, s.combos[i], f, t)
		}
	}
}

// subtract sets v to v − f×row.
func subtract(v, row []*big.Rat, f, t *big.Rat) {
	for j, x := range row {
		if x.Sign() != 0 {
			v[j].Sub(v[j], t.Mul(f, x))
		}
	}
}

func (s *span) add(mask uint64) {
	v := s.vector(mask)
	var combo []*big.Rat
	if s.track > 0 {
		combo = rats(s.track)
		combo[s.added].SetInt64(1)
	}
	s.added++
	s.reduce(v, combo)
	p := slices.IndexFunc(v, func(x *big.Rat) bool { return x.Sign() != 0 })
	if p < 0 {
		return
	}
	inv := new(big.Rat).Inv(v[p])
	for _, x := range v {
		x.Mul(x, inv)
	}
	for _, x := range combo {
		x.Mul(x, inv)
	}
	f, t := new(big.Rat), new(big.Rat)
	for i, row := range s.basis {
		if row[p].Sign() != 0 {
			f.Set(row[p])
			subtract(row, v, f, t)
			if combo != nil {
				subtract(s.combos[i], combo, f, t)
			}
		}
	}
	s.basis = append(s.basis, v)
	s.pivots = append(s.pivots, p)
	if combo != nil {
		s.combos = append(s.combos, combo)
	}
}

// combination writes a set's indicator as a combination of the rows added
// (with tracking), or returns false when it is not in the span.
func (s *span) combination(set uint64) ([]*big.Rat, bool) {
	v := s.vector(set)
	var combo []*big.Rat
	if s.track > 0 {
		combo = rats(s.track)
	}
	s.reduce(v, combo)
	if slices.ContainsFunc(v, func(x *big.Rat) bool { return x.Sign() != 0 }) {
		return nil, false
	}
	// v = set − Σ c_i basis_i = 0, and combo holds −Σ c_i combos_i.
	for _, x := range combo {
		x.Neg(x)
	}
	return combo, true
}

// kernel is a basis of the vectors every row is orthogonal to, each scaled
// to whole numbers: a set's indicator is in the span exactly when it is
// orthogonal to all of them.
func (s *span) kernel() [][]*big.Int {
	var out [][]*big.Int
	for f := range s.width {
		if slices.Contains(s.pivots, f) {
			continue
		}
		z := rats(s.width)
		z[f].SetInt64(1)
		for i, p := range s.pivots {
			z[p].Neg(s.basis[i][f])
		}
		lcm := big.NewInt(1)
		for _, x := range z {
			g := new(big.Int).GCD(nil, nil, lcm, x.Denom())
			lcm.Mul(lcm, g.Div(x.Denom(), g))
		}
		whole := make([]*big.Int, s.width)
		for i, x := range z {
			whole[i] = new(big.Int).Mul(x.Num(), new(big.Int).Div(lcm, x.Denom()))
		}
		out = append(out, whole)
	}
	return out
}

// attackExplanation says what a determined set needs and shows the
// published rows that, added up, give it.
type attackExplanation struct {
	classes []string
	scope   string
	terms   []string
}

// explain finds the narrowest part of what was published that still
// determines a set: one publication, one breakdown, without thresholds or
// segment distributions where it can. What cannot be left out names the
// issue's classes of failure.
func (r *attackRecord) explain(v attackViolation) attackExplanation {
	rows := slices.DeleteFunc(slices.Clone(r.rows), func(row attackRow) bool {
		switch {
		case v.item:
			return row.question != v.question || !(row.kind == itemRow || row.kind == thresholdRow)
		case isCount(row):
			return false
		}
		return row.question != v.question || row.kind != itemRow
	})
	width := bits.Len64(r.covered())
	determines := func(rows []attackRow) bool {
		s := newSpan(width, 0)
		for _, row := range rows {
			s.add(row.members)
		}
		_, ok := s.combination(v.set)
		return ok
	}
	narrow := func(keep func(attackRow) bool) ([]attackRow, bool) {
		kept := slices.DeleteFunc(slices.Clone(rows), func(row attackRow) bool { return !keep(row) })
		return kept, determines(kept)
	}
	var e attackExplanation
	var scope []string
	needs := func(class string, keep func(attackRow) bool) {
		if kept, ok := narrow(keep); ok {
			rows = kept
		} else {
			e.classes = append(e.classes, class)
		}
	}
	single := func(class, what string, options []int, of func(attackRow) int) {
		for _, o := range options {
			if kept, ok := narrow(func(row attackRow) bool { return of(row) == o || of(row) == -1 }); ok {
				rows = kept
				scope = append(scope, fmt.Sprintf(what, o))
				return
			}
		}
		e.classes = append(e.classes, class)
	}
	single("2: time differencing (needs several publications)", "publication N=%d only", r.published, func(row attackRow) int { return row.n })
	breakdowns := make([]int, len(r.def.Breakdowns))
	for b := range breakdowns {
		breakdowns[b] = b
	}
	single("1: subtraction across breakdowns", "the whole wave and breakdown %d only", breakdowns, func(row attackRow) int { return row.view })
	needs("4: threshold subgroups", func(row attackRow) bool { return row.kind != thresholdRow })
	needs("7: segment distributions give group sizes", func(row attackRow) bool { return row.kind != distributionRow })
	switch {
	case v.item && len(e.classes) == 0:
		e.classes = append(e.classes, "3: item non-response or show_if (too few answers within one group)")
	case !v.item && v.question != "":
		needs("3: answered counts (item non-response or show_if)", func(row attackRow) bool { return row.kind != itemRow })
	case len(e.classes) == 0:
		e.classes = append(e.classes, "1: a hidden group is a shown total minus the rest")
	}
	e.scope = strings.Join(append(scope, fmt.Sprintf("%d rows", len(rows))), ", ")
	s := newSpan(width, len(rows))
	for _, row := range rows {
		s.add(row.members)
	}
	combo, _ := s.combination(v.set)
	for i, c := range combo {
		if c.Sign() == 0 {
			continue
		}
		value := fmt.Sprintf(" (= %d)", bits.OnesCount64(rows[i].members))
		if rows[i].kind == thresholdRow {
			value = ""
		}
		e.terms = append(e.terms, fmt.Sprintf("%s × [%s%s]", c.RatString(), rows[i].label, value))
	}
	return e
}

// attackTinyDefinition is small enough to write publications of by hand.
var attackTinyDefinition = results.SharedFixture("attack-tiny.yaml")

// handPublication is one view of a publication written by hand: what it
// shows of the first n respondents.
type handPublication struct {
	n          int
	view       int      // the breakdown, or -1 for the whole wave alone
	wave       bool     // the whole wave's figures are shown
	groups     []string // the shown groups, by their values joined with ","
	questions  []string // shown in the whole wave and in every shown group
	hidden     []string // questions marked hidden there
	indicators []string
}

// handPerson answers team and rank, q from 1 to 5 (0 skips it) and cases
// (-1 skips it).
type handPerson struct {
	team, rank string
	q, cases   int
}

func (p handPerson) answers() survey.Answers {
	a := survey.Answers{"team": {Text: p.team}, "rank": {Text: p.rank}}
	if p.q > 0 {
		a["q"] = survey.Answer{Number: float64(p.q)}
	}
	if p.cases >= 0 {
		a["cases"] = survey.Answer{Number: float64(p.cases)}
	}
	return a
}

func people(n int, p handPerson) []handPerson { return slices.Repeat([]handPerson{p}, n) }

// handFigures counts what a hand publication shows of a group.
func handFigures(def *survey.Definition, answers []survey.Answers, hp handPublication) publishedFigures {
	var f publishedFigures
	for _, id := range hp.questions {
		q, _ := def.Question(id)
		pq := publishedQuestion{ID: id, Answered: new(int)}
		var values []string
		for _, a := range answers {
			if got, ok := a[id]; ok {
				*pq.Answered++
				values = append(values, strconv.FormatFloat(got.Number, 'f', -1, 64))
			}
		}
		if q.Type == survey.Choice || q.Type == survey.MultiChoice || q.Type == survey.YesNo {
			values = optionsOf(q)
		}
		slices.Sort(values)
		for _, v := range slices.Compact(values) {
			count := 0
			for _, a := range answers {
				if got, ok := a[id]; ok && holds(q, got, v) {
					count++
				}
			}
			pq.Distribution = append(pq.Distribution, publishedBucket{Value: v, Count: &count})
		}
		f.Questions = append(f.Questions, pq)
	}
	for _, id := range hp.hidden {
		f.Questions = append(f.Questions, publishedQuestion{ID: id, Hidden: true})
	}
	for _, id := range hp.indicators {
		i := slices.IndexFunc(def.Indicators, func(ind *survey.Indicator) bool { return ind.ID == id })
		ind := def.Indicators[i]
		answered, above := 0, 0
		for _, a := range answers {
			if got, ok := a[ind.Question]; ok {
				answered++
				if ind.Kind == survey.Above && got.Number > ind.Threshold.For(a[ind.Threshold.By].Text) {
					above++
				}
			}
		}
		if answered > 0 {
			value := 100 * float64(above) / float64(answered)
			f.Indicators = append(f.Indicators, publishedIndicator{ID: id, Answered: &answered, Value: &value})
		}
	}
	return f
}

func handResults(def *survey.Definition, answers []survey.Answers, hp handPublication) publishedResults {
	covered := answers[:hp.n]
	pub := publishedResults{Responses: hp.n, Hidden: !hp.wave}
	if hp.wave {
		pub.publishedFigures = handFigures(def, covered, hp)
	}
	if hp.view < 0 {
		return pub
	}
	b := def.Breakdowns[hp.view]
	for _, key := range hp.groups {
		values := strings.Split(key, ",")
		var members []survey.Answers
		for _, a := range covered {
			if groupKey(def, b, a) == key {
				members = append(members, a)
			}
		}
		pub.Groups = append(pub.Groups, publishedGroup{Values: values, Responses: ptrTo(len(members)), publishedFigures: handFigures(def, members, hp)})
	}
	return pub
}

// groupKey is a respondent's group of a breakdown, its values joined with ",".
func groupKey(def *survey.Definition, b survey.Breakdown, a survey.Answers) string {
	values := make([]string, len(b.Questions))
	for i, id := range b.Questions {
		q, _ := def.Question(id)
		values[i] = segmentValue(q, a)
	}
	return strings.Join(values, ",")
}

func ptrTo(v int) *int { return &v }

// leakyPublications shows much after every chunk: every view, each group
// with anyone in it by the toss of a coin, every question and indicator.
func leakyPublications(def *survey.Definition, pop attackPopulation) []handPublication {
	rng := rand.New(rand.NewPCG(pop.seed, 0x1ea4))
	var questions, indicators []string
	for _, q := range def.Questions() {
		if q.Type != survey.Text {
			questions = append(questions, q.ID)
		}
	}
	for _, ind := range def.Indicators {
		indicators = append(indicators, ind.ID)
	}
	var pubs []handPublication
	n := 0
	for _, c := range pop.chunks {
		n += c
		pubs = append(pubs, handPublication{n: n, view: -1, wave: true, questions: questions, indicators: indicators})
		for view, b := range def.Breakdowns {
			var groups []string
			for _, a := range pop.answers[:n] {
				if key := groupKey(def, b, a); !slices.Contains(groups, key) && rng.IntN(2) == 0 {
					groups = append(groups, key)
				}
			}
			pubs = append(pubs, handPublication{n: n, view: view, wave: true, groups: groups, questions: questions, indicators: indicators})
		}
	}
	return pubs
}

// TestAttackSolverFindsKnownLeaks shows the solver is not blind: each
// leaking record is reported, with the class of failure it belongs to, and
// a safe one is not.
func TestAttackSolverFindsKnownLeaks(t *testing.T) {
	def, err := survey.Parse("attack-tiny.yaml", []byte(attackTinyDefinition))
	if err != nil {
		t.Fatal(err)
	}
	const team, rank, pair = 0, 1, 2
	ax := handPerson{"a", "x", 4, 8}
	bx, by := handPerson{"b", "x", 2, 8}, handPerson{"b", "y", 2, 3}
	tests := []struct {
		name         string
		people       []handPerson
		publications []handPublication
		set          []int  // respondents, from 1, that must be found determined; none for a safe record
		class        string // the class the set's explanation must name
	}{
		{
			name:         "a hidden group is the total minus the rest: 10 in all, team a 6, team b 3",
			people:       slices.Concat(people(6, ax), people(3, bx), people(1, handPerson{"c", "x", 5, 8})),
			publications: []handPublication{{n: 10, view: team, wave: true, groups: []string{"a", "b"}, questions: []string{"q"}}},
			set:          []int{10}, class: "1: a hidden group is a shown total minus the rest",
		},
		{
			name:   "team a grows by one between two publications",
			people: slices.Concat(people(3, ax), people(3, bx), people(1, handPerson{"a", "x", 1, 8}), people(1, bx)),
			publications: []handPublication{
				{n: 6, view: team, wave: true, groups: []string{"a", "b"}, questions: []string{"q"}},
				{n: 8, view: team, wave: true, groups: []string{"a", "b"}, questions: []string{"q"}},
			},
			set: []int{7}, class: "2: time differencing",
		},
		{
			name:         "an item answered by one person in a shown whole wave",
			people:       slices.Concat(people(4, handPerson{"a", "x", 0, 8}), people(1, ax)),
			publications: []handPublication{{n: 5, view: -1, wave: true, questions: []string{"q"}}},
			set:          []int{5}, class: "3: item non-response",
		},
		{
			name:         "a threshold that depends on rank splits out the one person of rank y",
			people:       slices.Concat(people(4, ax), people(1, handPerson{"a", "y", 4, 8})),
			publications: []handPublication{{n: 5, view: -1, wave: true, questions: []string{"cases"}, indicators: []string{"many-cases"}}},
			set:          []int{5}, class: "4: threshold subgroups",
		},
		{
			name:   "team a minus its shown pair cell is its hidden pair cell of one",
			people: slices.Concat(people(3, ax), people(1, handPerson{"a", "y", 4, 8}), people(3, bx), people(3, by), people(1, handPerson{"c", "x", 4, 8}), people(1, handPerson{"c", "y", 4, 8})),
			publications: []handPublication{
				{n: 12, view: team, wave: true, groups: []string{"a", "b"}},
				{n: 12, view: pair, wave: true, groups: []string{"a,x", "b,x", "b,y"}},
			},
			set: []int{4}, class: "1: subtraction across breakdowns",
		},
		{
			name:   "a segment distribution gives the size of a hidden rank",
			people: slices.Concat(people(4, ax), people(1, handPerson{"a", "y", 4, 8})),
			publications: []handPublication{
				{n: 5, view: -1, wave: true, questions: []string{"rank"}},
			},
			set: []int{5}, class: "7: segment distributions",
		},
		{
			name:   "safe: groups of k at every publication, thresholds splitting no one out",
			people: slices.Concat(people(3, ax), people(3, by), people(3, ax), people(3, by)),
			publications: []handPublication{
				{n: 6, view: team, wave: true, groups: []string{"a", "b"}, questions: []string{"q", "cases"}, indicators: []string{"many-cases"}},
				{n: 12, view: team, wave: true, groups: []string{"a", "b"}, questions: []string{"q", "cases"}, indicators: []string{"many-cases"}},
				{n: 12, view: rank, wave: true, groups: []string{"x", "y"}, questions: []string{"q", "cases"}, indicators: []string{"many-cases"}},
			},
		},
		{
			name:         "safe: the item answered by one person is marked hidden",
			people:       slices.Concat(people(4, handPerson{"a", "x", 0, 8}), people(1, ax)),
			publications: []handPublication{{n: 5, view: -1, wave: true, hidden: []string{"q"}}},
		},
		{
			name:   "safe: the count of 2 hidden responses, then groups of 3 each holding one of them",
			people: slices.Concat(people(1, ax), people(1, bx), people(2, ax), people(2, bx)),
			publications: []handPublication{
				{n: 2, view: -1},
				{n: 6, view: team, wave: true, groups: []string{"a", "b"}, questions: []string{"q"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answers := make([]survey.Answers, len(tt.people))
			for i, p := range tt.people {
				answers[i] = p.answers()
				if errs := def.Check(def.Questions(), answers[i]); errs != nil {
					t.Fatalf("person %d: %v", i+1, errs)
				}
			}
			rec := newAttackRecord(def, answers)
			for _, hp := range tt.publications {
				if m := rec.add(hp.view, handResults(def, answers, hp)); m != nil {
					t.Fatalf("the hand publication does not fit its people: %v", m)
				}
			}
			found := rec.solve()
			if tt.set == nil {
				if len(found) > 0 {
					t.Fatalf("a safe record is reported: %s by %s", rec.describeSet(found[0].set), found[0].check())
				}
				return
			}
			var want uint64
			for _, r := range tt.set {
				want |= 1 << (r - 1)
			}
			i := slices.IndexFunc(found, func(v attackViolation) bool { return v.set == want })
			if i < 0 {
				t.Fatalf("%s is not reported; found %d sets", rec.describeSet(want), len(found))
			}
			e := rec.explain(found[i])
			if !slices.ContainsFunc(e.classes, func(c string) bool { return strings.HasPrefix(c, tt.class) }) {
				t.Errorf("%s is put in classes %q, want %q", rec.describeSet(want), e.classes, tt.class)
			}
			if len(e.terms) == 0 {
				t.Error("the explanation shows no published figure")
			}
		})
	}
}

// plainSolve is solve without its shortcuts: every subset of 1 to k−1
// covered respondents, tried against each span by elimination.
func (r *attackRecord) plainSolve() map[uint64]bool {
	found := map[uint64]bool{}
	covered := r.covered()
	width := bits.Len64(covered)
	k := r.def.MinGroupSize
	cells := r.cells(width)
	unionOfCells := func(set uint64) bool {
		for i := range width {
			for j := range width {
				if cells[i] == cells[j] && set&(1<<i) != 0 && set&(1<<j) == 0 {
					return false
				}
			}
		}
		return true
	}
	try := func(rows []uint64, keep func(uint64) bool) {
		s := newSpan(width, 0)
		for _, m := range rows {
			s.add(m)
		}
		for set := uint64(1); set <= covered; set++ {
			if set&^covered == 0 && bits.OnesCount64(set) < k && keep(set) {
				if _, ok := s.combination(set); ok {
					found[set] = true
				}
			}
		}
	}
	sizes := func(set uint64) bool { return unionOfCells(set) && !r.wholeEpochs(set) }
	counts := r.masks(isCount)
	try(counts, sizes)
	for _, q := range r.def.Questions() {
		if q.Type == survey.Text {
			continue
		}
		answered := r.answeredBy(q.ID)
		try(r.masks(func(row attackRow) bool {
			return row.question == q.ID && row.kind != sizeRow && row.kind != distributionRow
		}),
			func(set uint64) bool { return set&^answered == 0 })
		try(append(slices.Clone(counts), r.masks(func(row attackRow) bool { return row.question == q.ID && row.kind == itemRow })...), sizes)
	}
	return found
}

// TestAttackSolverMatchesPlainBruteForce holds the solver's shortcuts (only
// unions of identical columns, a modular filter before the exact check) to
// trying every small set, on small random populations of which everything
// is shown after every chunk.
func TestAttackSolverMatchesPlainBruteForce(t *testing.T) {
	const most = 12 // respondents: 2^12 subsets per span
	sources := attackSources(t)
	tried := 0
	for seed := uint64(1); tried < 12; seed++ {
		src := sources[seed%uint64(len(sources))]
		def := src.Definition
		pop := newAttackPopulation(t, def, seed)
		if len(pop.answers) > most || len(pop.answers) < def.MinGroupSize {
			continue
		}
		tried++
		t.Run(fmt.Sprintf("%s-seed-%d", def.ID, seed), func(t *testing.T) {
			rec := newAttackRecord(def, pop.answers)
			for _, hp := range leakyPublications(def, pop) {
				if m := rec.add(hp.view, handResults(def, pop.answers, hp)); m != nil {
					t.Fatalf("the publication does not fit its people: %v", m)
				}
			}
			fast, plain := map[uint64]bool{}, rec.plainSolve()
			for _, v := range rec.solve() {
				fast[v.set] = true
			}
			if len(plain) == 0 {
				t.Fatal("the plain brute force finds nothing in a publication of so much")
			}
			t.Logf("%d of %d respondents, %d sets determined", bits.OnesCount64(rec.covered()), len(pop.answers), len(plain))
			for set := range plain {
				if !fast[set] {
					t.Errorf("the solver misses %s", rec.describeSet(set))
				}
			}
			for set := range fast {
				if !plain[set] {
					t.Errorf("the solver reports %s, which the plain brute force does not", rec.describeSet(set))
				}
			}
		})
	}
}

// TestAttackReaderReportsHiddenFiguresWithNumbers: the attack skips what is
// marked hidden, so a hidden figure that still carries a number is a
// failure of its own rather than something to read past.
func TestAttackReaderReportsHiddenFiguresWithNumbers(t *testing.T) {
	def, err := survey.Parse("attack-tiny.yaml", []byte(attackTinyDefinition))
	if err != nil {
		t.Fatal(err)
	}
	answers := make([]survey.Answers, 5)
	for i, p := range people(5, handPerson{"a", "x", 4, 8}) {
		answers[i] = p.answers()
	}
	one, zero, share := 1, 0, 20.0
	tests := []struct {
		name    string
		view    int
		pub     publishedResults
		problem string // "" when the publication reads cleanly
	}{
		{"a hidden question without numbers", -1, publishedResults{Responses: 5, publishedFigures: publishedFigures{Questions: []publishedQuestion{{ID: "q", Hidden: true, Answered: &zero}}}}, ""},
		{"a hidden question with its answered count", -1, publishedResults{Responses: 5, publishedFigures: publishedFigures{Questions: []publishedQuestion{{ID: "q", Hidden: true, Answered: &one}}}}, "q is hidden but carries numbers"},
		{"a hidden question with a bucket", -1, publishedResults{Responses: 5, publishedFigures: publishedFigures{Questions: []publishedQuestion{{ID: "q", Hidden: true, Distribution: []publishedBucket{{Value: "4", Count: &one}}}}}}, "q is hidden but carries numbers"},
		{"a hidden indicator with a value", -1, publishedResults{Responses: 5, publishedFigures: publishedFigures{Indicators: []publishedIndicator{{ID: "many-cases", Hidden: true, Value: &share}}}}, "indicator many-cases is hidden but has a value"},
		{"a hidden whole wave with a question", -1, publishedResults{Responses: 5, Hidden: true, publishedFigures: publishedFigures{Questions: []publishedQuestion{{ID: "q", Answered: &one}}}}, "the whole wave is hidden but carries numbers"},
		{"a hidden group with its count", 0, publishedResults{Responses: 5, Groups: []publishedGroup{{Values: []string{"a"}, Hidden: true, Responses: &one}}}, "is hidden but carries numbers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := newAttackRecord(def, answers).add(tt.view, tt.pub)
			switch {
			case tt.problem == "" && problems != nil:
				t.Errorf("problems %q, want none", problems)
			case tt.problem != "" && !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tt.problem) }):
				t.Errorf("problems %q, want one saying %q", problems, tt.problem)
			}
		})
	}
}

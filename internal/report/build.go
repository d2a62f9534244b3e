// Package report sets two waves of a survey side by side, as the
// comparison page shows them and as the board report prints them: the
// change in every figure with its test, the biggest moves, the trend over
// every wave, and what was done about it.
package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/sayso/sayso/internal/action"
	"github.com/sayso/sayso/internal/chart"
	"github.com/sayso/sayso/internal/format"
	"github.com/sayso/sayso/internal/results"
	"github.com/sayso/sayso/internal/store"
	"github.com/sayso/sayso/internal/survey"
)

// NoComparison asks for one wave alone.
const NoComparison = -1

// biggestMoves is how many statements the biggest rises and falls list.
const biggestMoves = 5

// Selection says which waves to set side by side.
type Selection struct {
	// Survey is whose latest wave to report on when Wave is 0.
	Survey string
	// Wave is the wave reported on; 0 for the survey's latest.
	Wave int64
	// With is the wave it is compared with: 0 for the one that opened
	// before it, NoComparison for none.
	With int64
	// By breaks the comparison down by a declared breakdown; nil for none.
	By []string
}

// Wave is one wave as the cover shows it.
type Wave struct {
	results.WaveInfo
	// Received counts every response stored, published or not.
	Received     int
	Hidden       bool
	ResponseRate *float64
	// Coverage says which publication the figures come from; it is read
	// for the waves reported on, the later and the earlier.
	Coverage Coverage
}

// Row is one figure: in the later wave alone, or in both with its change.
type Row struct {
	ID    string
	Title string
	Unit  string // one of format's units
	// From is a renamed question's id in the earlier wave.
	From string
	// Theme is the title of the theme a statement belongs to.
	Theme string
	results.Movement
	// Favourable is an agreement statement's % agree or strongly agree.
	Favourable *results.Movement
	// EarlierWithheld and LaterWithheld are set when the figure is withheld
	// in that wave: it then carries no number there.
	EarlierWithheld, LaterWithheld bool
	// EarlierItems and LaterItems count a theme's statements behind its
	// score in each wave, and those withheld.
	EarlierItems, LaterItems Items
}

// Items counts a theme's statements: those its score is the mean of, and
// those withheld from it.
type Items struct {
	Scored, Withheld int
}

// String says what a score with withheld statements is made of; nothing
// when none is withheld.
func (i Items) String() string {
	if i.Withheld == 0 {
		return ""
	}
	return fmt.Sprintf("from %d of %d statements", i.Scored, i.Scored+i.Withheld)
}

// Withheld says whether anything of the row is withheld in either wave, so
// that the two waves' figures are not the same figure.
func (r Row) Withheld() bool {
	return r.EarlierWithheld || r.LaterWithheld || r.EarlierItems.Withheld > 0 || r.LaterItems.Withheld > 0
}

// Verdict reads the row's test, or says that a figure withheld in either
// wave is not compared.
func (r Row) Verdict() format.Verdict {
	if r.Withheld() {
		return format.Verdict{Words: "Not compared: withheld", Class: "none"}
	}
	return format.Judge(r.Movement)
}

// ThemeRow is a theme's score, its statements, and the actions taken on it.
type ThemeRow struct {
	Row
	EarlierBand, LaterBand string
	Statements             []Row
	Actions                []Action
}

// Action is a "You said, we did" action of either wave, with what it
// answers in words.
type Action struct {
	*action.Action
	WaveName string
	About    string
	Theme    string // the id of the theme it answers, itself or by its question
	// Late is set when it is past its due date and not done.
	Late bool
}

// Group is one group of a breakdown in both waves; hidden in either, it
// carries no figure.
type Group struct {
	Label                            string
	Hidden                           bool
	EarlierResponses, LaterResponses *int
	Themes                           []Row
}

// TrendChart is one figure over every wave of the survey that may show it.
type TrendChart struct {
	Title string
	SVG   []byte
}

// TrendRow is one figure's value in every wave, nil where withheld.
type TrendRow struct {
	Title  string
	Unit   string
	Values []*float64
}

// Report is what the comparison page and the board report show.
type Report struct {
	Survey string
	Title  string
	// Waves is every wave of the survey, oldest first.
	Waves   []Wave
	Later   Wave
	Earlier *Wave // nil when there is no other wave, or none was asked for
	// Definition is the later wave's, for the breakdowns a page offers.
	Definition *survey.Definition
	// MinGroupSize is the later wave's threshold k.
	MinGroupSize int
	Bands        []survey.Band
	// Hidden is set when the later wave is under k: only counts show.
	Hidden bool
	// Compared is set when rows carry changes; when the earlier wave is
	// under k the later's figures show alone, and ComparisonWithheld says why.
	Compared           bool
	ComparisonWithheld bool
	Indicators         []Row
	Themes             []ThemeRow
	Others             []Row // scale and number questions outside the themes
	Improvements       []Row
	Declines           []Row
	Added              []results.QuestionRef
	Removed            []results.QuestionRef
	Renamed            []results.QuestionRef
	Breakdown          []string
	Groups             []Group
	TrendWaves         []string
	TrendRows          []TrendRow
	TrendCharts        []TrendChart
	// Actions are those of the earlier wave, then the later's.
	Actions []Action
	// Lead holds the key messages and heatmap of the later wave, and
	// its figures beside the survey's benchmark.
	Lead
}

// Build gathers a report of the selected waves.
func Build(ctx context.Context, svc *results.Service, db *store.DB, sel Selection) (*Report, error) {
	surveyID := sel.Survey
	if sel.Wave != 0 {
		w, err := db.Wave(ctx, sel.Wave)
		if err != nil {
			return nil, err
		}
		if surveyID != "" && w.SurveyID != surveyID {
			return nil, survey.Errorf(survey.ErrInvalid, "wave %d is a wave of %q, not of %q", w.ID, w.SurveyID, surveyID)
		}
		surveyID = w.SurveyID
	}
	trend, err := svc.Trend(ctx, surveyID)
	if err != nil {
		return nil, err
	}
	r := &Report{Survey: trend.Survey, Title: trend.Title}
	for _, p := range trend.Waves {
		r.Waves = append(r.Waves, Wave{WaveInfo: p.Wave, Received: p.Received, Hidden: p.Hidden, ResponseRate: p.ResponseRate})
	}
	later, earlier, err := choose(r.Waves, sel)
	if err != nil {
		return nil, err
	}
	r.Later, r.Earlier = r.Waves[later], nil
	if earlier >= 0 {
		r.Earlier = &r.Waves[earlier]
	}
	f, err := readFigures(ctx, svc, r.Later.ID, r.Earlier)
	if err != nil {
		return nil, err
	}
	r.Later.Coverage = CoverageOf(f.later)
	if r.Earlier != nil {
		r.Earlier.Coverage = CoverageOf(f.earlier)
	}
	laterWave, err := db.Wave(ctx, r.Later.ID)
	if err != nil {
		return nil, err
	}
	def := laterWave.Definition
	r.Definition = def
	r.MinGroupSize, r.Hidden = def.MinGroupSize, r.Later.Hidden
	if len(def.Themes) > 0 {
		r.Bands = def.Themes[0].Bands
	}
	if err := r.addFigures(ctx, svc, f, sel.By); err != nil {
		return nil, err
	}
	if err := r.addActions(ctx, db, laterWave); err != nil {
		return nil, err
	}
	if err := r.addInsight(ctx, svc, db, f.later); err != nil {
		return nil, err
	}
	return r, r.addTrend(trend)
}

// addActions gathers the actions on what staff said in either wave, and
// files each under the theme it answers.
func (r *Report) addActions(ctx context.Context, db *store.DB, later *survey.Wave) error {
	waves := []*survey.Wave{later}
	if r.Earlier != nil {
		earlier, err := db.Wave(ctx, r.Earlier.ID)
		if err != nil {
			return err
		}
		waves = []*survey.Wave{earlier, later}
	}
	today := time.Now().Format(survey.DateLayout)
	for _, w := range waves {
		list, err := db.Actions(ctx, store.ActionFilter{WaveID: w.ID})
		if err != nil {
			return err
		}
		for _, a := range list {
			r.Actions = append(r.Actions, Action{Action: a, WaveName: w.Name, About: a.About(w.Definition), Theme: a.ThemeOf(w.Definition), Late: a.Overdue(today)})
		}
	}
	for i := range r.Themes {
		for _, a := range r.Actions {
			if a.Theme == r.Themes[i].ID {
				r.Themes[i].Actions = append(r.Themes[i].Actions, a)
			}
		}
	}
	return nil
}

// choose finds the later and earlier waves' places among the survey's
// waves; earlier is −1 for none.
func choose(waves []Wave, sel Selection) (later, earlier int, err error) {
	find := func(id int64) int {
		return slices.IndexFunc(waves, func(w Wave) bool { return w.ID == id })
	}
	later = len(waves) - 1
	if sel.Wave != 0 {
		later = find(sel.Wave)
	}
	switch sel.With {
	case NoComparison:
		return later, -1, nil
	case 0:
		return later, later - 1, nil
	case sel.Wave:
		return 0, 0, survey.Errorf(survey.ErrInvalid, "a wave cannot be compared with itself; choose another wave of the survey")
	}
	earlier = find(sel.With)
	if earlier < 0 {
		return 0, 0, survey.Errorf(survey.ErrInvalid, "wave %d is not a wave of %q; only waves of the same survey can be compared", sel.With, waves[later].Survey)
	}
	if earlier > later {
		earlier, later = later, earlier
	}
	return later, earlier, nil
}

// figureSet is the published results of the waves reported on, whole and
// by the breakdown asked for: what says which figures are withheld.
type figureSet struct {
	later, earlier             *results.WaveResults
	laterGroups, earlierGroups map[string]results.GroupResults
}

// readFigures reads the later wave's results and the earlier's, when there
// is one.
func readFigures(ctx context.Context, svc *results.Service, laterID int64, earlier *Wave) (*figureSet, error) {
	f := &figureSet{}
	var err error
	if f.later, err = svc.Results(ctx, laterID, nil); err != nil {
		return nil, err
	}
	if earlier != nil {
		if f.earlier, err = svc.Results(ctx, earlier.ID, nil); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// readGroups reads both waves' groups of a breakdown, by value.
func (f *figureSet) readGroups(ctx context.Context, svc *results.Service, by []string) error {
	read := func(r *results.WaveResults) (map[string]results.GroupResults, error) {
		grouped, err := svc.Results(ctx, r.Wave.ID, by)
		if err != nil {
			return nil, err
		}
		groups := map[string]results.GroupResults{}
		for _, g := range grouped.Groups {
			groups[g.Value] = g
		}
		return groups, nil
	}
	var err error
	if f.laterGroups, err = read(f.later); err != nil {
		return err
	}
	f.earlierGroups, err = read(f.earlier)
	return err
}

func (r *Report) addFigures(ctx context.Context, svc *results.Service, f *figureSet, by []string) error {
	if r.Hidden {
		return nil
	}
	if r.Earlier != nil {
		c, err := svc.Compare(ctx, r.Earlier.ID, r.Later.ID, by)
		if err != nil {
			return err
		}
		if !c.Hidden {
			if len(c.Groups) > 0 {
				if err := f.readGroups(ctx, svc, by); err != nil {
					return err
				}
			}
			r.Compared = true
			r.fromComparison(&c.Comparison, f)
			return nil
		}
		r.ComparisonWithheld = true
	}
	r.fromResults(f.later)
	return nil
}

// withheld is what a wave's figures withhold: questions and indicators
// by id, and each theme's statements.
type withheld struct {
	questions, indicators map[string]bool
	themes                map[string]Items
}

func withheldIn(f results.Figures) withheld {
	w := withheld{questions: map[string]bool{}, indicators: map[string]bool{}, themes: map[string]Items{}}
	for _, q := range f.Questions {
		w.questions[q.ID] = q.Hidden
	}
	for _, ind := range f.Indicators {
		w.indicators[ind.ID] = ind.Hidden
	}
	for _, t := range f.Themes {
		w.themes[t.ID] = Items{Scored: t.Items, Withheld: t.Withheld}
	}
	return w
}

func (r *Report) fromComparison(c *results.Comparison, f *figureSet) {
	then, now := withheldIn(f.earlier.Figures), withheldIn(f.later.Figures)
	for _, ind := range c.Indicators {
		r.Indicators = append(r.Indicators, Row{ID: ind.ID, Title: ind.Title, Unit: format.IndicatorUnit(ind.Kind), Movement: ind.Movement,
			EarlierWithheld: then.indicators[ind.ID], LaterWithheld: now.indicators[ind.ID]})
	}
	for _, t := range c.Themes {
		r.Themes = append(r.Themes, ThemeRow{Row: themeRow(t, then, now), EarlierBand: t.EarlierBand, LaterBand: t.LaterBand})
	}
	for _, q := range c.Questions {
		if asked, ok := r.Definition.Question(q.ID); ok && asked.Segment {
			continue // shown only as the groups of breakdowns
		}
		earlierID := q.ID
		if q.EarlierID != "" {
			earlierID = q.EarlierID
		}
		row := Row{ID: q.ID, Title: q.Text, From: q.EarlierID, Movement: q.Movement, Favourable: q.Favourable,
			EarlierWithheld: then.questions[earlierID], LaterWithheld: now.questions[q.ID]}
		switch survey.QuestionType(q.Type) {
		case survey.Agreement:
			row.Unit = format.Score
			r.addStatement(row, q.Theme)
		case survey.Scale, survey.Number:
			row.Unit = format.Mean
			r.Others = append(r.Others, row)
		}
	}
	r.Added, r.Removed, r.Renamed = c.Added, c.Removed, c.Renamed
	r.Breakdown = c.Breakdown
	for _, g := range c.Groups {
		group := Group{Label: g.Label, Hidden: g.Hidden, EarlierResponses: g.EarlierResponses, LaterResponses: g.LaterResponses}
		then, now := withheldIn(f.earlierGroups[g.Value].Figures), withheldIn(f.laterGroups[g.Value].Figures)
		for _, t := range g.Themes {
			group.Themes = append(group.Themes, themeRow(t, then, now))
		}
		r.Groups = append(r.Groups, group)
	}
	r.Improvements, r.Declines = moves(r.Themes)
}

// themeRow is a theme's change with its statements withheld in each wave:
// a score with none left is itself withheld.
func themeRow(t results.ThemeChange, then, now withheld) Row {
	row := Row{ID: t.ID, Title: t.Title, Unit: format.Score, Movement: t.Movement, EarlierItems: then.themes[t.ID], LaterItems: now.themes[t.ID]}
	row.EarlierWithheld = row.EarlierItems.Scored == 0 && row.EarlierItems.Withheld > 0
	row.LaterWithheld = row.LaterItems.Scored == 0 && row.LaterItems.Withheld > 0
	return row
}

func (r *Report) fromResults(res *results.WaveResults) {
	for _, ind := range res.Indicators {
		r.Indicators = append(r.Indicators, Row{ID: ind.ID, Title: ind.Title, Unit: format.IndicatorUnit(ind.Kind),
			Movement: results.Movement{Later: ind.Value, LaterInterval: ind.Interval}, LaterWithheld: ind.Hidden})
	}
	for _, t := range res.Themes {
		items := Items{Scored: t.Items, Withheld: t.Withheld}
		r.Themes = append(r.Themes, ThemeRow{Row: Row{ID: t.ID, Title: t.Title, Unit: format.Score, Movement: results.Movement{Later: t.Score},
			LaterItems: items, LaterWithheld: items.Scored == 0 && items.Withheld > 0}, LaterBand: t.Band})
	}
	for _, q := range res.Questions {
		row := Row{ID: q.ID, Title: q.Text, LaterWithheld: q.Hidden}
		switch survey.QuestionType(q.Type) {
		case survey.Agreement:
			row.Unit, row.Movement = format.Score, results.Movement{Later: q.Score, LaterInterval: q.ScoreInterval}
			if q.Favourable != nil {
				share := 100 * q.Favourable.Share
				row.Favourable = &results.Movement{Later: &share, LaterInterval: &results.Interval{Low: 100 * q.Favourable.Interval.Low, High: 100 * q.Favourable.Interval.High}}
			}
			r.addStatement(row, q.Theme)
		case survey.Scale, survey.Number:
			row.Unit, row.Movement = format.Mean, results.Movement{Later: q.Mean, LaterInterval: q.MeanInterval}
			r.Others = append(r.Others, row)
		}
	}
}

// addStatement files an agreement statement under its theme.
func (r *Report) addStatement(row Row, themeID string) {
	for i := range r.Themes {
		if r.Themes[i].ID == themeID {
			row.Theme = r.Themes[i].Title
			r.Themes[i].Statements = append(r.Themes[i].Statements, row)
			return
		}
	}
}

// moves are the statements whose scores rose and fell most, among the
// changes a test found significant: a board should not read noise as news.
func moves(themes []ThemeRow) (rises, falls []Row) {
	for _, t := range themes {
		for _, s := range t.Statements {
			if !s.Significant || s.Difference == nil {
				continue
			}
			if *s.Difference > 0 {
				rises = append(rises, s)
			} else {
				falls = append(falls, s)
			}
		}
	}
	slices.SortStableFunc(rises, func(a, b Row) int { return cmp.Compare(*b.Difference, *a.Difference) })
	slices.SortStableFunc(falls, func(a, b Row) int { return cmp.Compare(*a.Difference, *b.Difference) })
	return rises[:min(len(rises), biggestMoves)], falls[:min(len(falls), biggestMoves)]
}

// addTrend lays every wave's headline figures and theme scores out as a
// table, and draws each as a line over the waves that may show it.
func (r *Report) addTrend(trend *results.Trend) error {
	byTitle := map[string]int{}
	add := func(title, unit string, wave int, v *float64) {
		i, ok := byTitle[title]
		if !ok {
			i = len(r.TrendRows)
			byTitle[title] = i
			r.TrendRows = append(r.TrendRows, TrendRow{Title: title, Unit: unit, Values: make([]*float64, len(trend.Waves))})
		}
		r.TrendRows[i].Values[wave] = v
	}
	for i, p := range trend.Waves {
		r.TrendWaves = append(r.TrendWaves, p.Wave.Name)
		for _, ind := range p.Indicators {
			add(ind.Title, format.IndicatorUnit(ind.Kind), i, ind.Value)
		}
		for _, t := range p.Themes {
			add(t.Title, format.Score, i, t.Score)
		}
	}
	for _, row := range r.TrendRows {
		var labels []string
		var values []float64
		for i, v := range row.Values {
			if v != nil {
				labels, values = append(labels, r.TrendWaves[i]), append(values, *v)
			}
		}
		if len(values) == 0 {
			continue
		}
		low, high := scale(row.Unit)
		svg, err := chart.Trend("", labels, values, low, high, chart.SVG)
		if err != nil {
			return err
		}
		r.TrendCharts = append(r.TrendCharts, TrendChart{Title: row.Title, SVG: svg})
	}
	return nil
}

// scale is the range a unit's axis runs over.
func scale(unit string) (low, high float64) {
	switch unit {
	case format.Mean:
		return 0, 10
	case format.ENPS:
		return -100, 100
	}
	return 0, 100
}

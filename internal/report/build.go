// Package report sets two waves of a survey side by side, as the
// comparison page shows them and as the board report prints them: the
// change in every figure with its test, the biggest moves, the trend over
// every wave, and what was done about it.
package report

import (
	"cmp"
	"context"
	"fmt"
	"math"
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
	// Wave is the wave reported on; 0 for the survey's latest with
	// published results (or its latest, when none has any).
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
	// Favourable is an agreement statement's favourable share: agree or
	// strongly agree, or for a negatively worded statement disagree or
	// strongly disagree.
	Favourable *results.Movement
	// Agree is the later wave's share answering agree or strongly agree,
	// as asked; Reverse marks a negatively worded statement, for which
	// agreeing is unfavourable.
	Agree   *float64
	Reverse bool
	// EarlierWithheld and LaterWithheld are set when the figure is withheld
	// in that wave: it then carries no number there.
	EarlierWithheld, LaterWithheld bool
	// EarlierItems and LaterItems count a theme's statements in each wave,
	// and those withheld, which withhold the theme's score.
	EarlierItems, LaterItems Items
}

// Items counts a theme's statements: those shown and those withheld. A
// theme with any statement withheld has no score: a score over fewer
// statements would be another figure.
type Items struct {
	Scored, Withheld int
}

// String says why a theme's score is withheld; nothing when it is not.
func (i Items) String() string {
	if i.Withheld == 0 {
		return ""
	}
	return fmt.Sprintf("%d of its %d statements withheld", i.Withheld, i.Scored+i.Withheld)
}

// Withheld says whether anything of the row is withheld in either wave, so
// that the two waves' figures are not the same figure.
func (r Row) Withheld() bool {
	return r.EarlierWithheld || r.LaterWithheld
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
	if err := r.addInsight(ctx, svc, db, laterWave, f.later); err != nil {
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
	later = latestPublished(waves)
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

// latestPublished is the place of the latest wave whose results show:
// the one a reader means by "the latest", since a wave just opened shows
// nothing yet. With none published it is the latest wave.
func latestPublished(waves []Wave) int {
	for i := len(waves) - 1; i >= 0; i-- {
		if !waves[i].Hidden {
			return i
		}
	}
	return len(waves) - 1
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
// by id, and each theme's statements; with each statement's share who
// agree, and whether it is negatively worded.
type withheld struct {
	questions, indicators map[string]bool
	themes                map[string]Items
	hiddenThemes          map[string]bool
	agree                 map[string]*float64
	reverse               map[string]bool
}

func withheldIn(f results.Figures) withheld {
	w := withheld{questions: map[string]bool{}, indicators: map[string]bool{}, themes: map[string]Items{}, hiddenThemes: map[string]bool{}, agree: map[string]*float64{}, reverse: map[string]bool{}}
	for _, q := range f.Questions {
		w.questions[q.ID] = q.Hidden
		w.agree[q.ID], w.reverse[q.ID] = agreeShare(q), q.Reverse
	}
	for _, ind := range f.Indicators {
		w.indicators[ind.ID] = ind.Hidden
	}
	for _, t := range f.Themes {
		w.themes[t.ID] = Items{Scored: t.Items, Withheld: t.Withheld}
		w.hiddenThemes[t.ID] = t.Hidden
	}
	return w
}

func (r *Report) fromComparison(c *results.Comparison, f *figureSet) {
	then, now := withheldIn(f.earlier.Figures), withheldIn(f.later.Figures)
	for _, ind := range c.Indicators {
		r.Indicators = append(r.Indicators, Row{ID: ind.ID, Title: ind.Title, Unit: format.IndicatorUnit(ind.Kind), Movement: ind.Movement,
			EarlierWithheld: then.indicators[ind.ID], LaterWithheld: now.indicators[ind.ID]})
	}
	r.Themes = themeRows(c.Themes, then, now)
	for _, q := range c.Questions {
		if asked, ok := r.Definition.Question(q.ID); ok && asked.Segment {
			continue // shown only as the groups of breakdowns
		}
		earlierID := q.ID
		if q.EarlierID != "" {
			earlierID = q.EarlierID
		}
		row := Row{ID: q.ID, Title: q.Text, From: q.EarlierID, Movement: q.Movement, Favourable: q.Favourable,
			EarlierWithheld: then.questions[earlierID], LaterWithheld: now.questions[q.ID], Agree: now.agree[q.ID], Reverse: now.reverse[q.ID]}
		switch q.Type {
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

// themeRows are the themes' changes as rows, with their bands.
func themeRows(changes []results.ThemeChange, then, now withheld) []ThemeRow {
	rows := make([]ThemeRow, 0, len(changes))
	for _, t := range changes {
		rows = append(rows, ThemeRow{Row: themeRow(t, then, now), EarlierBand: t.EarlierBand, LaterBand: t.LaterBand})
	}
	return rows
}

// themeRow is a theme's change with its statements withheld in each wave:
// a score with any withheld, or that the audit withheld, is withheld.
func themeRow(t results.ThemeChange, then, now withheld) Row {
	row := Row{ID: t.ID, Title: t.Title, Unit: format.Score, Movement: t.Movement, EarlierItems: then.themes[t.ID], LaterItems: now.themes[t.ID]}
	row.EarlierWithheld, row.LaterWithheld = then.hiddenThemes[t.ID], now.hiddenThemes[t.ID]
	return row
}

// agreeShare is the percentage of a statement's answers that agree or
// strongly agree, as asked.
func agreeShare(q results.Question) *float64 {
	if q.Agree == nil {
		return nil
	}
	return new(100 * q.Agree.Share)
}

func (r *Report) fromResults(res *results.WaveResults) {
	for _, ind := range res.Indicators {
		r.Indicators = append(r.Indicators, Row{ID: ind.ID, Title: ind.Title, Unit: format.IndicatorUnit(ind.Kind),
			Movement: results.Movement{Later: ind.Value, LaterInterval: ind.Interval}, LaterWithheld: ind.Hidden})
	}
	for _, t := range res.Themes {
		items := Items{Scored: t.Items, Withheld: t.Withheld}
		r.Themes = append(r.Themes, ThemeRow{Row: Row{ID: t.ID, Title: t.Title, Unit: format.Score, Movement: results.Movement{Later: t.Score, LaterInterval: t.Interval},
			LaterItems: items, LaterWithheld: t.Hidden}, LaterBand: t.Band})
	}
	for _, q := range res.Questions {
		row := Row{ID: q.ID, Title: q.Text, LaterWithheld: q.Hidden, Agree: agreeShare(q), Reverse: q.Reverse}
		switch q.Type {
		case survey.Agreement:
			row.Unit, row.Movement = format.Score, results.Movement{Later: q.Score, LaterInterval: q.ScoreInterval}
			if q.Favourable != nil {
				row.Favourable = &results.Movement{Later: new(100 * q.Favourable.Share)}
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

// moves are the statements that improved and worsened most, among the
// changes a test found significant after correction: a board should not
// read noise as news. Improved and worsened follow the way each statement
// is better, so a negatively worded statement whose agreement rose is a
// decline.
func moves(themes []ThemeRow) (improvements, declines []Row) {
	for _, t := range themes {
		for _, s := range t.Statements {
			if s.Withheld() {
				continue
			}
			switch s.Direction {
			case results.Improved:
				improvements = append(improvements, s)
			case results.Worsened:
				declines = append(declines, s)
			}
		}
	}
	bySize := func(a, b Row) int { return cmp.Compare(math.Abs(*b.Difference), math.Abs(*a.Difference)) }
	slices.SortStableFunc(improvements, bySize)
	slices.SortStableFunc(declines, bySize)
	return improvements[:min(len(improvements), biggestMoves)], declines[:min(len(declines), biggestMoves)]
}

// addTrend lays every wave's headline figures and theme scores out as a
// table, and draws them.
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
	return r.addTrendCharts()
}

// addTrendCharts draws the trend: the theme scores as bars of the latest
// wave that shows them, marked with each earlier wave's; and each headline
// figure as a line over the waves that may show it.
func (r *Report) addTrendCharts() error {
	n := len(r.TrendWaves)
	scores := chart.ScoreChart{Rows: "Theme"}
	var latest int
	for i := n - 1; i >= 0 && scores.Current == ""; i-- {
		for _, row := range r.TrendRows {
			if row.Unit == format.Score && row.Values[i] != nil {
				scores.Current, latest = r.TrendWaves[i], i
			}
		}
	}
	for i := latest - 1; i >= 0 && scores.Current != ""; i-- {
		scores.Earlier = append(scores.Earlier, r.TrendWaves[i])
	}
	for _, row := range r.TrendRows {
		if row.Unit == format.Score && scores.Current != "" {
			bar := chart.ScoreBar{Label: row.Title, Value: row.Values[latest]}
			for i := latest - 1; i >= 0; i-- {
				bar.Earlier = append(bar.Earlier, row.Values[i])
			}
			scores.Bars = append(scores.Bars, bar)
			continue
		}
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
		svg, err := chart.Trend(chart.TrendChart{Axis: TrendAxis(row.Unit), Labels: labels, Values: values}, chart.SVG)
		if err != nil {
			return err
		}
		r.TrendCharts = append(r.TrendCharts, TrendChart{Title: row.Title, SVG: svg})
	}
	if len(scores.Bars) > 0 {
		svg, err := chart.Scores(scores, chart.SVG)
		if err != nil {
			return err
		}
		r.TrendCharts = append(r.TrendCharts, TrendChart{Title: "Theme scores, " + scores.Current + " as bars and earlier waves as marks", SVG: svg})
	}
	return nil
}

// TrendAxis is the axis a unit's figures are drawn on over the waves.
func TrendAxis(unit string) chart.Axis {
	switch unit {
	case format.Mean:
		return chart.Axis{Title: "Mean, out of 10", High: 10, Decimals: 1}
	case format.ENPS:
		return chart.Axis{Title: "eNPS, −100 to 100", Low: -100, High: 100}
	case format.Score:
		return chart.Axis{Title: chart.ScoreAxisTitle, High: 100}
	}
	return chart.Axis{Title: "% of people", High: 100, Suffix: "%"}
}

// Package survey is Sayso's domain: survey definitions, their questions and
// the rules a definition must follow. It imports no web, storage or chart code.
package survey

import "math"

// DefaultMinGroupSize is k, the smallest group whose results may be shown,
// when a definition does not set one; MinMinGroupSize is the floor no
// definition may go under.
const (
	DefaultMinGroupSize = 5
	MinMinGroupSize     = 3
)

// Definition is one survey as written in its YAML file.
type Definition struct {
	ID    string
	Title string
	Intro string
	// MinGroupSize is k: no group of fewer responses is ever reported.
	MinGroupSize int
	// MinCommentGroupSize is how many respondents must stand behind a
	// list of comments, and behind what it gains between publications:
	// k unless the definition asks for more.
	MinCommentGroupSize int
	Themes              []*Theme
	Sections            []*Section
	Breakdowns          []Breakdown
	Indicators          []*Indicator

	questions map[string]*Question
	themes    map[string]*Theme
	ordered   []*Question
	// themeItems lists each theme's questions in order; results ask for
	// them once per response.
	themeItems map[string][]*Question
	position   map[string]int
}

// Theme groups agreement items under one score, such as an employer standard.
type Theme struct {
	ID          string
	Title       string
	Description string
	Bands       []Band
	// Keywords tag comments with the theme when one of them appears in
	// the comment, as a word or the start of one, ignoring case.
	Keywords []string
}

// Band names a range of theme scores, inclusive at both ends.
type Band struct {
	Label string
	Min   int
	Max   int
}

// DefaultBands are the health check's bands: 0–50 low, 51–74 moderate, 75–100 high.
func DefaultBands() []Band {
	return []Band{{"low", 0, 50}, {"moderate", 51, 74}, {"high", 75, 100}}
}

// Band returns the label of the band a score out of 100 falls in, after
// rounding it to a whole number as the published reports do.
func (t *Theme) Band(score float64) string {
	rounded := int(math.Round(score))
	for _, b := range t.Bands {
		if rounded >= b.Min && rounded <= b.Max {
			return b.Label
		}
	}
	return ""
}

// Section is one page of questions.
type Section struct {
	ID        string
	Title     string
	Intro     string
	Questions []*Question
}

// QuestionType names how a question is asked and how its answer is encoded.
// The names are a public contract, the same in YAML and in the JSON API.
type QuestionType string

const (
	Agreement   QuestionType = "agreement"   // answer: integer 1 (strongly disagree) to 5 (strongly agree)
	Scale       QuestionType = "scale"       // answer: integer from Min to Max
	Choice      QuestionType = "choice"      // answer: one option value
	MultiChoice QuestionType = "multichoice" // answer: array of option values
	YesNo       QuestionType = "yesno"       // answer: true or false
	Number      QuestionType = "number"      // answer: a number from Min to Max
	Text        QuestionType = "text"        // answer: a string of at most MaxLength characters
)

// QuestionTypes lists every type in the order the documentation gives them.
var QuestionTypes = []QuestionType{Agreement, Scale, Choice, MultiChoice, YesNo, Number, Text}

// AgreementLabels are the five points of an agreement item, answer 1 to 5.
var AgreementLabels = [5]string{"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"}

// DefaultTextMaxLength bounds a free-text answer when the definition does not.
const DefaultTextMaxLength = 2000

// MaxTextMaxLength is the longest max_length a definition may set.
const MaxTextMaxLength = 10000

// Question is one thing a respondent is asked.
type Question struct {
	ID       string
	Type     QuestionType
	Text     string
	Short    string // a short label for tables and charts; Text when empty
	Hint     string
	Required bool
	Options  []Option // choice and multichoice
	// Min and Max bound scale and number answers.
	Min, Max float64
	// MinLabel and MaxLabel describe the ends of a scale.
	MinLabel, MaxLabel string
	Unit               string // number
	MaxLength          int    // text
	Theme              string // agreement items: the theme they score towards
	Reverse            bool   // agreement items worded negatively: 5 counts as 1
	Segment            bool   // a demographic question that breakdowns may use
	Replaces           string // the id this question had in earlier definitions
	ShowIf             *Condition
}

// Label is the short label when there is one, else the question text.
func (q *Question) Label() string {
	if q.Short != "" {
		return q.Short
	}
	return q.Text
}

// Option is one answer of a choice or multichoice question. Value is stable
// across years; Label is what people read.
type Option struct {
	Value string
	Label string
}

// Option returns the option with the given value.
func (q *Question) Option(value string) (Option, bool) {
	for _, o := range q.Options {
		if o.Value == value {
			return o, true
		}
	}
	return Option{}, false
}

// Condition asks a question only when an earlier choice or yes/no question
// has the given answer: Value is an option value, or "yes" or "no".
type Condition struct {
	Question string
	Value    string
}

// Breakdown is a view of results by one segment question or a declared pair.
type Breakdown struct {
	Questions []string
}

// IndicatorKind says how a headline figure is computed.
type IndicatorKind string

const (
	Mean       IndicatorKind = "mean"       // mean of a scale question, such as satisfaction out of 10
	ENPS       IndicatorKind = "enps"       // % answering 9–10 minus % answering 0–6 on a 0–10 scale
	Favourable IndicatorKind = "favourable" // % agree or strongly agree with an agreement item
	Above      IndicatorKind = "above"      // % of number answers above a threshold
)

// IndicatorKinds lists every kind in the order the documentation gives them.
var IndicatorKinds = []IndicatorKind{Mean, ENPS, Favourable, Above}

// Indicator is a headline figure.
type Indicator struct {
	ID        string
	Title     string
	Kind      IndicatorKind
	Question  string
	Threshold *Threshold // Above only
}

// Threshold is the line an Above indicator counts answers over. It may depend
// on the answer to a choice question: Values maps option values to their own
// threshold, and everyone else is held to Default.
type Threshold struct {
	Default float64
	By      string
	Values  map[string]float64
}

// For returns the threshold that applies to a respondent whose answer to the
// By question is byValue.
func (t *Threshold) For(byValue string) float64 {
	if v, ok := t.Values[byValue]; ok {
		return v
	}
	return t.Default
}

// Question returns the question with the given id.
func (d *Definition) Question(id string) (*Question, bool) {
	q, ok := d.questions[id]
	return q, ok
}

// Theme returns the theme with the given id.
func (d *Definition) Theme(id string) (*Theme, bool) {
	t, ok := d.themes[id]
	return t, ok
}

// Questions returns every question in the order they are asked. The slice
// is shared: do not change it.
func (d *Definition) Questions() []*Question {
	return d.ordered
}

// ThemeQuestions returns the agreement items that score towards a theme.
// The slice is shared: do not change it.
func (d *Definition) ThemeQuestions(themeID string) []*Question {
	return d.themeItems[themeID]
}

func (d *Definition) index() {
	d.ordered = nil
	for _, s := range d.Sections {
		d.ordered = append(d.ordered, s.Questions...)
	}
	d.questions = make(map[string]*Question)
	d.position = make(map[string]int)
	for i, q := range d.ordered {
		if _, dup := d.questions[q.ID]; !dup {
			d.questions[q.ID] = q
			d.position[q.ID] = i
		}
	}
	d.themeItems = make(map[string][]*Question)
	for _, q := range d.ordered {
		if q.Theme != "" {
			d.themeItems[q.Theme] = append(d.themeItems[q.Theme], q)
		}
	}
	d.themes = make(map[string]*Theme)
	for _, t := range d.Themes {
		if _, dup := d.themes[t.ID]; !dup {
			d.themes[t.ID] = t
		}
	}
}

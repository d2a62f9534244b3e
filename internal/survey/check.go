package survey

import (
	"math"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Keys every question may have, and the keys only some types take.
var (
	commonQuestionKeys = []string{"id", "type", "text", "short", "hint", "required", "replaces", "show_if"}
	typeQuestionKeys   = map[QuestionType][]string{
		Agreement:   {"theme", "reverse"},
		Scale:       {"min", "max", "min_label", "max_label"},
		Choice:      {"options", "segment"},
		MultiChoice: {"options"},
		YesNo:       {"segment"},
		Number:      {"min", "max", "unit"},
		Text:        {"max_length"},
	}
)

// maxScalePoints bounds a scale so it can be shown as one row of choices.
const maxScalePoints = 11

// check applies the rules that look across the whole definition: ids,
// references, and what each question type and indicator kind allows.
func (p *parser) check(def *Definition) {
	if _, ok := p.has(def, "sections"); ok && len(def.Sections) == 0 {
		p.problem(p.at(def, "sections"), "the survey has no sections; add at least one section with questions")
	}
	unique(p, "theme", def.Themes, func(t *Theme) string { return t.ID })
	unique(p, "section", def.Sections, func(s *Section) string { return s.ID })
	unique(p, "question", def.Questions(), func(q *Question) string { return q.ID })
	unique(p, "indicator", def.Indicators, func(i *Indicator) string { return i.ID })

	order := make(map[string]int)
	for i, q := range def.Questions() {
		if _, seen := order[q.ID]; !seen {
			order[q.ID] = i
		}
	}
	for _, s := range def.Sections {
		if len(s.Questions) == 0 {
			p.problem(p.at(s, "questions"), "section %q has no questions; add some or remove the section", s.ID)
		}
	}
	for i, q := range def.Questions() {
		p.checkQuestion(def, q)
		if q.ShowIf != nil {
			p.checkCondition(def, q, order, i)
		}
	}
	for _, t := range def.Themes {
		if len(def.ThemeQuestions(t.ID)) == 0 {
			p.problem(p.at(t, "id"), "theme %q has no questions; add \"theme: %s\" to at least one agreement item, or remove the theme", t.ID, t.ID)
		}
	}
	p.checkBreakdowns(def)
	for _, ind := range def.Indicators {
		p.checkIndicator(def, ind)
	}
}

// unique reports every id used a second time, pointing at the repeat.
func unique[T any](p *parser, what string, parts []T, id func(T) string) {
	first := make(map[string]int)
	for _, part := range parts {
		v := id(part)
		if v == "" {
			continue
		}
		at := p.at(part, "id")
		if line, dup := first[v]; dup {
			p.problem(at, "%s id %q is already used at line %d; ids must be unique", what, v, line)
			continue
		}
		first[v] = at.Line
	}
}

func (p *parser) checkQuestion(def *Definition, q *Question) {
	if q.Type == "" || !slices.Contains(QuestionTypes, q.Type) {
		return
	}
	allowed := typeQuestionKeys[q.Type]
	for key := range p.sources[q].fields {
		if !slices.Contains(commonQuestionKeys, key) && !slices.Contains(allowed, key) {
			k, _ := p.has(q, key)
			p.problem(k, "%q does not apply to %s question; remove it, or change the type", key, article(string(q.Type)))
		}
	}
	switch q.Type {
	case Scale:
		p.checkRange(q)
		if !p.hasBoth(q) {
			break
		}
		if q.Min != math.Trunc(q.Min) || q.Max != math.Trunc(q.Max) {
			p.problem(p.at(q, "min"), "a scale runs between whole numbers; use whole numbers for min and max")
		} else if q.Max-q.Min+1 > maxScalePoints {
			p.problem(p.at(q, "max"), "a scale from %g to %g has %g points; at most %d fit on a page (0 to 10)", q.Min, q.Max, q.Max-q.Min+1, maxScalePoints)
		}
	case Number:
		p.checkRange(q)
	case Choice, MultiChoice:
		if len(q.Options) < 2 {
			p.problem(p.at(q, "options"), "%s question needs at least two options, each with a value and a label", article(string(q.Type)))
		}
	}
	if q.Theme != "" {
		if _, ok := def.Theme(q.Theme); !ok {
			p.problem(p.at(q, "theme"), "theme %q is not defined%s", q.Theme, suggest(q.Theme, themeIDs(def), orOneOf("; add it under themes", themeIDs(def))))
		}
	}
	if q.Replaces != "" {
		if q.Replaces == q.ID {
			p.problem(p.at(q, "replaces"), "question %q replaces itself; name the id it had before, or remove replaces", q.ID)
		} else if _, ok := def.Question(q.Replaces); ok {
			p.problem(p.at(q, "replaces"), "question %q replaces %q, but %q is still asked in this survey; a replaced id must be gone", q.ID, q.Replaces, q.Replaces)
		}
	}
}

func (p *parser) hasBoth(q *Question) bool {
	_, hasMin := p.has(q, "min")
	_, hasMax := p.has(q, "max")
	return hasMin && hasMax
}

func (p *parser) checkRange(q *Question) {
	if !p.hasBoth(q) {
		p.problem(p.sources[q].node, "%s question needs both min and max", article(string(q.Type)))
		return
	}
	if q.Min >= q.Max {
		p.problem(p.at(q, "max"), "max (%g) must be above min (%g)", q.Max, q.Min)
	}
}

func (p *parser) checkCondition(def *Definition, q *Question, order map[string]int, index int) {
	c := q.ShowIf
	if c.Question == "" {
		return
	}
	target, ok := def.Question(c.Question)
	switch {
	case !ok:
		p.problem(p.at(c, "question"), "show_if names question %q, which is not defined%s", c.Question, suggest(c.Question, questionIDs(def), ""))
	case order[c.Question] >= index:
		p.problem(p.at(c, "question"), "show_if must depend on an earlier question; %q is not asked before %q", c.Question, q.ID)
	case target.Type == Choice:
		if _, ok := target.Option(c.Value); !ok && c.Value != "" {
			p.problem(p.at(c, "equals"), "%q is not an option of %q%s", c.Value, target.ID, suggest(c.Value, optionValues(target), orOneOf("", optionValues(target))))
		}
	case target.Type == YesNo:
		if c.Value != "yes" && c.Value != "no" {
			p.problem(p.at(c, "equals"), "%q is a yes/no question; show_if equals must be true or false", target.ID)
		}
	default:
		p.problem(p.at(c, "question"), "show_if can only depend on a choice or yesno question; %q is %s question", target.ID, article(string(target.Type)))
	}
}

func (p *parser) checkBreakdowns(def *Definition) {
	seen := make(map[string]int)
	for i, b := range def.Breakdowns {
		at := p.sources[def].fields["breakdowns"].value.Content[i]
		for j, id := range b.Questions {
			n := at
			if at.Kind == yaml.SequenceNode {
				n = at.Content[j]
			}
			q, ok := def.Question(id)
			switch {
			case id == "":
			case !ok:
				p.problem(n, "breakdown names question %q, which is not defined%s", id, suggest(id, questionIDs(def), ""))
			case !q.Segment:
				p.problem(n, "breakdown by %q is not allowed: it is not a segment question; add \"segment: true\" to a choice or yesno question", id)
			}
		}
		if len(b.Questions) == 2 && b.Questions[0] == b.Questions[1] {
			p.problem(at, "a breakdown pair needs two different questions")
		}
		key := b.Key()
		if line, dup := seen[key]; dup {
			p.problem(at, "breakdown %s is already declared at line %d", strings.Join(b.Questions, " × "), line)
		}
		seen[key] = at.Line
	}
}

func (p *parser) checkIndicator(def *Definition, ind *Indicator) {
	if ind.Kind == "" || !slices.Contains(IndicatorKinds, ind.Kind) || ind.Question == "" {
		return
	}
	q, ok := def.Question(ind.Question)
	if !ok {
		p.problem(p.at(ind, "question"), "indicator %q names question %q, which is not defined%s", ind.ID, ind.Question, suggest(ind.Question, questionIDs(def), ""))
		return
	}
	want := map[IndicatorKind]QuestionType{Mean: Scale, ENPS: Scale, Favourable: Agreement, Above: Number}[ind.Kind]
	if q.Type != want {
		p.problem(p.at(ind, "question"), "%s indicator needs %s question; %q is %s question", article(string(ind.Kind)), article(string(want)), q.ID, article(string(q.Type)))
		return
	}
	if ind.Kind == ENPS && (q.Min != 0 || q.Max != 10) {
		p.problem(p.at(ind, "question"), "eNPS is read from a 0 to 10 scale; %q runs from %g to %g", q.ID, q.Min, q.Max)
	}
	switch {
	case ind.Kind == Above && ind.Threshold == nil:
		p.problem(p.sources[ind].node, "an above indicator needs a threshold")
	case ind.Kind != Above && ind.Threshold != nil:
		k, _ := p.has(ind, "threshold")
		p.problem(k, "only an above indicator takes a threshold; remove it")
	case ind.Threshold != nil && ind.Threshold.By != "":
		p.checkThresholdBy(def, ind.Threshold)
	}
}

func (p *parser) checkThresholdBy(def *Definition, t *Threshold) {
	by, ok := def.Question(t.By)
	if !ok {
		p.problem(p.at(t, "by"), "threshold depends on question %q, which is not defined%s", t.By, suggest(t.By, questionIDs(def), ""))
		return
	}
	if by.Type != Choice {
		p.problem(p.at(t, "by"), "a threshold can depend only on a choice question; %q is %s question", by.ID, article(string(by.Type)))
		return
	}
	values := p.at(t, "values")
	if _, ok := p.has(t, "values"); !ok || values.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(values.Content); i += 2 {
		k := values.Content[i]
		if _, ok := by.Option(k.Value); !ok {
			p.problem(k, "%q is not an option of %q%s", k.Value, by.ID, suggest(k.Value, optionValues(by), orOneOf("", optionValues(by))))
		}
	}
}

// Key identifies a breakdown whatever the order its pair was written in.
func (b Breakdown) Key() string {
	qs := slices.Clone(b.Questions)
	slices.Sort(qs)
	return strings.Join(qs, ",")
}

func themeIDs(def *Definition) []string {
	ids := make([]string, len(def.Themes))
	for i, t := range def.Themes {
		ids[i] = t.ID
	}
	return ids
}

func questionIDs(def *Definition) []string {
	var ids []string
	for _, q := range def.Questions() {
		ids = append(ids, q.ID)
	}
	return ids
}

func optionValues(q *Question) []string {
	values := make([]string, len(q.Options))
	for i, o := range q.Options {
		values[i] = o.Value
	}
	return values
}

// article puts "a" or "an" before a word, for messages such as "an agreement question".
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}

// orOneOf is the fallback advice for a name that matched nothing: the
// lead, then the names there are to choose from, if any.
func orOneOf(lead string, names []string) string {
	if len(names) == 0 {
		return lead
	}
	if lead == "" {
		return "; use one of: " + strings.Join(names, ", ")
	}
	return lead + ", or use one of: " + strings.Join(names, ", ")
}

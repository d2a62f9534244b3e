package survey

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// MaxDefinitionSize bounds a definition file, so a stray large file cannot
// take the loader's memory.
const MaxDefinitionSize = 1 << 20

// Ids and option values are lower-case slugs: they appear in URLs, in the
// JSON API and in stored answers, and must stay stable across years.
var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

const maxSlugLength = 64

// Parse reads and validates one definition. name is the file name problems
// are reported against. On failure the error is Problems, listing everything
// wrong in the file in line order, not only the first thing.
func Parse(name string, data []byte) (*Definition, error) {
	p := &parser{file: name, sources: make(map[any]*source)}
	def := p.parse(data)
	if def != nil {
		p.check(def)
	}
	if len(p.problems) > 0 {
		slices.SortStableFunc(p.problems, func(a, b Problem) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
		})
		return nil, p.problems
	}
	return def, nil
}

// parser turns a YAML node tree into a Definition, noting problems as it
// goes, and remembers where each part came from so later checks can point
// at the right line.
type parser struct {
	file     string
	problems Problems
	sources  map[any]*source
}

// source is where a mapping came from, with its keys and values by name.
type source struct {
	node   *yaml.Node
	fields map[string]field
}

type field struct{ key, value *yaml.Node }

func (p *parser) problem(n *yaml.Node, format string, args ...any) {
	line, col := 1, 1
	if n != nil && n.Line > 0 {
		line, col = n.Line, n.Column
	}
	p.problems = append(p.problems, Problem{File: p.file, Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
}

// yamlLine finds the line in the YAML library's syntax errors, which give
// a line but no column.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// ReadYAML reads a YAML file of at most limit bytes, called what in its
// messages ("a definition"): its document node, or the problem that stops
// it being read at all.
func ReadYAML(file string, data []byte, limit int, what string) (*yaml.Node, *Problem) {
	at := func(line int, format string, args ...any) (*yaml.Node, *Problem) {
		return nil, &Problem{File: file, Line: line, Column: 1, Message: fmt.Sprintf(format, args...)}
	}
	if len(data) > limit {
		return at(1, "the file is %d bytes; %s may be at most %d", len(data), what, limit)
	}
	if !utf8.Valid(data) {
		return at(1, "the file is not valid UTF-8; save it as UTF-8")
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg, line := err.Error(), 1
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = strings.TrimPrefix(msg, m[0])
		}
		return at(line, "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
	}
	return &doc, nil
}

func (p *parser) parse(data []byte) *Definition {
	doc, problem := ReadYAML(p.file, data, MaxDefinitionSize, "a definition")
	if problem != nil {
		p.problems = append(p.problems, *problem)
		return nil
	}
	if len(doc.Content) == 0 {
		p.problem(nil, "the file is empty; a survey needs at least id, title and sections")
		return nil
	}
	root := doc.Content[0]
	if !p.kind(root, yaml.MappingNode, "a survey", "a mapping of keys to values, starting with id: and title:") {
		return nil
	}
	def := &Definition{MinGroupSize: DefaultMinGroupSize}
	var bands []Band
	var commentNode *yaml.Node
	src := p.mapping(root, "survey", map[string]func(*yaml.Node){
		"id":    func(v *yaml.Node) { def.ID = p.slug(v, "survey id") },
		"title": func(v *yaml.Node) { def.Title = p.text(v, "title") },
		"intro": func(v *yaml.Node) { def.Intro = p.text(v, "intro") },
		"min_group_size": func(v *yaml.Node) {
			if k, ok := p.integer(v, "min_group_size"); ok {
				if k < MinMinGroupSize {
					p.problem(v, "min_group_size is %d; it may never be below %d, or small groups could be recognised", k, MinMinGroupSize)
				}
				def.MinGroupSize = k
			}
		},
		"min_comment_group_size": func(v *yaml.Node) {
			if n, ok := p.integer(v, "min_comment_group_size"); ok {
				commentNode, def.MinCommentGroupSize = v, n
			}
		},
		"bands": func(v *yaml.Node) { bands = p.bands(v) },
		"themes": func(v *yaml.Node) {
			for _, n := range p.sequence(v, "themes") {
				def.Themes = append(def.Themes, p.theme(n))
			}
		},
		"sections": func(v *yaml.Node) {
			for _, n := range p.sequence(v, "sections") {
				def.Sections = append(def.Sections, p.section(n))
			}
		},
		"breakdowns": func(v *yaml.Node) {
			for _, n := range p.sequence(v, "breakdowns") {
				def.Breakdowns = append(def.Breakdowns, p.breakdown(n))
			}
		},
		"indicators": func(v *yaml.Node) {
			for _, n := range p.sequence(v, "indicators") {
				def.Indicators = append(def.Indicators, p.indicator(n))
			}
		},
	})
	p.sources[def] = src
	p.require(src, "survey", "id", "title", "sections")
	switch {
	case def.MinCommentGroupSize == 0:
		def.MinCommentGroupSize = def.MinGroupSize
	case def.MinCommentGroupSize < def.MinGroupSize:
		p.problem(commentNode, "min_comment_group_size is %d; it may not be below min_group_size (%d)", def.MinCommentGroupSize, def.MinGroupSize)
	}
	if bands == nil {
		bands = DefaultBands()
	}
	for _, t := range def.Themes {
		if t.Bands == nil {
			t.Bands = bands
		}
	}
	def.index()
	return def
}

// mapping reads a mapping, handing each known key's value to its function
// and reporting unknown and repeated keys.
func (p *parser) mapping(n *yaml.Node, what string, known map[string]func(*yaml.Node)) *source {
	src := &source{node: n, fields: make(map[string]field)}
	if !p.kind(n, yaml.MappingNode, what, "a mapping of keys to values") {
		return src
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.problem(k, "a key in %s must be a plain word", what)
			continue
		}
		if first, dup := src.fields[k.Value]; dup {
			p.problem(k, "%q appears twice in this %s (first at line %d); keep one", k.Value, what, first.key.Line)
			continue
		}
		set, ok := known[k.Value]
		if !ok {
			p.problem(k, "unknown key %q in %s%s", k.Value, what, suggest(k.Value, keysOf(known), "; expected one of: "+strings.Join(sortedKeys(known), ", ")))
			continue
		}
		src.fields[k.Value] = field{key: k, value: v}
		if v.Kind == yaml.AliasNode {
			p.problem(v, "aliases are not supported in definitions; write the value out")
			continue
		}
		set(v)
	}
	return src
}

// require reports each of the keys a mapping lacks, at the mapping.
func (p *parser) require(src *source, what string, keys ...string) {
	if src.node.Kind != yaml.MappingNode {
		return
	}
	for _, k := range keys {
		if _, ok := src.fields[k]; !ok {
			p.problem(src.node, "this %s has no %q; add one", what, k)
		}
	}
}

func (p *parser) kind(n *yaml.Node, want yaml.Kind, what, described string) bool {
	if n.Kind == yaml.AliasNode {
		p.problem(n, "aliases are not supported in definitions; write the value out")
		return false
	}
	if n.Kind != want {
		p.problem(n, "%s must be %s", what, described)
		return false
	}
	return true
}

func (p *parser) sequence(n *yaml.Node, what string) []*yaml.Node {
	if !p.kind(n, yaml.SequenceNode, what, "a list (lines starting with \"- \")") {
		return nil
	}
	return n.Content
}

// text reads any scalar as text, so a title such as 2025 stays "2025".
func (p *parser) text(n *yaml.Node, what string) string {
	if !p.kind(n, yaml.ScalarNode, what, "text") {
		return ""
	}
	if n.ShortTag() == "!!null" || strings.TrimSpace(n.Value) == "" {
		p.problem(n, "%s is empty; write it out or remove the key", what)
		return ""
	}
	return n.Value
}

// keywordPattern is a keyword as comments are matched against it: words
// of letters and digits, joined by single spaces, hyphens or apostrophes.
var keywordPattern = regexp.MustCompile(`^[\p{L}\p{N}]+(?:[ '’-][\p{L}\p{N}]+)*$`)

func (p *parser) slug(n *yaml.Node, what string) string {
	s := p.text(n, what)
	if s == "" {
		return ""
	}
	if len(s) > maxSlugLength || !slugPattern.MatchString(s) {
		p.problem(n, "%s %q must be lower-case letters, digits and single hyphens, at most %d characters, such as \"team-size\"", what, s, maxSlugLength)
		return ""
	}
	return s
}

func (p *parser) integer(n *yaml.Node, what string) (int, bool) {
	if !p.kind(n, yaml.ScalarNode, what, "a whole number") {
		return 0, false
	}
	i, err := strconv.Atoi(n.Value)
	if n.ShortTag() != "!!int" || err != nil {
		p.problem(n, "%s must be a whole number, not %q", what, n.Value)
		return 0, false
	}
	return i, true
}

func (p *parser) number(n *yaml.Node, what string) (float64, bool) {
	if !p.kind(n, yaml.ScalarNode, what, "a number") {
		return 0, false
	}
	tag := n.ShortTag()
	f, err := strconv.ParseFloat(n.Value, 64)
	if (tag != "!!int" && tag != "!!float") || err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		p.problem(n, "%s must be a number, not %q", what, n.Value)
		return 0, false
	}
	return f, true
}

func (p *parser) boolean(n *yaml.Node, what string) bool {
	if !p.kind(n, yaml.ScalarNode, what, "true or false") {
		return false
	}
	if n.ShortTag() != "!!bool" {
		p.problem(n, "%s must be true or false, not %q", what, n.Value)
		return false
	}
	b, _ := strconv.ParseBool(strings.ToLower(n.Value))
	return b
}

func (p *parser) bands(n *yaml.Node) []Band {
	before := len(p.problems)
	bands := []Band{}
	for _, bn := range p.sequence(n, "bands") {
		var b Band
		src := p.mapping(bn, "band", map[string]func(*yaml.Node){
			"label": func(v *yaml.Node) { b.Label = p.text(v, "band label") },
			"min":   func(v *yaml.Node) { b.Min, _ = p.integer(v, "band min") },
			"max":   func(v *yaml.Node) { b.Max, _ = p.integer(v, "band max") },
		})
		p.require(src, "band", "label", "min", "max")
		bands = append(bands, b)
	}
	if len(p.problems) == before {
		p.checkBands(n, bands)
	}
	return bands
}

// checkBands insists the bands run from 0 to 100 in order with no gap or
// overlap, so every score has exactly one band.
func (p *parser) checkBands(n *yaml.Node, bands []Band) {
	if n.Kind != yaml.SequenceNode {
		return
	}
	next := 0
	for i, b := range bands {
		at := n.Content[i]
		switch {
		case b.Min > b.Max:
			p.problem(at, "band %q runs from %d down to %d; min must not be above max", b.Label, b.Min, b.Max)
			return
		case b.Min != next:
			p.problem(at, "band %q starts at %d; bands must run in order from 0 to 100 with no gap or overlap, so it should start at %d", b.Label, b.Min, next)
			return
		}
		next = b.Max + 1
	}
	if next != 101 {
		p.problem(n, "the bands end at %d; the last band must end at 100", next-1)
	}
}

func (p *parser) theme(n *yaml.Node) *Theme {
	t := &Theme{}
	src := p.mapping(n, "theme", map[string]func(*yaml.Node){
		"id":          func(v *yaml.Node) { t.ID = p.slug(v, "theme id") },
		"title":       func(v *yaml.Node) { t.Title = p.text(v, "theme title") },
		"description": func(v *yaml.Node) { t.Description = p.text(v, "theme description") },
		"bands":       func(v *yaml.Node) { t.Bands = p.bands(v) },
		"keywords":    func(v *yaml.Node) { t.Keywords = p.keywords(v) },
	})
	p.sources[t] = src
	p.require(src, "theme", "id", "title")
	return t
}

// maxKeywordLength bounds a theme keyword: a word or a short phrase.
const maxKeywordLength = 40

// keywords reads a theme's list of comment keywords: each a word or
// phrase, no two the same ignoring case.
func (p *parser) keywords(n *yaml.Node) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range p.sequence(n, "keywords") {
		k := p.text(v, "keyword")
		if k == "" {
			continue
		}
		folded := strings.ToLower(strings.TrimSpace(k))
		switch {
		case len([]rune(folded)) > maxKeywordLength:
			p.problem(v, "keyword %q is longer than %d characters; give a word or a short phrase", k, maxKeywordLength)
		case !keywordPattern.MatchString(folded):
			p.problem(v, "keyword %q must be letters, digits, spaces, hyphens or apostrophes, such as \"caseload\" or \"time off\"", k)
		case seen[folded]:
			p.problem(v, "keyword %q is listed twice in this theme", k)
		default:
			seen[folded] = true
			out = append(out, folded)
		}
	}
	if n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
		p.problem(n, "keywords is an empty list; list at least one or remove the key")
	}
	return out
}

func (p *parser) section(n *yaml.Node) *Section {
	s := &Section{}
	src := p.mapping(n, "section", map[string]func(*yaml.Node){
		"id":    func(v *yaml.Node) { s.ID = p.slug(v, "section id") },
		"title": func(v *yaml.Node) { s.Title = p.text(v, "section title") },
		"intro": func(v *yaml.Node) { s.Intro = p.text(v, "section intro") },
		"questions": func(v *yaml.Node) {
			for _, qn := range p.sequence(v, "questions") {
				s.Questions = append(s.Questions, p.question(qn))
			}
		},
	})
	p.sources[s] = src
	p.require(src, "section", "id", "title", "questions")
	return s
}

func (p *parser) question(n *yaml.Node) *Question {
	q := &Question{}
	src := p.mapping(n, "question", map[string]func(*yaml.Node){
		"id": func(v *yaml.Node) { q.ID = p.slug(v, "question id") },
		"type": func(v *yaml.Node) {
			t := QuestionType(p.text(v, "question type"))
			if t != "" && !slices.Contains(QuestionTypes, t) {
				p.problem(v, "unknown question type %q%s", t, suggest(string(t), names(QuestionTypes), "; use one of: "+strings.Join(names(QuestionTypes), ", ")))
			}
			q.Type = t
		},
		"text":      func(v *yaml.Node) { q.Text = p.text(v, "question text") },
		"short":     func(v *yaml.Node) { q.Short = p.text(v, "short label") },
		"hint":      func(v *yaml.Node) { q.Hint = p.text(v, "hint") },
		"required":  func(v *yaml.Node) { q.Required = p.boolean(v, "required") },
		"options":   func(v *yaml.Node) { q.Options = p.options(v) },
		"min":       func(v *yaml.Node) { q.Min, _ = p.number(v, "min") },
		"max":       func(v *yaml.Node) { q.Max, _ = p.number(v, "max") },
		"min_label": func(v *yaml.Node) { q.MinLabel = p.text(v, "min_label") },
		"max_label": func(v *yaml.Node) { q.MaxLabel = p.text(v, "max_label") },
		"unit":      func(v *yaml.Node) { q.Unit = p.text(v, "unit") },
		"max_length": func(v *yaml.Node) {
			if l, ok := p.integer(v, "max_length"); ok {
				if l < 1 || l > MaxTextMaxLength {
					p.problem(v, "max_length is %d; it must be from 1 to %d characters", l, MaxTextMaxLength)
				}
				q.MaxLength = l
			}
		},
		"theme":    func(v *yaml.Node) { q.Theme = p.text(v, "theme") },
		"reverse":  func(v *yaml.Node) { q.Reverse = p.boolean(v, "reverse") },
		"segment":  func(v *yaml.Node) { q.Segment = p.boolean(v, "segment") },
		"replaces": func(v *yaml.Node) { q.Replaces = p.slug(v, "replaces") },
		"show_if":  func(v *yaml.Node) { q.ShowIf = p.condition(v) },
	})
	p.sources[q] = src
	p.require(src, "question", "id", "type", "text")
	if q.Type == Text && q.MaxLength == 0 {
		q.MaxLength = DefaultTextMaxLength
	}
	return q
}

func (p *parser) options(n *yaml.Node) []Option {
	var opts []Option
	seen := make(map[string]int)
	for _, on := range p.sequence(n, "options") {
		var o Option
		src := p.mapping(on, "option", map[string]func(*yaml.Node){
			"value": func(v *yaml.Node) { o.Value = p.slug(v, "option value") },
			"label": func(v *yaml.Node) { o.Label = p.text(v, "option label") },
		})
		p.require(src, "option", "value", "label")
		if line, dup := seen[o.Value]; dup && o.Value != "" {
			p.problem(p.at(src, "value"), "option value %q is used twice in this question (first at line %d); each value must be unique", o.Value, line)
		}
		if _, dup := seen[o.Value]; !dup {
			seen[o.Value] = on.Line
		}
		opts = append(opts, o)
	}
	return opts
}

func (p *parser) condition(n *yaml.Node) *Condition {
	c := &Condition{}
	src := p.mapping(n, "show_if", map[string]func(*yaml.Node){
		"question": func(v *yaml.Node) { c.Question = p.text(v, "show_if question") },
		"equals": func(v *yaml.Node) {
			c.Value = p.text(v, "show_if equals")
			if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!bool" {
				c.Value = YesNoValue(strings.EqualFold(v.Value, "true"))
			}
		},
	})
	p.sources[c] = src
	p.require(src, "show_if", "question", "equals")
	return c
}

// YesNoValue names a yes/no answer as a value: in show_if conditions and as
// a group of a breakdown.
func YesNoValue(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (p *parser) breakdown(n *yaml.Node) Breakdown {
	switch n.Kind {
	case yaml.ScalarNode:
		return Breakdown{Questions: []string{p.text(n, "breakdown")}}
	case yaml.SequenceNode:
		var b Breakdown
		for _, qn := range n.Content {
			b.Questions = append(b.Questions, p.text(qn, "breakdown question"))
		}
		if len(b.Questions) != 2 {
			p.problem(n, "a breakdown is one segment question, or a pair written [first, second]; this one names %d", len(b.Questions))
		}
		return b
	}
	p.problem(n, "a breakdown is one segment question id, or a pair written [first, second]")
	return Breakdown{}
}

func (p *parser) indicator(n *yaml.Node) *Indicator {
	ind := &Indicator{}
	src := p.mapping(n, "indicator", map[string]func(*yaml.Node){
		"id":    func(v *yaml.Node) { ind.ID = p.slug(v, "indicator id") },
		"title": func(v *yaml.Node) { ind.Title = p.text(v, "indicator title") },
		"kind": func(v *yaml.Node) {
			k := IndicatorKind(p.text(v, "indicator kind"))
			if k != "" && !slices.Contains(IndicatorKinds, k) {
				p.problem(v, "unknown indicator kind %q%s", k, suggest(string(k), names(IndicatorKinds), "; use one of: "+strings.Join(names(IndicatorKinds), ", ")))
			}
			ind.Kind = k
		},
		"question":  func(v *yaml.Node) { ind.Question = p.text(v, "indicator question") },
		"threshold": func(v *yaml.Node) { ind.Threshold = p.threshold(v) },
	})
	p.sources[ind] = src
	p.require(src, "indicator", "id", "title", "kind", "question")
	return ind
}

// threshold reads either a plain number or a mapping whose threshold
// depends on the answer to a choice question.
func (p *parser) threshold(n *yaml.Node) *Threshold {
	t := &Threshold{}
	if n.Kind == yaml.ScalarNode {
		t.Default, _ = p.number(n, "threshold")
		return t
	}
	src := p.mapping(n, "threshold", map[string]func(*yaml.Node){
		"default": func(v *yaml.Node) { t.Default, _ = p.number(v, "threshold default") },
		"by":      func(v *yaml.Node) { t.By = p.text(v, "threshold by") },
		"values": func(v *yaml.Node) {
			if !p.kind(v, yaml.MappingNode, "threshold values", "a mapping of option values to numbers") {
				return
			}
			t.Values = make(map[string]float64)
			for i := 0; i+1 < len(v.Content); i += 2 {
				k := v.Content[i]
				if _, dup := t.Values[k.Value]; dup {
					p.problem(k, "%q appears twice in threshold values; keep one", k.Value)
					continue
				}
				t.Values[k.Value], _ = p.number(v.Content[i+1], "threshold for "+strconv.Quote(k.Value))
			}
		},
	})
	p.sources[t] = src
	p.require(src, "threshold", "default")
	if _, hasBy := src.fields["by"]; hasBy != (t.Values != nil) {
		p.problem(n, "a threshold that depends on an answer needs both \"by\" (a choice question) and \"values\" (option value: threshold)")
	}
	return t
}

// at returns where a key of a parsed part was written, or the part itself
// when the key was left out.
func (p *parser) at(part any, key string) *yaml.Node {
	src, ok := part.(*source)
	if !ok {
		src = p.sources[part]
	}
	if src == nil {
		return nil
	}
	if f, ok := src.fields[key]; ok {
		return f.value
	}
	return src.node
}

func (p *parser) has(part any, key string) (*yaml.Node, bool) {
	if src := p.sources[part]; src != nil {
		if f, ok := src.fields[key]; ok {
			return f.key, true
		}
	}
	return nil, false
}

func keysOf(m map[string]func(*yaml.Node)) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

func sortedKeys(m map[string]func(*yaml.Node)) []string {
	keys := keysOf(m)
	slices.Sort(keys)
	return keys
}

func names[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// Package benchmark reads benchmark files: the scores of other councils,
// a region or a national survey that a wave's figures are set beside. A
// file is YAML, checked like a survey definition, every problem reported
// at its line and column.
package benchmark

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/sayso/sayso/internal/survey"
)

// Scope says whose figures a benchmark holds.
type Scope string

const (
	National  Scope = "national"
	Regional  Scope = "regional"
	Childrens Scope = "childrens-services"
	Adults    Scope = "adults-services"
)

// Scopes lists every scope in the order the documentation gives them.
var Scopes = []Scope{National, Regional, Childrens, Adults}

// Words names a scope in a sentence.
func (s Scope) Words() string {
	return map[Scope]string{National: "national", Regional: "regional", Childrens: "children's services", Adults: "adults' services"}[s]
}

// MaxFileSize bounds a benchmark file.
const MaxFileSize = 256 << 10

// Benchmark is one benchmark file as read.
type Benchmark struct {
	// Name identifies it: a slug, unique among benchmarks.
	Name   string
	Title  string
	Survey string
	// Source says where the figures come from, in words: who published
	// them and where. It is shown beside every figure.
	Source string
	Year   int
	Scope  Scope
	// Area names the region of a regional benchmark.
	Area string
	// Example marks made-up figures, for illustration only: every page
	// that shows them says so.
	Example    bool
	Themes     map[string]float64
	Indicators map[string]float64

	nodes map[string]*yaml.Node // where each figure was written, by "themes.id" or "indicators.id"
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// Parse reads a benchmark file and checks it against the definition of
// its survey, found by lookup (nil for a file already checked when it was
// added). Every problem is returned, each at its line and column, as
// survey.Problems.
func Parse(file string, data []byte, lookup func(id string) (*survey.Definition, bool)) (*Benchmark, error) {
	p := &parser{file: file}
	b := p.parse(data)
	if b != nil && len(p.problems) == 0 && lookup != nil {
		p.check(b, lookup)
	}
	if len(p.problems) > 0 {
		slices.SortStableFunc(p.problems, func(a, b survey.Problem) int {
			if a.Line != b.Line {
				return a.Line - b.Line
			}
			return a.Column - b.Column
		})
		return nil, p.problems
	}
	return b, nil
}

type parser struct {
	file     string
	problems survey.Problems
	root     *yaml.Node
	fields   map[string]*yaml.Node
}

func (p *parser) problem(n *yaml.Node, format string, args ...any) {
	line, col := 1, 1
	if n != nil && n.Line > 0 {
		line, col = n.Line, n.Column
	}
	p.problems = append(p.problems, survey.Problem{File: p.file, Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
}

var keys = []string{"name", "title", "survey", "source", "year", "scope", "area", "example", "themes", "indicators"}

func (p *parser) parse(data []byte) *Benchmark {
	doc, problem := survey.ReadYAML(p.file, data, MaxFileSize, "a benchmark file")
	if problem != nil {
		p.problems = append(p.problems, *problem)
		return nil
	}
	if len(doc.Content) == 0 {
		p.problem(nil, "the file is empty; a benchmark needs name, title, survey, source, year, scope and themes or indicators")
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		p.problem(root, "a benchmark must be a mapping of keys to values, starting with name:")
		return nil
	}
	p.root, p.fields = root, map[string]*yaml.Node{}
	b := &Benchmark{Themes: map[string]float64{}, Indicators: map[string]float64{}, nodes: map[string]*yaml.Node{}}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch {
		case !slices.Contains(keys, k.Value):
			p.problem(k, "unknown key %q in a benchmark; expected one of: %s", k.Value, strings.Join(keys, ", "))
			continue
		case p.fields[k.Value] != nil:
			p.problem(k, "%q appears twice in this benchmark (first at line %d); keep one", k.Value, p.fields[k.Value].Line)
			continue
		case v.Kind == yaml.AliasNode:
			p.problem(v, "aliases are not supported in benchmark files; write the value out")
			continue
		}
		p.fields[k.Value] = k
		switch k.Value {
		case "name":
			if b.Name = p.text(v, "name"); b.Name != "" && (!slugPattern.MatchString(b.Name) || len(b.Name) > 60) {
				p.problem(v, "name %q must be lower-case letters, digits and single hyphens, at most 60 characters, such as \"national-2025\"", b.Name)
			}
		case "title":
			b.Title = p.text(v, "title")
		case "survey":
			b.Survey = p.text(v, "survey")
		case "source":
			b.Source = p.text(v, "source")
		case "area":
			b.Area = p.text(v, "area")
		case "year":
			if n, err := strconv.Atoi(v.Value); v.Kind != yaml.ScalarNode || err != nil || n < 2000 || n > 2100 {
				p.problem(v, "year must be a whole number from 2000 to 2100, such as 2025")
			} else {
				b.Year = n
			}
		case "scope":
			b.Scope = Scope(p.text(v, "scope"))
			if b.Scope != "" && !slices.Contains(Scopes, b.Scope) {
				p.problem(v, "scope %q must be one of: national, regional, childrens-services, adults-services", v.Value)
			}
		case "example":
			if v.Kind != yaml.ScalarNode || (v.Value != "true" && v.Value != "false") {
				p.problem(v, "example must be true or false")
			}
			b.Example = v.Value == "true"
		case "themes":
			p.figures(v, "themes", b.Themes, b.nodes)
		case "indicators":
			p.figures(v, "indicators", b.Indicators, b.nodes)
		}
	}
	for _, k := range []string{"name", "title", "survey", "source", "year", "scope"} {
		if p.fields[k] == nil {
			p.problem(root, "this benchmark has no %q; add one", k)
		}
	}
	if p.fields["themes"] == nil && p.fields["indicators"] == nil {
		p.problem(root, "this benchmark has no figures; add themes, indicators or both")
	}
	if b.Scope == Regional && p.fields["area"] == nil {
		p.problem(root, "a regional benchmark must say which region in \"area\", such as \"London\"")
	}
	return b
}

func (p *parser) text(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode {
		p.problem(n, "%s must be text", what)
		return ""
	}
	if n.ShortTag() == "!!null" || strings.TrimSpace(n.Value) == "" {
		p.problem(n, "%s is empty; write it out or remove the key", what)
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// figures reads a mapping of ids to numbers.
func (p *parser) figures(n *yaml.Node, what string, into map[string]float64, nodes map[string]*yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.problem(n, "%s must be a mapping of ids to figures, such as \"workloads: 52\"", what)
		return
	}
	if len(n.Content) == 0 {
		p.problem(n, "%s is empty; give at least one figure or remove the key", what)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if prev := nodes[what+"."+k.Value]; prev != nil {
			p.problem(k, "%q appears twice in %s (first at line %d); keep one", k.Value, what, prev.Line)
			continue
		}
		f, err := strconv.ParseFloat(v.Value, 64)
		if v.Kind != yaml.ScalarNode || v.ShortTag() == "!!str" || err != nil {
			p.problem(v, "the figure for %q must be a number, such as 52 or 6.1", k.Value)
			continue
		}
		into[k.Value], nodes[what+"."+k.Value] = f, v
		nodes[what+"."+k.Value+".key"] = k
	}
}

// check sets the figures against the survey's definition: every theme and
// indicator must be the survey's, and every figure in its range.
func (p *parser) check(b *Benchmark, lookup func(string) (*survey.Definition, bool)) {
	def, ok := lookup(b.Survey)
	if !ok {
		p.problem(p.valueOf("survey"), "there is no survey %q; a benchmark must be of a survey Sayso knows", b.Survey)
		return
	}
	for id, v := range b.Themes {
		if _, ok := def.Theme(id); !ok {
			p.problem(b.nodes["themes."+id+".key"], "survey %q has no theme %q", b.Survey, id)
		} else if v < 0 || v > 100 {
			p.problem(b.nodes["themes."+id], "a theme's score is out of 100; %v is not", v)
		}
	}
	for id, v := range b.Indicators {
		ind := indicator(def, id)
		if ind == nil {
			p.problem(b.nodes["indicators."+id+".key"], "survey %q has no indicator %q", b.Survey, id)
			continue
		}
		low, high := 0.0, 100.0
		switch ind.Kind {
		case survey.Mean:
			q, _ := def.Question(ind.Question)
			low, high = q.Min, q.Max
		case survey.ENPS:
			low = -100
		}
		if v < low || v > high {
			p.problem(b.nodes["indicators."+id], "%s must be from %v to %v; %v is not", id, low, high, v)
		}
	}
}

func (p *parser) valueOf(key string) *yaml.Node {
	for i := 0; i+1 < len(p.root.Content); i += 2 {
		if p.root.Content[i].Value == key {
			return p.root.Content[i+1]
		}
	}
	return p.root
}

func indicator(def *survey.Definition, id string) *survey.Indicator {
	for _, ind := range def.Indicators {
		if ind.ID == id {
			return ind
		}
	}
	return nil
}

// Label says what the benchmark is, for a page: its title, scope, year
// and source, and that the figures are made up when they are.
func (b *Benchmark) Label() string {
	scope := b.Scope.Words()
	if b.Area != "" {
		scope += ", " + b.Area
	}
	s := fmt.Sprintf("%s (%s, %d; source: %s)", b.Title, scope, b.Year, b.Source)
	if b.Example {
		s = "Example figures, for illustration only, not real benchmark data: " + s
	}
	return s
}

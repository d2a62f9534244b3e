package web

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"unicode"
)

// decodeQuickly reads the body of a response in one pass over its bytes,
// for the bodies every respondent's client sends: exactly the keys "code"
// and "answers", each once, the answers an object of scalars and lists of
// scalars, strings without escapes, and nothing after. It declines
// (false) whatever else it meets, and decodeJSONRequest then reads the
// body the strict way and words the refusal, so it takes only what the
// strict reader takes, into the same values. Collection spent a fifth of
// its time in encoding/json and the repeated-key walk.
func (req *responseRequest) decodeQuickly(raw []byte) bool {
	p := quickParser{raw: raw}
	var code string
	var answers map[string]any
	seenCode, seenAnswers := false, false
	if !p.byte('{') {
		return false
	}
	for first := true; ; first = false {
		p.space()
		if p.peek() == '}' && first {
			return false // no code, no answers
		}
		key, ok := p.plainString()
		if !ok || !p.byte(':') {
			return false
		}
		switch {
		case key == "code" && !seenCode:
			if code, ok = p.plainString(); !ok {
				return false
			}
			seenCode = true
		case key == "answers" && !seenAnswers:
			if answers, ok = p.answers(); !ok {
				return false
			}
			seenAnswers = true
		default:
			return false
		}
		p.space()
		if p.peek() == '}' {
			p.i++
			break
		}
		if !p.byte(',') {
			return false
		}
	}
	p.space()
	if p.i != len(p.raw) || !seenCode || !seenAnswers {
		return false
	}
	req.Code, req.Answers = code, answers
	return true
}

// quickParser walks a JSON document that may be anything; each reader
// says false at the first byte it does not take.
type quickParser struct {
	raw []byte
	i   int
}

func (p *quickParser) peek() byte {
	if p.i < len(p.raw) {
		return p.raw[p.i]
	}
	return 0
}

func (p *quickParser) space() {
	for p.i < len(p.raw) && (p.raw[p.i] == ' ' || p.raw[p.i] == '\t' || p.raw[p.i] == '\n' || p.raw[p.i] == '\r') {
		p.i++
	}
}

// byte takes one structural character, after any space.
func (p *quickParser) byte(c byte) bool {
	p.space()
	if p.peek() != c {
		return false
	}
	p.i++
	return true
}

// plainString takes a string with no escape and no control character,
// which encoding/json reads as its bytes (the body is valid UTF-8).
func (p *quickParser) plainString() (string, bool) {
	if !p.byte('"') {
		return "", false
	}
	start := p.i
	for ; p.i < len(p.raw); p.i++ {
		switch c := p.raw[p.i]; {
		case c == '"':
			p.i++
			return string(p.raw[start : p.i-1]), true
		case c == '\\' || c < 0x20:
			return "", false
		}
	}
	return "", false
}

// answers takes an object of answers by question id. Two ids that differ
// only in case are declined: the strict reader refuses them as one key
// written twice.
func (p *quickParser) answers() (_ map[string]any, ok bool) {
	if !p.byte('{') {
		return nil, false
	}
	answers := answerMaps.Get().(map[string]any)
	defer func() {
		if !ok {
			releaseAnswers(answers)
		}
	}()
	p.space()
	if p.peek() == '}' {
		p.i++
		return answers, true
	}
	for {
		var id string
		if id, ok = p.plainString(); !ok || !p.byte(':') {
			return nil, false
		}
		if strings.ContainsFunc(id, func(r rune) bool { return r >= 'A' && r <= 'Z' || r > unicode.MaxASCII }) {
			return nil, false
		}
		if _, twice := answers[id]; twice {
			return nil, false
		}
		if answers[id], ok = p.value(true); !ok {
			return nil, false
		}
		p.space()
		switch p.peek() {
		case '}':
			p.i++
			return answers, true
		case ',':
			p.i++
		default:
			return nil, false
		}
	}
}

// value takes a scalar as encoding/json decodes it into an any with
// UseNumber, or, where list is true, a list of scalars.
func (p *quickParser) value(list bool) (any, bool) {
	p.space()
	switch c := p.peek(); {
	case c == '"':
		return p.plainString()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == '[' && list:
		p.i++
		items := []any{}
		p.space()
		if p.peek() == ']' {
			p.i++
			return items, true
		}
		for {
			item, ok := p.value(false)
			if !ok {
				return nil, false
			}
			items = append(items, item)
			p.space()
			switch p.peek() {
			case ']':
				p.i++
				return items, true
			case ',':
				p.i++
			default:
				return nil, false
			}
		}
	}
	rest := p.raw[p.i:]
	switch {
	case bytes.HasPrefix(rest, []byte("true")):
		p.i += len("true")
		return true, true
	case bytes.HasPrefix(rest, []byte("false")):
		p.i += len("false")
		return false, true
	case bytes.HasPrefix(rest, []byte("null")):
		p.i += len("null")
		return nil, true
	}
	return nil, false
}

// number takes a number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *quickParser) number() (json.Number, bool) {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.raw) && p.raw[p.i] >= '0' && p.raw[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.peek() == '-' {
		p.i++
	}
	if p.peek() == '0' {
		p.i++
	} else if digits() == 0 {
		return "", false
	}
	if p.peek() == '.' {
		p.i++
		if digits() == 0 {
			return "", false
		}
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.i++
		if c := p.peek(); c == '+' || c == '-' {
			p.i++
		}
		if digits() == 0 {
			return "", false
		}
	}
	return json.Number(p.raw[start:p.i]), true
}

// answerMaps keeps the maps answers are read into for the next request:
// one a response, read and dropped within its request.
var answerMaps = sync.Pool{New: func() any { return make(map[string]any, 64) }}

// releaseAnswers gives a map of answers back once nothing reads it. A big
// one (of more answers than any survey asks) is left to the collector.
func releaseAnswers(answers map[string]any) {
	if answers == nil || len(answers) > 256 {
		return
	}
	clear(answers)
	answerMaps.Put(answers)
}

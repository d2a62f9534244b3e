package survey

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Answer is one decoded answer. Which field holds it depends on the
// question's type: Number for agreement, scale and number; Text for choice
// and text; Choices for multichoice; Yes for yesno.
type Answer struct {
	Number  float64
	Text    string
	Choices []string
	Yes     bool
}

// Answers are one response's answers by question id. Questions not answered
// are absent.
type Answers map[string]Answer

// AnswerError is what is wrong with the answer to one question: its kind,
// which the respondent pages word for themselves, and a message for the
// API and the command line.
type AnswerError struct {
	Question string          `json:"question"`
	Kind     AnswerErrorKind `json:"-"`
	Message  string          `json:"message"`
	// Value is the answer at fault, for NotAnOption and ChosenTwice from
	// a list of options; empty otherwise.
	Value string `json:"-"`
	// Length is a TooLong answer's length in characters.
	Length int `json:"-"`
}

// AnswerErrorKind says what is wrong with an answer, so that each edge can
// say it in its own words without reading the domain's.
type AnswerErrorKind string

const (
	UnknownQuestion AnswerErrorKind = "unknown-question" // no question has this id
	WrongType       AnswerErrorKind = "wrong-type"       // not the kind of value the question takes, such as text for a number
	GiveOneAnswer   AnswerErrorKind = "give-one-answer"  // several answers to a question that takes one
	NotText         AnswerErrorKind = "not-text"         // bytes that are not valid UTF-8
	NotAsked        AnswerErrorKind = "not-asked"        // answered, though its show_if hides it
	Required        AnswerErrorKind = "required"         // asked, required and not answered
	OutOfRange      AnswerErrorKind = "out-of-range"     // a number outside the question's range
	NotAnOption     AnswerErrorKind = "not-an-option"    // a value that is not one of the question's options
	ChosenTwice     AnswerErrorKind = "chosen-twice"     // an option chosen twice in one answer
	TooLong         AnswerErrorKind = "too-long"         // text longer than the question allows
)

// AnswerErrorKinds lists every kind, so each edge can show it words them all.
var AnswerErrorKinds = []AnswerErrorKind{UnknownQuestion, WrongType, GiveOneAnswer, NotText, NotAsked, Required, OutOfRange, NotAnOption, ChosenTwice, TooLong}

// AnswerErrors lists every problem with a response, in question order.
type AnswerErrors []AnswerError

func (es AnswerErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Question + ": " + e.Message
	}
	return strings.Join(parts, "; ")
}

// DecodeJSON reads answers encoded as the public contract says (see
// QuestionType), as a JSON object decoded with UseNumber: numbers arrive
// as json.Number, so a quoted number is a string, never a number. It
// reports every unknown id and every value of the wrong kind; ranges,
// options and the rest are Check's job.
func (d *Definition) DecodeJSON(raw map[string]any) (Answers, AnswerErrors) {
	answers := make(Answers, len(raw))
	var errs AnswerErrors
	for id, value := range raw {
		q, ok := d.Question(id)
		if !ok {
			errs = append(errs, AnswerError{Question: id, Kind: UnknownQuestion, Message: "there is no such question in this survey"})
			continue
		}
		if value == nil {
			continue
		}
		a, err := decodeJSONValue(q, value)
		if err != nil {
			errs = append(errs, *err)
			continue
		}
		answers[id] = a
	}
	return answers, d.inOrder(errs)
}

func decodeJSONValue(q *Question, value any) (Answer, *AnswerError) {
	var a Answer
	wrongType := func(msg string) (Answer, *AnswerError) {
		return a, &AnswerError{Question: q.ID, Kind: WrongType, Message: msg}
	}
	switch q.Type {
	case Agreement, Scale:
		n, ok := value.(json.Number)
		i, err := strconv.ParseInt(string(n), 10, 64)
		if !ok || err != nil {
			return wrongType("must be a whole number")
		}
		a.Number = float64(i)
	case Number:
		n, ok := value.(json.Number)
		f, err := strconv.ParseFloat(string(n), 64)
		if !ok || err != nil {
			return wrongType("must be a number")
		}
		a.Number = f
	case Choice, Text:
		s, ok := value.(string)
		if !ok {
			return wrongType("must be a string")
		}
		a.Text = s
	case MultiChoice:
		list, ok := value.([]any)
		if !ok {
			return wrongType("must be an array of option values")
		}
		a.Choices = make([]string, len(list))
		for i, item := range list {
			if a.Choices[i], ok = item.(string); !ok {
				return wrongType("must be an array of option values")
			}
		}
	case YesNo:
		b, ok := value.(bool)
		if !ok {
			return wrongType("must be true or false")
		}
		a.Yes = b
	}
	return a, nil
}

// DecodeForm reads the answers to the given questions from an HTML form,
// where field "q.ID" holds the answer (repeated for multichoice; "yes" or
// "no" for yesno). Empty fields are unanswered.
func DecodeForm(questions []*Question, values func(field string) []string) (Answers, AnswerErrors) {
	answers := make(Answers)
	var errs AnswerErrors
	for _, q := range questions {
		got := values(FieldName(q.ID))
		if q.Type != MultiChoice {
			if len(got) == 0 || strings.TrimSpace(got[0]) == "" {
				continue
			}
			if len(got) > 1 {
				errs = append(errs, AnswerError{Question: q.ID, Kind: GiveOneAnswer, Message: "give one answer"})
				continue
			}
		}
		a, err := decodeFormValue(q, got)
		if err != nil {
			errs = append(errs, *err)
			continue
		}
		if q.Type == MultiChoice && len(a.Choices) == 0 {
			continue
		}
		answers[q.ID] = a
	}
	return answers, errs
}

// FieldName is the form field that carries a question's answer.
func FieldName(questionID string) string { return "q." + questionID }

func decodeFormValue(q *Question, got []string) (Answer, *AnswerError) {
	var a Answer
	wrongType := func(msg string) (Answer, *AnswerError) {
		return a, &AnswerError{Question: q.ID, Kind: WrongType, Message: msg}
	}
	for _, v := range got {
		if !utf8.ValidString(v) {
			return a, &AnswerError{Question: q.ID, Kind: NotText, Message: "contains characters that are not valid text"}
		}
	}
	switch q.Type {
	case Agreement, Scale:
		i, err := strconv.Atoi(strings.TrimSpace(got[0]))
		if err != nil {
			return wrongType("choose one of the options")
		}
		a.Number = float64(i)
	case Number:
		f, err := strconv.ParseFloat(strings.TrimSpace(got[0]), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return wrongType("enter a number, " + NumberExample(q))
		}
		a.Number = f
	case Choice, Text:
		a.Text = got[0]
	case MultiChoice:
		for _, v := range got {
			if v != "" {
				a.Choices = append(a.Choices, v)
			}
		}
	case YesNo:
		switch got[0] {
		case "yes":
			a.Yes = true
		case "no":
		default:
			return wrongType("choose yes or no")
		}
	}
	return a, nil
}

// Visible reports whether a question is asked, given the answers so far: a
// question with show_if is asked only when the earlier answer matches.
func (d *Definition) Visible(q *Question, answers Answers) bool {
	if q.ShowIf == nil {
		return true
	}
	target, ok := d.Question(q.ShowIf.Question)
	if !ok || !d.Visible(target, answers) {
		return false
	}
	a, answered := answers[target.ID]
	if !answered {
		return false
	}
	if target.Type == YesNo {
		return YesNoValue(a.Yes) == q.ShowIf.Value
	}
	return a.Text == q.ShowIf.Value
}

// Check validates decoded answers against the definition: every value in
// range and among the options, text within its length, every visible
// required question answered and no hidden question answered. It checks
// only the given questions, so one page can be checked on its own; pass
// d.Questions() for a whole response.
func (d *Definition) Check(questions []*Question, answers Answers) AnswerErrors {
	var errs AnswerErrors
	for _, q := range questions {
		a, answered := answers[q.ID]
		visible := d.Visible(q, answers)
		switch {
		case answered && !visible:
			errs = append(errs, AnswerError{Question: q.ID, Kind: NotAsked, Message: fmt.Sprintf("is not asked unless %q is answered %q", q.ShowIf.Question, q.ShowIf.Value)})
		case !answered && visible && q.Required:
			errs = append(errs, AnswerError{Question: q.ID, Kind: Required, Message: "is required"})
		case answered:
			if e := checkValue(q, a); e != nil {
				errs = append(errs, *e)
			}
		}
	}
	return errs
}

func checkValue(q *Question, a Answer) *AnswerError {
	fault := func(kind AnswerErrorKind, format string, args ...any) *AnswerError {
		return &AnswerError{Question: q.ID, Kind: kind, Message: fmt.Sprintf(format, args...)}
	}
	// Whole numbers only: stored answers keep the whole part alone.
	if (q.Type == Agreement || q.Type == Scale) && a.Number != math.Trunc(a.Number) {
		return fault(WrongType, "must be a whole number")
	}
	switch q.Type {
	case Agreement:
		if !(a.Number >= 1 && a.Number <= 5) {
			return fault(OutOfRange, "must be from 1 (strongly disagree) to 5 (strongly agree)")
		}
	case Scale, Number:
		// Written so that NaN, which compares false, is out of range.
		if !(a.Number >= q.Min && a.Number <= q.Max) {
			return fault(OutOfRange, "must be from %g to %g", q.Min, q.Max)
		}
	case Choice:
		if _, ok := q.Option(a.Text); !ok {
			e := fault(NotAnOption, "%q is not one of the options", a.Text)
			e.Value = a.Text
			return e
		}
	case MultiChoice:
		seen := make(map[string]bool)
		for _, c := range a.Choices {
			if _, ok := q.Option(c); !ok {
				e := fault(NotAnOption, "%q is not one of the options", c)
				e.Value = c
				return e
			}
			if seen[c] {
				e := fault(ChosenTwice, "%q is chosen twice", c)
				e.Value = c
				return e
			}
			seen[c] = true
		}
	case Text:
		if !utf8.ValidString(a.Text) {
			return fault(NotText, "contains characters that are not valid text")
		}
		if n := utf8.RuneCountInString(a.Text); n > q.MaxLength {
			e := fault(TooLong, "is %d characters long; the most is %d", n, q.MaxLength)
			e.Length = n
			return e
		}
	}
	return nil
}

// Checked is one whole response whose answers passed every rule of the
// definition that checked them, encoded as they are stored. Its fields
// are unexported, so only CheckResponse makes one: whatever takes a
// Checked (the store's Submit) knows the answers were checked, and by
// which definition.
type Checked struct {
	def     *Definition
	encoded []byte
}

// CheckResponse checks a whole response: an answer to no question of the
// definition, and everything Check finds over all its questions, are
// problems. Answers that pass come back ready to store.
func (d *Definition) CheckResponse(answers Answers) (Checked, AnswerErrors) {
	var errs AnswerErrors
	for id := range answers {
		if _, ok := d.questions[id]; !ok {
			errs = append(errs, AnswerError{Question: id, Kind: UnknownQuestion, Message: "there is no such question in this survey"})
		}
	}
	errs = append(errs, d.Check(d.ordered, answers)...)
	if len(errs) > 0 {
		return Checked{}, d.inOrder(errs)
	}
	return Checked{def: d, encoded: d.EncodeAnswers(answers)}, nil
}

// CheckedBy reports whether c passed d's check.
func (c Checked) CheckedBy(d *Definition) bool { return c.def != nil && c.def == d }

// Encoded is the checked answers as EncodeAnswers writes them.
func (c Checked) Encoded() []byte { return c.encoded }

// inOrder sorts problems into the order the questions are asked, with
// unknown ids last, so the same response always reads the same errors.
func (d *Definition) inOrder(errs AnswerErrors) AnswerErrors {
	slices.SortStableFunc(errs, func(a, b AnswerError) int {
		ia, oka := d.position[a.Question]
		ib, okb := d.position[b.Question]
		switch {
		case oka && okb:
			return ia - ib
		case oka:
			return -1
		case okb:
			return 1
		}
		return strings.Compare(a.Question, b.Question)
	})
	return errs
}

// EncodeAnswers writes checked answers for storage: a JSON array with one
// value per question in the order they are asked, null where unanswered,
// each value in the public encoding. The wave's frozen definition fixes the
// order, so positions stand in for ids, and a stored response is a third of
// the size, which is what storing one costs.
func (d *Definition) EncodeAnswers(answers Answers) []byte {
	buf := make([]byte, 0, 64+8*len(d.ordered))
	buf = append(buf, '[')
	for i, q := range d.ordered {
		if i > 0 {
			buf = append(buf, ',')
		}
		a, ok := answers[q.ID]
		if !ok {
			buf = append(buf, "null"...)
			continue
		}
		switch q.Type {
		case Agreement, Scale:
			buf = strconv.AppendInt(buf, int64(a.Number), 10)
		case Number:
			buf = strconv.AppendFloat(buf, a.Number, 'g', -1, 64)
		case Choice, Text:
			buf = appendJSONString(buf, a.Text)
		case MultiChoice:
			if a.Choices == nil {
				buf = append(buf, "null"...)
				continue
			}
			buf = append(buf, '[')
			for i, c := range a.Choices {
				if i > 0 {
					buf = append(buf, ',')
				}
				buf = appendJSONString(buf, c)
			}
			buf = append(buf, ']')
		case YesNo:
			buf = strconv.AppendBool(buf, a.Yes)
		}
	}
	return append(buf, ']')
}

// appendJSONString appends s as a JSON string without json.Marshal's HTML
// escaping: the stored answers are never put into a page as they are, and
// "<" kept as "\u003c" is six bytes for one. A string with nothing to
// escape, as most answers are, is copied as it is, without an encoder.
func appendJSONString(buf []byte, s string) []byte {
	if !strings.ContainsFunc(s, func(r rune) bool {
		return r < 0x20 || r == '"' || r == '\\' || r == '\u2028' || r == '\u2029' || r == utf8.RuneError
	}) {
		buf = append(buf, '"')
		buf = append(buf, s...)
		return append(buf, '"')
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return append(buf, bytes.TrimSuffix(out.Bytes(), []byte("\n"))...)
}

// DecodeStored reads answers written by EncodeAnswers with this definition.
func (d *Definition) DecodeStored(data []byte) (Answers, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var values []any
	if err := dec.Decode(&values); err != nil {
		return nil, fmt.Errorf("stored answers are not a JSON array: %w", err)
	}
	if len(values) != len(d.ordered) {
		return nil, fmt.Errorf("stored answers hold %d values for %d questions", len(values), len(d.ordered))
	}
	raw := make(map[string]any, len(values))
	for i, v := range values {
		if v != nil {
			raw[d.ordered[i].ID] = v
		}
	}
	answers, errs := d.DecodeJSON(raw)
	if len(errs) > 0 {
		return nil, fmt.Errorf("stored answers do not decode: %w", errs)
	}
	return answers, nil
}

// NumberExample is an example answer to a number question that fits it:
// inside its range, with its unit ("such as 38 cases" for a caseload from
// 0 to 150).
func NumberExample(q *Question) string {
	example := 12.0
	if q.Max > q.Min {
		example = math.Round(q.Min + (q.Max-q.Min)/4)
		if example <= q.Min || example >= q.Max {
			example = q.Min + (q.Max-q.Min)/2
		}
	}
	return strings.TrimSpace(fmt.Sprintf("such as %s %s", strconv.FormatFloat(example, 'f', -1, 64), q.Unit))
}

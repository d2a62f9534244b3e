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

// AnswerError is what is wrong with the answer to one question.
type AnswerError struct {
	Question string `json:"question"`
	Message  string `json:"message"`
}

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
// QuestionType), one raw JSON value per question id. It reports every
// unknown id and every value of the wrong kind; ranges, options and the
// rest are Check's job.
func (d *Definition) DecodeJSON(raw map[string]json.RawMessage) (Answers, AnswerErrors) {
	answers := make(Answers, len(raw))
	var errs AnswerErrors
	for id, value := range raw {
		q, ok := d.Question(id)
		if !ok {
			errs = append(errs, AnswerError{id, "there is no such question in this survey"})
			continue
		}
		if bytes.Equal(bytes.TrimSpace(value), []byte("null")) {
			continue
		}
		a, err := decodeJSONValue(q, value)
		if err != "" {
			errs = append(errs, AnswerError{id, err})
			continue
		}
		answers[id] = a
	}
	return answers, d.ordered(errs)
}

func decodeJSONValue(q *Question, value json.RawMessage) (Answer, string) {
	var a Answer
	switch q.Type {
	case Agreement, Scale:
		n, ok := jsonNumber(value)
		i, err := strconv.ParseInt(n, 10, 64)
		if !ok || err != nil {
			return a, "must be a whole number"
		}
		a.Number = float64(i)
	case Number:
		n, ok := jsonNumber(value)
		f, err := strconv.ParseFloat(n, 64)
		if !ok || err != nil {
			return a, "must be a number"
		}
		a.Number = f
	case Choice, Text:
		if json.Unmarshal(value, &a.Text) != nil {
			return a, "must be a string"
		}
	case MultiChoice:
		if json.Unmarshal(value, &a.Choices) != nil || a.Choices == nil {
			return a, "must be an array of option values"
		}
	case YesNo:
		if json.Unmarshal(value, &a.Yes) != nil {
			return a, "must be true or false"
		}
	}
	return a, ""
}

// jsonNumber returns a raw JSON value's text if it is a JSON number. A
// quoted number is a string, not a number, whatever encoding/json allows.
func jsonNumber(value json.RawMessage) (string, bool) {
	var n json.Number
	v := bytes.TrimSpace(value)
	if len(v) == 0 || v[0] == '"' || json.Unmarshal(v, &n) != nil {
		return "", false
	}
	return string(n), true
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
				errs = append(errs, AnswerError{q.ID, "give one answer"})
				continue
			}
		}
		a, err := decodeFormValue(q, got)
		if err != "" {
			errs = append(errs, AnswerError{q.ID, err})
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

func decodeFormValue(q *Question, got []string) (Answer, string) {
	var a Answer
	for _, v := range got {
		if !utf8.ValidString(v) {
			return a, "contains characters that are not valid text"
		}
	}
	switch q.Type {
	case Agreement, Scale:
		i, err := strconv.Atoi(strings.TrimSpace(got[0]))
		if err != nil {
			return a, "choose one of the options"
		}
		a.Number = float64(i)
	case Number:
		f, err := strconv.ParseFloat(strings.TrimSpace(got[0]), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return a, "enter a number, such as 12 or 37.5"
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
			return a, "choose yes or no"
		}
	}
	return a, ""
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
		return yesNo(a.Yes) == q.ShowIf.Value
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
			errs = append(errs, AnswerError{q.ID, fmt.Sprintf("is not asked unless %q is answered %q", q.ShowIf.Question, q.ShowIf.Value)})
		case !answered && visible && q.Required:
			errs = append(errs, AnswerError{q.ID, "is required"})
		case answered:
			if msg := checkValue(q, a); msg != "" {
				errs = append(errs, AnswerError{q.ID, msg})
			}
		}
	}
	return errs
}

func checkValue(q *Question, a Answer) string {
	switch q.Type {
	case Agreement:
		if a.Number < 1 || a.Number > 5 {
			return "must be from 1 (strongly disagree) to 5 (strongly agree)"
		}
	case Scale, Number:
		if a.Number < q.Min || a.Number > q.Max {
			return fmt.Sprintf("must be from %g to %g", q.Min, q.Max)
		}
	case Choice:
		if _, ok := q.Option(a.Text); !ok {
			return fmt.Sprintf("%q is not one of the options", a.Text)
		}
	case MultiChoice:
		seen := make(map[string]bool)
		for _, c := range a.Choices {
			if _, ok := q.Option(c); !ok {
				return fmt.Sprintf("%q is not one of the options", c)
			}
			if seen[c] {
				return fmt.Sprintf("%q is chosen twice", c)
			}
			seen[c] = true
		}
	case Text:
		if !utf8.ValidString(a.Text) {
			return "contains characters that are not valid text"
		}
		if n := utf8.RuneCountInString(a.Text); n > q.MaxLength {
			return fmt.Sprintf("is %d characters long; the most is %d", n, q.MaxLength)
		}
	}
	return ""
}

// ordered sorts problems into the order the questions are asked, with
// unknown ids last, so the same response always reads the same errors.
func (d *Definition) ordered(errs AnswerErrors) AnswerErrors {
	order := make(map[string]int)
	for i, q := range d.Questions() {
		order[q.ID] = i
	}
	slices.SortStableFunc(errs, func(a, b AnswerError) int {
		ia, oka := order[a.Question]
		ib, okb := order[b.Question]
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

// EncodeAnswers writes answers as JSON in the public encoding, keyed by
// question id in sorted order. The answers must have been checked.
func (d *Definition) EncodeAnswers(answers Answers) []byte {
	values := make(map[string]any, len(answers))
	for id, a := range answers {
		q, ok := d.Question(id)
		if !ok {
			continue
		}
		switch q.Type {
		case Agreement, Scale:
			values[id] = int64(a.Number)
		case Number:
			values[id] = a.Number
		case Choice, Text:
			values[id] = a.Text
		case MultiChoice:
			values[id] = a.Choices
		case YesNo:
			values[id] = a.Yes
		}
	}
	encoded, _ := json.Marshal(values) // cannot fail: only strings, numbers in range and booleans
	return encoded
}

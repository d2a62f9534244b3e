package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sayso/sayso/internal/survey"
)

// answersForm is a respondent's answers as the pages read them. Between
// pages they are kept sealed with a key only the respondent holds
// (respondent_progress.go), so no partial response on the server can be
// read or tied to a person.
type answersForm struct {
	def *survey.Definition
	// values are the raw form values by field name, kept to show back
	// exactly what was typed.
	values url.Values
	// answers are the values that decoded; problems the ones that did not.
	answers  survey.Answers
	problems map[string]survey.AnswerError
}

// readAnswersForm takes the answer fields of a posted form. Answers to
// questions no longer asked (an earlier answer changed) are dropped.
func readAnswersForm(def *survey.Definition, form url.Values) (*answersForm, error) {
	f := &answersForm{def: def, values: url.Values{}, problems: make(map[string]survey.AnswerError)}
	for name, vs := range form {
		if !strings.HasPrefix(name, "q.") {
			continue
		}
		if _, ok := def.Question(strings.TrimPrefix(name, "q.")); !ok {
			return nil, survey.Errorf(survey.ErrInvalid, "The form has an answer to a question this survey does not ask.")
		}
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return nil, survey.Errorf(survey.ErrInvalid, "The form has characters that are not valid text.")
			}
		}
		f.values[name] = vs
	}
	answers, errs := survey.DecodeForm(def.Questions(), func(field string) []string { return f.values[field] })
	f.answers = answers
	for _, e := range errs {
		f.problems[e.Question] = e
	}
	// Show_if only looks back, so one pass in question order settles it.
	for _, q := range def.Questions() {
		if !def.Visible(q, f.answers) {
			delete(f.answers, q.ID)
			delete(f.problems, q.ID)
			f.values.Del(survey.FieldName(q.ID))
		}
	}
	return f, nil
}

// visibleSections are the indexes of the sections with a question to ask.
func (f *answersForm) visibleSections() []int {
	var visible []int
	for i, s := range f.def.Sections {
		for _, q := range s.Questions {
			if f.def.Visible(q, f.answers) {
				visible = append(visible, i)
				break
			}
		}
	}
	return visible
}

// neighbour returns the visible section after (step 1) or before (step -1)
// section i, or -1 when there is none.
func (f *answersForm) neighbour(i, step int) int {
	visible := f.visibleSections()
	for j := i + step; j >= 0 && j < len(f.def.Sections); j += step {
		for _, v := range visible {
			if v == j {
				return j
			}
		}
	}
	return -1
}

func (f *answersForm) visibleQuestions(questions []*survey.Question) []*survey.Question {
	var visible []*survey.Question
	for _, q := range questions {
		if f.def.Visible(q, f.answers) {
			visible = append(visible, q)
		}
	}
	return visible
}

// undecoded lists the answers that did not decode, in question order:
// a response with one is not submitted, even when its question is optional.
func (f *answersForm) undecoded() error {
	var errs survey.AnswerErrors
	for _, q := range f.def.Questions() {
		if e, bad := f.problems[q.ID]; bad {
			errs = append(errs, e)
		}
	}
	if errs == nil {
		return nil
	}
	return errs
}

// check returns what is wrong with the answers to the given questions, as
// messages fit for the page, by question id.
func (f *answersForm) check(questions []*survey.Question) map[string]string {
	visible := f.visibleQuestions(questions)
	problems := make(map[string]string)
	for _, q := range visible {
		if e, bad := f.problems[q.ID]; bad {
			problems[q.ID] = pageMessage(q, e)
		}
	}
	for _, e := range f.def.Check(visible, f.answers) {
		if _, seen := problems[e.Question]; !seen {
			q, _ := f.def.Question(e.Question)
			problems[e.Question] = pageMessage(q, e)
		}
	}
	return problems
}

// pageMessage words what is wrong with an answer for the page, naming the
// question, as the GOV.UK error message pattern asks. It reads the kind of
// fault and the question, never the domain's message, so rewording that
// cannot change a page.
func pageMessage(q *survey.Question, e survey.AnswerError) string {
	label := q.Label()
	switch e.Kind {
	case survey.Required:
		if q.Type == survey.Number || q.Type == survey.Text {
			return fmt.Sprintf("Enter an answer to “%s”", label)
		}
		return fmt.Sprintf("Select an answer to “%s”", label)
	case survey.OutOfRange:
		if q.Type == survey.Agreement {
			return fmt.Sprintf("The answer to “%s” must be from 1 (strongly disagree) to 5 (strongly agree)", label)
		}
		return fmt.Sprintf("The answer to “%s” must be from %g to %g", label, q.Min, q.Max)
	case survey.TooLong:
		return fmt.Sprintf("The answer to “%s” is %d characters long; the most is %d", label, e.Length, q.MaxLength)
	case survey.NotAnOption:
		return fmt.Sprintf("“%s”: %q is not one of the options", label, e.Value)
	case survey.ChosenTwice:
		return fmt.Sprintf("“%s”: %q is chosen twice", label, e.Value)
	case survey.GiveOneAnswer:
		return fmt.Sprintf("“%s”: give one answer", label)
	case survey.NotText:
		return fmt.Sprintf("“%s”: contains characters that are not valid text", label)
	case survey.NotAsked:
		if q.ShowIf == nil {
			return fmt.Sprintf("The answer to “%s” is not asked", label)
		}
		return fmt.Sprintf("The answer to “%s” is not asked unless %q is answered %q", label, q.ShowIf.Question, q.ShowIf.Value)
	case survey.UnknownQuestion:
		return fmt.Sprintf("“%s” is not a question this survey asks", label)
	case survey.WrongType:
		switch q.Type {
		case survey.Number:
			return fmt.Sprintf("“%s”: enter a number, %s", label, survey.NumberExample(q))
		case survey.YesNo:
			return fmt.Sprintf("“%s”: choose yes or no", label)
		case survey.Text:
			return fmt.Sprintf("“%s”: enter your answer as text", label)
		}
		return fmt.Sprintf("“%s”: choose one of the options", label)
	}
	return fmt.Sprintf("“%s”: this answer cannot be taken", label)
}

// questionView is one question as the section page draws it.
type questionView struct {
	ID, Name    string
	Target      string // where the error summary's link lands
	Kind        string // radios, checkboxes, input or textarea
	Fieldset    bool
	Inline      bool
	Small       bool
	Text, Hint  string
	Required    bool
	Error       string
	Items       []itemView
	Value       string
	Unit        string
	DescribedBy string
}

type itemView struct {
	ID, Value, Label string
	Checked          bool
}

func (f *answersForm) questionView(q *survey.Question, problem string) questionView {
	v := questionView{ID: "q-" + q.ID, Target: questionTarget(q), Name: survey.FieldName(q.ID), Text: q.Text, Hint: q.Hint, Required: q.Required, Error: problem}
	chosen := f.values[v.Name]
	addItem := func(value, label string) {
		id := v.ID
		if len(v.Items) > 0 {
			id = fmt.Sprintf("%s-%d", v.ID, len(v.Items)+1)
		}
		checked := false
		for _, c := range chosen {
			checked = checked || c == value
		}
		v.Items = append(v.Items, itemView{ID: id, Value: value, Label: label, Checked: checked})
	}
	switch q.Type {
	case survey.Agreement:
		v.Kind = "radios"
		for i, label := range survey.AgreementLabels {
			addItem(strconv.Itoa(i+1), label)
		}
	case survey.Scale:
		v.Kind, v.Inline, v.Small = "radios", true, true
		if q.MinLabel != "" || q.MaxLabel != "" {
			v.Hint = strings.TrimSpace(fmt.Sprintf("%s %g is “%s” and %g is “%s”.", v.Hint, q.Min, orDash(q.MinLabel), q.Max, orDash(q.MaxLabel)))
		}
		for n := q.Min; n <= q.Max; n++ {
			addItem(strconv.FormatFloat(n, 'f', -1, 64), strconv.FormatFloat(n, 'f', -1, 64))
		}
	case survey.Choice:
		v.Kind = "radios"
		for _, o := range q.Options {
			addItem(o.Value, o.Label)
		}
	case survey.MultiChoice:
		v.Kind = "checkboxes"
		v.Hint = strings.TrimSpace(v.Hint + " Select all that apply.")
		for _, o := range q.Options {
			addItem(o.Value, o.Label)
		}
	case survey.YesNo:
		v.Kind, v.Inline = "radios", true
		addItem("yes", "Yes")
		addItem("no", "No")
	case survey.Number:
		v.Kind, v.Unit = "input", q.Unit
		v.Value = f.values.Get(v.Name)
	case survey.Text:
		v.Kind = "textarea"
		v.Hint = strings.TrimSpace(fmt.Sprintf("%s You can enter up to %d characters.", v.Hint, q.MaxLength))
		v.Value = f.values.Get(v.Name)
	}
	v.Fieldset = v.Kind == "radios" || v.Kind == "checkboxes"
	var describedBy []string
	if v.Hint != "" {
		describedBy = append(describedBy, v.ID+"-hint")
	}
	if v.Error != "" {
		describedBy = append(describedBy, v.ID+"-error")
	}
	v.DescribedBy = strings.Join(describedBy, " ")
	return v
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// display is an answer as the check-your-answers page shows it: one line
// per item, empty when unanswered.
func display(q *survey.Question, a survey.Answer, answered bool) []string {
	if !answered {
		return nil
	}
	number := strconv.FormatFloat(a.Number, 'f', -1, 64)
	switch q.Type {
	case survey.Agreement:
		if i := int(a.Number); i >= 1 && i <= len(survey.AgreementLabels) {
			return []string{survey.AgreementLabels[i-1]}
		}
		return []string{number}
	case survey.Scale:
		return []string{fmt.Sprintf("%s out of %g", number, q.Max)}
	case survey.Number:
		return []string{strings.TrimSpace(number + " " + q.Unit)}
	case survey.Choice:
		return []string{optionLabel(q, a.Text)}
	case survey.MultiChoice:
		var labels []string
		for _, c := range a.Choices {
			labels = append(labels, optionLabel(q, c))
		}
		return labels
	case survey.YesNo:
		if a.Yes {
			return []string{"Yes"}
		}
		return []string{"No"}
	}
	return strings.Split(a.Text, "\n")
}

func optionLabel(q *survey.Question, value string) string {
	if o, ok := q.Option(value); ok {
		return o.Label
	}
	return value
}

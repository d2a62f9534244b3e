package results

import (
	"slices"
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

func TestCommentsAreTaggedAndFlagged(t *testing.T) {
	def, err := survey.Parse("c.yaml", []byte(`id: c
title: C
themes:
  - {id: workload, title: Workload, keywords: [caseload, time off]}
  - {id: support, title: Support, keywords: [supervision]}
sections:
  - id: s
    title: S
    questions:
      - {id: a, type: agreement, text: A, theme: workload}
      - {id: b, type: agreement, text: B, theme: support}
      - {id: said, type: text, text: Said}
`))
	if err != nil {
		t.Fatal(err)
	}
	tagger := NewCommentTagger(def)
	tests := []struct {
		text    string
		themes  []string
		flagged bool
	}{
		{"Caseloads are too high", []string{"workload"}, false},
		{"No TIME OFF in lieu, and supervision is cancelled", []string{"workload", "support"}, false},
		{"A showcaseload of nonsense", []string{}, false}, // not at the start of a word
		{"I was bullied by a manager", []string{}, true},
		{"Harassment in the office goes on", []string{}, true},
		{"Racist remarks are ignored", []string{}, true},
		{"A parent threatened me on a visit", []string{}, true},
		{"I have thought about self-harm", []string{}, true},
		{"The bully-proof door is broken", []string{}, true},
		{"Bullion prices", []string{}, false},
		{"We are thriving", []string{}, false},
	}
	for _, tc := range tests {
		c := tagger.Comment("said", tc.text)
		if !slices.Equal(c.Themes, tc.themes) || c.Safeguarding != tc.flagged {
			t.Errorf("%q: themes %v flagged %v, want %v %v", tc.text, c.Themes, c.Safeguarding, tc.themes, tc.flagged)
		}
	}

	comments := []Comment{tagger.Comment("said", "supervision helps"), tagger.Comment("said", "I was bullied"), tagger.Comment("said", "caseload and supervision")}
	for _, tc := range []struct {
		name   string
		filter CommentFilter
		want   []string
	}{
		{"everything, flagged first", CommentFilter{}, []string{"I was bullied", "supervision helps", "caseload and supervision"}},
		{"every word searched", CommentFilter{Search: "SUPERVISION caseload"}, []string{"caseload and supervision"}},
		{"by theme", CommentFilter{Theme: "support"}, []string{"supervision helps", "caseload and supervision"}},
		{"flagged only", CommentFilter{Flagged: true}, []string{"I was bullied"}},
		{"nothing matches", CommentFilter{Search: "pay"}, []string{}},
	} {
		got := []string{}
		for _, c := range tc.filter.Filter(comments) {
			got = append(got, c.Text)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	for _, bad := range []CommentFilter{{Question: "a"}, {Question: "nope"}, {Theme: "nope"}, {Search: string(make([]byte, 201))}, {Search: "\xff"}} {
		if err := bad.Check(def); survey.Code(err) != survey.ErrInvalid {
			t.Errorf("filter %+v: %v, want an invalid error", bad, err)
		}
	}
}

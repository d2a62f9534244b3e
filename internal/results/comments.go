package results

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sayso/sayso/internal/survey"
)

// safeguardingPattern finds words that may mean a comment needs a
// safeguarding response: bullying, harassment, racism and other
// discrimination, threats and violence, self-harm and suicide. Each is
// matched at the start of a word, so "bullied" and "harassing" count.
var safeguardingPattern = regexp.MustCompile(`(?i)\b(?:bull(?:y|ie|ied|ying)|harass|racis|racial abuse|discriminat|threat|intimidat|assault|self[- ]?harm|suicid|kill myself|hurt myself|end my life|unsafe at work)`)

// CommentTagger tags comments with the themes of one definition.
type CommentTagger struct {
	themes   []string
	patterns []*regexp.Regexp
}

// NewCommentTagger reads a definition's theme keywords once, for every
// comment of a wave.
func NewCommentTagger(def *survey.Definition) *CommentTagger {
	t := &CommentTagger{}
	for _, th := range def.Themes {
		if len(th.Keywords) == 0 {
			continue
		}
		quoted := make([]string, len(th.Keywords))
		for i, k := range th.Keywords {
			quoted[i] = regexp.QuoteMeta(k)
		}
		// At the start of a word: "caseload" tags "caseloads".
		t.themes = append(t.themes, th.ID)
		t.patterns = append(t.patterns, regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])(?:`+strings.Join(quoted, "|")+`)`))
	}
	return t
}

// Comment tags a published comment with the themes whose keywords it
// contains and flags it when it may need safeguarding attention.
func (t *CommentTagger) Comment(question, text string) Comment {
	c := Comment{Question: question, Text: text, Themes: []string{}, Safeguarding: safeguardingPattern.MatchString(text)}
	for i, p := range t.patterns {
		if p.MatchString(text) {
			c.Themes = append(c.Themes, t.themes[i])
		}
	}
	return c
}

// CommentFilter narrows a wave's comments: words to search for, a
// question, a theme's tag, and the safeguarding flag. The zero filter
// keeps every comment.
type CommentFilter struct {
	Search   string
	Question string
	Theme    string
	Flagged  bool
}

// maxSearchLength bounds a comment search, in characters.
const maxSearchLength = 200

// Check says what is wrong with a filter for a wave's definition.
func (f CommentFilter) Check(def *survey.Definition) error {
	if !utf8.ValidString(f.Search) || utf8.RuneCountInString(f.Search) > maxSearchLength {
		return survey.Errorf(survey.ErrInvalid, "search for at most %d characters of text", maxSearchLength)
	}
	if f.Question != "" {
		if q, ok := def.Question(f.Question); !ok || q.Type != survey.Text {
			return survey.Errorf(survey.ErrInvalid, "question %q is not a free-text question of this survey", f.Question)
		}
	}
	if f.Theme != "" {
		if _, ok := def.Theme(f.Theme); !ok {
			return survey.Errorf(survey.ErrInvalid, "this survey has no theme %q", f.Theme)
		}
	}
	return nil
}

// Filter keeps the comments that match, those flagged for safeguarding
// first and otherwise in their publication's order. Every word searched
// for must appear, ignoring case.
func (f CommentFilter) Filter(comments []Comment) []Comment {
	words := strings.Fields(strings.ToLower(f.Search))
	out := []Comment{}
	for _, c := range comments {
		text := strings.ToLower(c.Text)
		switch {
		case f.Question != "" && c.Question != f.Question,
			f.Theme != "" && !slices.Contains(c.Themes, f.Theme),
			f.Flagged && !c.Safeguarding,
			slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(text, w) }):
			continue
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b Comment) int {
		switch {
		case a.Safeguarding == b.Safeguarding:
			return 0
		case a.Safeguarding:
			return -1
		}
		return 1
	})
	return out
}

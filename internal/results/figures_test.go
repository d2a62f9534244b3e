package results

import (
	"os"
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

// example is the complete example of docs/survey-format.md.
func example(t testing.TB) *survey.Definition {
	t.Helper()
	doc, err := os.ReadFile("../../docs/survey-format.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(doc), "## A complete example")
	_, rest, _ = strings.Cut(rest, "```yaml\n")
	yaml, _, _ := strings.Cut(rest, "```")
	def, err := survey.Parse("example.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return def
}

func tallyOf(def *survey.Definition, responses ...survey.Answers) *Tally {
	t := NewTally()
	for _, r := range responses {
		t.Add(def, r)
	}
	return t
}

func n(v float64) survey.Answer { return survey.Answer{Number: v} }
func s(v string) survey.Answer  { return survey.Answer{Text: v} }
func yes(v bool) survey.Answer  { return survey.Answer{Yes: v} }
func find[T any](items []T, id func(T) string, want string) T {
	for _, it := range items {
		if id(it) == want {
			return it
		}
	}
	var zero T
	return zero
}

// fiveResponses are worked by hand in the comments of TestFiguresByHand.
func fiveResponses() []survey.Answers {
	return []survey.Answers{
		{"team": s("assessment"), "years-qualified": s("asye"), "workload-manageable": n(5), "workload-unsafe": n(5), "supervision-regular": n(4), "caseload": n(13), "satisfaction": n(8), "recommend": n(10), "has-supervisor": yes(true), "training": {Choices: []string{"safeguarding", "practice-educator"}}},
		{"team": s("assessment"), "years-qualified": s("experienced"), "workload-manageable": n(4), "workload-unsafe": n(5), "supervision-regular": n(4), "caseload": n(14), "satisfaction": n(9), "recommend": n(9), "has-supervisor": yes(false), "training": {Choices: []string{"safeguarding"}}},
		{"team": s("long-term"), "years-qualified": s("experienced"), "workload-manageable": n(4), "workload-unsafe": n(1), "supervision-regular": n(4), "caseload": n(16), "satisfaction": n(7), "recommend": n(8)},
		{"team": s("long-term"), "years-qualified": s("asye"), "workload-manageable": n(2), "supervision-regular": n(4), "caseload": n(12), "satisfaction": n(10), "recommend": n(6)},
		{"workload-manageable": n(1), "caseload": n(20), "satisfaction": n(6), "recommend": n(0)},
	}
}

func TestFiguresByHand(t *testing.T) {
	def := example(t)
	tally := tallyOf(def, fiveResponses()...)
	questions := Questions(def, tally)
	q := func(id string) Question { return find(questions, func(q Question) string { return q.ID }, id) }

	// workload-manageable: 5, 4, 4, 2, 1. Mean 3.2, score (3.2 − 1) / 4 × 100 = 55.
	// Favourable 3 of 5, neutral 0, unfavourable 2.
	wm := q("workload-manageable")
	if wm.Answered != 5 || !near(*wm.Score, 55, 1e-9) || wm.Favourable.Count != 3 || wm.Neutral.Count != 0 || wm.Unfavourable.Count != 2 || !near(wm.Favourable.Share, 0.6, 1e-12) {
		t.Errorf("workload-manageable: %+v", wm)
	}
	// Its score interval is its mean's, rescaled: sd 1.643168, t(4) 2.776445,
	// half-width 2.040262 on the 1–5 scale, 51.006554 on the score, and kept
	// within 0 to 100.
	if !near(wm.ScoreInterval.Low, 55-51.006554, 1e-5) || wm.ScoreInterval.High != 100 {
		t.Errorf("workload-manageable score interval: %+v", *wm.ScoreInterval)
	}
	// The distribution is shown as answered: 1 strongly disagree, 1 disagree, 2 agree, 1 strongly agree.
	if got := bucketCounts(wm.Buckets); got != "1=1 2=1 3=0 4=2 5=1" {
		t.Errorf("workload-manageable distribution %s", got)
	}

	// workload-unsafe is reverse-scored: 5, 5, 1 count as 1, 1, 5.
	// Mean 7/3, score 33.333; favourable (flipped 4–5) 1 of 3, unfavourable 2 of 3.
	wu := q("workload-unsafe")
	if !near(*wu.Score, 100.0/3, 1e-9) || wu.Favourable.Count != 1 || wu.Unfavourable.Count != 2 {
		t.Errorf("workload-unsafe: score %v fav %+v unf %+v", *wu.Score, wu.Favourable, wu.Unfavourable)
	}
	if got := bucketCounts(wu.Buckets); got != "1=1 2=0 3=0 4=0 5=2" {
		t.Errorf("workload-unsafe distribution, as answered: %s", got)
	}

	// Themes are scored person by person. workload: each person's mean of
	// workload-manageable and workload-unsafe (flipped): (5+1)/2 = 3,
	// (4+1)/2 = 2.5, (4+5)/2 = 4.5, 2 and 1 alone: mean 2.6, score 40, low
	// (0–50). supervision: supervision-regular all 4
	// (score 75), supervisor-support unanswered: 75, moderate in its own
	// bands (60–79), with no interval as every answer is the same.
	themes := Themes(def, tally)
	workload := find(themes, func(t Theme) string { return t.ID }, "workload")
	supervision := find(themes, func(t Theme) string { return t.ID }, "supervision")
	if !near(*workload.Score, 40, 1e-9) || workload.Band != "low" || workload.Items != 2 {
		t.Errorf("workload theme: %+v", workload)
	}
	// Person means 3, 2.5, 4.5, 2, 1: sd 1.294218, t(4) 2.776445, half-width
	// 1.606984 on the 1–5 scale, 40.174595 on the score; kept within 0–100.
	if workload.Interval == nil || workload.Interval.Low != 0 || !near(workload.Interval.High, 80.174595, 1e-4) {
		t.Errorf("workload theme interval: %+v", workload.Interval)
	}
	if !near(*supervision.Score, 75, 1e-9) || supervision.Band != "moderate" || supervision.Items != 2 || supervision.Interval != nil {
		t.Errorf("supervision theme: %+v", supervision)
	}
	// All answers equal: no interval, rather than one equal to the value.
	if sr := q("supervision-regular"); sr.ScoreInterval != nil {
		t.Errorf("supervision-regular interval %+v", *sr.ScoreInterval)
	}

	// Scale and number: satisfaction 8, 9, 7, 10, 6: mean 8, median 8.
	// caseload 13, 14, 16, 12, 20: mean 15, median 14.
	if sat := q("satisfaction"); *sat.Mean != 8 || *sat.Median != 8 || len(sat.Buckets) != 11 || sat.Buckets[8].Count != 1 {
		t.Errorf("satisfaction: %+v", sat)
	}
	if cl := q("caseload"); *cl.Mean != 15 || *cl.Median != 14 || bucketCounts(cl.Buckets) != "12=1 13=1 14=1 16=1 20=1" {
		t.Errorf("caseload: %+v", cl)
	}
	// Choice, multichoice and yes/no count their options.
	// A segment question is shown only as the groups of its breakdown.
	if team := q("team"); team.ID != "" {
		t.Errorf("team is among the questions: %+v", team)
	}
	if tr := q("training"); tr.Answered != 2 || bucketCounts(tr.Buckets) != "safeguarding=2 practice-educator=1" || !near(tr.Buckets[0].Share, 1, 1e-12) {
		t.Errorf("training: %+v", tr)
	}
	if hs := q("has-supervisor"); bucketCounts(hs.Buckets) != "yes=1 no=1" {
		t.Errorf("has-supervisor: %+v", hs)
	}

	// Indicators. Satisfaction: mean 8. eNPS: promoters 10 and 9 (2),
	// detractors 6 and 0 (2), of 5: 0. Manageable workload: 3 of 5, 60%.
	// Caseload over 12 (ASYE) or 15 (others): 13 asye yes, 14 experienced
	// no, 16 experienced yes, 12 asye no (not over), 20 unknown (15) yes:
	// 3 of 5, 60%.
	indicators := Indicators(def, tally)
	ind := func(id string) Indicator { return find(indicators, func(i Indicator) string { return i.ID }, id) }
	if v := ind("satisfaction"); *v.Value != 8 {
		t.Errorf("satisfaction indicator %+v", v)
	}
	if v := ind("enps"); *v.Value != 0 || v.Answered != 5 {
		t.Errorf("eNPS %+v", v)
	}
	if v := ind("manageable-workload"); !near(*v.Value, 60, 1e-9) {
		t.Errorf("favourable indicator %+v", v)
	}
	if v := ind("caseload-over-threshold"); !near(*v.Value, 60, 1e-9) || v.Answered != 5 {
		t.Errorf("caseload indicator %+v", v)
	}
}

func TestFiguresWithNoAnswersAndOneAnswer(t *testing.T) {
	def := example(t)
	empty := Questions(def, NewTally())
	for _, q := range empty {
		if q.Answered != 0 || q.Mean != nil || q.Score != nil || q.Favourable != nil {
			t.Errorf("%s with no answers: %+v", q.ID, q)
		}
	}
	for _, th := range Themes(def, NewTally()) {
		if th.Score != nil || th.Band != "" {
			t.Errorf("theme %s with no answers: %+v", th.ID, th)
		}
	}
	for _, ind := range Indicators(def, NewTally()) {
		if ind.Value != nil || ind.Interval != nil {
			t.Errorf("indicator %s with no answers: %+v", ind.ID, ind)
		}
	}
	one := Questions(def, tallyOf(def, survey.Answers{"workload-manageable": n(4), "satisfaction": n(7)}))
	wm := find(one, func(q Question) string { return q.ID }, "workload-manageable")
	if *wm.Score != 75 || wm.ScoreInterval != nil || wm.Favourable.Count != 1 {
		t.Errorf("one answer: %+v", wm)
	}
}

func TestCloneIsIndependent(t *testing.T) {
	def := example(t)
	original := tallyOf(def, fiveResponses()...)
	copied := original.Clone()
	original.Add(def, fiveResponses()[0])
	if copied.Responses != 5 || copied.Values["satisfaction"].N() != 5 || copied.Options["team"]["assessment"] != 2 || copied.Answered["team"] != 4 {
		t.Errorf("the clone moved with the original: %+v", copied)
	}
}

func bucketCounts(buckets []Bucket) string {
	parts := make([]string, len(buckets))
	for i, b := range buckets {
		parts[i] = b.Value + "=" + format(float64(b.Count))
	}
	return strings.Join(parts, " ")
}

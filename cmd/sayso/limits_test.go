package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/survey"
)

// TestTheCommandLineWordsEachLimitAsTheDomainDoes: the same bad values
// the admin forms are tested with are refused here with the domain
// validator's own message, and nothing is stored.
func TestTheCommandLineWordsEachLimitAsTheDomainDoes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sayso.db")
	if status, _, errOut := sayso(t, "wave", "open", "--init", "--db", db, "--survey", "pulse", "--name", "Pulse", "--access", "codes"); status != 0 {
		t.Fatalf("opening a wave: %d %s", status, errOut)
	}
	longName := strings.Repeat("n", 5000)
	nameFault := survey.Fields(survey.WaveSettings{Name: longName, Access: survey.AccessLink}.Validate(time.Now().Format(survey.DateLayout)))
	if len(nameFault) != 1 {
		t.Fatalf("the domain finds %d faults in a long name", len(nameFault))
	}
	for _, c := range []struct {
		name   string
		args   []string
		status int
		want   string
	}{
		{"a 5,000-character wave name", []string{"wave", "open", "--db", db, "--survey", "pulse", "--name", longName}, 1, nameFault[0].Message},
		{"a headcount over the cap", []string{"wave", "open", "--db", db, "--survey", "pulse", "--name", "Big", "--headcount", "1000001"}, 1, survey.CheckHeadcount(survey.MaxHeadcount + 1).Message},
		{"a batch of codes over the cap", []string{"codes", "--db", db, "--wave", "1", "--count", "10001"}, 2, survey.CheckCodeBatch(survey.MaxCodeBatch + 1).Error()},
	} {
		if status, _, errOut := sayso(t, c.args...); status != c.status || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: %d %q, want %d with %q", c.name, status, errOut, c.status, c.want)
		}
	}
	if status, out, errOut := sayso(t, "wave", "list", "--db", db, "--json"); status != 0 || strings.Count(out, `"id"`) != 1 {
		t.Errorf("after the refusals, wave list: %d %s %s", status, out, errOut)
	}
}

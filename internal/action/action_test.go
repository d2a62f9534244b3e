package action

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

// TestValidateKeysEveryFaultByItsField gives the validator one bad field
// at a time, and every field bad at once: each fault is keyed by its
// field, in the order the form asks them.
func TestValidateKeysEveryFaultByItsField(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "compared-later.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	def, err := survey.Parse("compared-later.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	valid := func() Action {
		return Action{WaveID: 1, Theme: "workload", Title: "Fewer forms", StaffSaid: "Too many forms", WeDid: "Two merged", Owner: "PSW", Status: Done, Due: "2027-03-31"}
	}
	if v := valid(); v.Validate(def) != nil {
		t.Fatalf("a valid action is refused: %v", v.Validate(def))
	}
	for _, c := range []struct {
		name   string
		change func(*Action)
		field  string
		says   string
	}{
		{"a blank title", func(a *Action) { a.Title = "  " }, "title", "Enter a title"},
		{"a title over the limit", func(a *Action) { a.Title = strings.Repeat("é", MaxTitle+1) }, "title", "Shorten a title to 120 characters or fewer"},
		{"a title at the limit in letters of two bytes", func(a *Action) { a.Title = strings.Repeat("é", MaxTitle) }, "", ""},
		{"invalid UTF-8", func(a *Action) { a.Owner = "\xff" }, "owner", "Shorten who owns the action"},
		{"what staff said too long", func(a *Action) { a.StaffSaid = strings.Repeat("x", MaxText+1) }, "staff_said", "Shorten what staff said to 2000"},
		{"no subject", func(a *Action) { a.Theme = "" }, "theme", "Choose the theme or question the action answers"},
		{"both subjects", func(a *Action) { a.Question = "manageable" }, "question", "not both"},
		{"an unknown theme", func(a *Action) { a.Theme = "parking" }, "theme", `theme "parking" is not a theme`},
		{"an unknown question", func(a *Action) { a.Theme, a.Question = "", "old-support" }, "question", `question "old-support" is not a question`},
		{"an unknown status", func(a *Action) { a.Status = "finished" }, "status", "Choose how far the action has got"},
		{"a due date that is not a day", func(a *Action) { a.Due = "2027-02-30" }, "due", "Enter the due date as a real day"},
	} {
		a := valid()
		c.change(&a)
		err := a.Validate(def)
		faults := survey.Fields(err)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: refused: %v", c.name, err)
			}
			continue
		}
		if len(faults) != 1 || faults[0].Field != c.field || !strings.Contains(faults[0].Message, c.says) || survey.Code(err) != survey.ErrInvalid {
			t.Errorf("%s: %+v (%v), want one fault in %s saying %q", c.name, faults, survey.Code(err), c.field, c.says)
		}
	}
	var fields []string
	for _, f := range survey.Fields((&Action{Theme: "parking", Status: "someday", Due: "soon"}).Validate(def)) {
		fields = append(fields, f.Field)
	}
	if want := []string{"title", "theme", "staff_said", "we_did", "owner", "status", "due"}; !slices.Equal(fields, want) {
		t.Errorf("every field bad: faults in %v, want %v", fields, want)
	}
}

package invite

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/sayso/sayso/internal/store"
)

func TestReadStaffList(t *testing.T) {
	for _, c := range []struct {
		name     string
		file     string
		want     []string
		problems []Problem
	}{
		{name: "one address a line", file: "ana@example.org\r\nBen@Example.org\n\n", want: []string{"ana@example.org", "ben@example.org"}},
		{name: "a header and other columns", file: "\xEF\xBB\xBFName,Email address,Team\nAna,ana@example.org,Duty\nBen,ben@example.org,LAC\n", want: []string{"ana@example.org", "ben@example.org"}},
		{name: "no header, the address second", file: "Ana,ana@example.org\nBen,ben@example.org\n", want: []string{"ana@example.org", "ben@example.org"}},
		{name: "empty", file: "", problems: []Problem{{0, "The file is empty: it needs one email address a line"}}},
		{name: "blank lines only", file: "\n  \n", problems: []Problem{{0, "The file is empty: it needs one email address a line"}}},
		{name: "a header only", file: "email\n", problems: []Problem{{0, "The file has no email address: it needs one email address a line"}}},
		{name: "UTF-16", file: "\xFF\xFEa\x00@\x00", problems: []Problem{{0, "The file is in UTF-16 (Unicode text), not UTF-8: save it as CSV UTF-8 and upload it again"}}},
		{name: "not UTF-8", file: "ana@example.org\nj\xe9r\xf4me@example.org\n", problems: []Problem{{2, "this line is not UTF-8 text: save the file as CSV UTF-8 and upload it again"}}},
		{name: "bad addresses and a duplicate", file: "email\nana@example.org\nben@\nAna@example.org\ncat@localhost\nDan <dan@example.org>\n", problems: []Problem{
			{3, `“ben@” is not an email address, like name@council.gov.uk`},
			{4, "ana@example.org is on line 2 already"},
			{5, `“cat@localhost” has no full domain after the @, like council.gov.uk`},
			{6, `“dan <dan@example.org>” is not an email address, like name@council.gov.uk`},
		}},
		{name: "no address column", file: "name,team\nAna,Duty\n", problems: []Problem{{1, "no column holds email addresses: give one address a line, or name the column email"}}},
		{name: "a line with no address", file: "email,name\nana@example.org,Ana\n,Ben\n", problems: []Problem{{3, "there is no email address on this line"}}},
		{name: "broken quotes", file: "email\n\"ana@example.org\nben@example.org\n", problems: []Problem{{3, `this line is not valid CSV: extraneous or missing " in quoted-field`}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := ReadStaffList([]byte(c.file))
			var problems ListProblems
			errors.As(err, &problems)
			if !slices.Equal(got, c.want) || !slices.Equal([]Problem(problems), c.problems) {
				t.Errorf("got %q, %v\nwant %q, %v", got, err, c.want, c.problems)
			}
		})
	}
}

func TestABadListStoresAndSendsNothing(t *testing.T) {
	f := newFixture(t, "")
	ctx := context.Background()
	_, err := f.service.AddList(ctx, "admin", f.wave.ID, []byte("ana@example.org\nnot an address\nben@example.org\nana@example.org\n"))
	var problems ListProblems
	if !errors.As(err, &problems) || len(problems) != 2 || problems[0].Line != 2 || problems[1].Line != 4 {
		t.Fatalf("AddList = %v, want problems on lines 2 and 4", err)
	}
	if run, err := f.service.SendInvitations(ctx, f.wave.ID); err != nil || run != (Run{}) {
		t.Errorf("SendInvitations after a refused list = %v, %v", run, err)
	}
	if n := len(f.mail.Messages()); n != 0 {
		t.Errorf("%d emails sent", n)
	}
	counts, _ := f.db.InvitationCounts(ctx, f.wave.ID)
	if counts != (store.InvitationCounts{}) {
		t.Errorf("counts %+v after a refused list", counts)
	}
	w, _ := f.db.Wave(ctx, f.wave.ID)
	if w.Headcount != 0 {
		t.Errorf("headcount %d after a refused list", w.Headcount)
	}
}

// FuzzReadStaffList: any file is read without a panic, and what it takes is
// a list of distinct addresses mail can be sent to, or problems by line.
func FuzzReadStaffList(f *testing.F) {
	for _, seed := range []string{"ana@example.org\n", "Name,Email\nAna,ana@example.org\n", "\xff\xfe", "\"a@b.c", "email\n,\n", "a@b.c\nA@B.C\n"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		addresses, err := ReadStaffList(data)
		if err != nil {
			var problems ListProblems
			if !errors.As(err, &problems) || len(problems) == 0 || addresses != nil {
				t.Fatalf("a refusal with no problems: %v, %q", err, addresses)
			}
			return
		}
		if len(addresses) == 0 {
			t.Fatal("no address and no problem")
		}
		seen := map[string]bool{}
		for _, a := range addresses {
			if msg := checkAddress(a); msg != "" || seen[a] {
				t.Fatalf("took %q: %s (again: %v)", a, msg, seen[a])
			}
			seen[a] = true
		}
	})
}

package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// commentTexts reads the comments a page lists, in order, with the
// heading each stands under.
func commentTexts(t *testing.T, page string) (texts, headings []string) {
	t.Helper()
	doc := parsePage(t, page)
	heading := ""
	for n := range doc.Descendants() {
		switch {
		case n.Type == xhtml.ElementNode && n.DataAtom == atom.H2:
			heading = textOf(n)
		case n.Type == xhtml.ElementNode && n.DataAtom == atom.Blockquote:
			texts, headings = append(texts, textOf(n)), append(headings, heading)
		}
	}
	return texts, headings
}

func TestCommentsPageFiltersAndFlagsFirst(t *testing.T) {
	f := newResultsFixture(t)
	f.respond(f.thisYear, 6, person("north", "worker", 4, 7, "My caseload is far too high"))
	f.respond(f.thisYear, 6, person("south", "worker", 3, 6, "Bullying by a manager goes unchallenged"))
	f.respond(f.thisYear, 6, person("west", "worker", 3, 6, "More training please"))
	viewer, _ := f.signIn()
	this := "/waves/" + strconv.FormatInt(f.thisYear.ID, 10) + "/comments"

	status, page := f.send(viewer, "GET", this, nil)
	if status != http.StatusOK {
		t.Fatalf("comments: %d %s", status, page)
	}
	texts, headings := commentTexts(t, page)
	if len(texts) != 18 {
		t.Fatalf("the page lists %d comments, want 18", len(texts))
	}
	for i := range 6 {
		if texts[i] != "Bullying by a manager goes unchallenged" || headings[i] != "May need safeguarding attention" {
			t.Fatalf("comment %d is %q under %q; the flagged ones come first", i, texts[i], headings[i])
		}
	}
	if strings.Contains(page, "North") || strings.Contains(page, "South") {
		t.Error("the comments page names a team")
	}

	for _, tc := range []struct {
		name  string
		query url.Values
		want  string
		count int
	}{
		{"search", url.Values{"q": {"TRAINING please"}}, "More training please", 6},
		{"theme", url.Values{"theme": {"workload"}}, "My caseload is far too high", 6},
		{"flagged", url.Values{"flagged": {"yes"}}, "Bullying by a manager goes unchallenged", 6},
		{"question", url.Values{"question": {"change"}, "q": {"caseload"}}, "My caseload is far too high", 6},
		{"nothing", url.Values{"q": {"pay"}}, "", 0},
	} {
		_, page := f.send(viewer, "GET", this+"?"+tc.query.Encode(), nil)
		texts, _ := commentTexts(t, page)
		if len(texts) != tc.count {
			t.Errorf("%s: %d comments, want %d", tc.name, len(texts), tc.count)
			continue
		}
		for _, text := range texts {
			if text != tc.want {
				t.Errorf("%s: lists %q", tc.name, text)
			}
		}
		if !strings.Contains(page, strconv.Itoa(tc.count)+" of 18 comments match") {
			t.Errorf("%s: the page does not say how many match", tc.name)
		}
	}

	for _, bad := range []string{"?theme=nope", "?question=manageable", "?question=nope", "?flagged=maybe", "?q=a&q=b", "?q=" + strings.Repeat("x", 201)} {
		if status, _ := f.send(viewer, "GET", this+bad, nil); status != http.StatusBadRequest {
			t.Errorf("comments%s: %d, want 400", bad, status)
		}
		if status, _ := f.get("/api/v1"+this+bad, "Bearer "+f.viewer); status != http.StatusBadRequest {
			t.Errorf("API comments%s: %d, want 400", bad, status)
		}
	}

	_, body := f.get("/api/v1"+this+"?theme=workload", "Bearer "+f.viewer)
	var api struct {
		Comments []struct {
			Text         string   `json:"text"`
			Themes       []string `json:"themes"`
			Safeguarding bool     `json:"safeguarding"`
		} `json:"comments"`
	}
	if err := json.Unmarshal([]byte(body), &api); err != nil {
		t.Fatal(err)
	}
	if len(api.Comments) != 6 {
		t.Fatalf("the API lists %d comments on workload, want 6: %s", len(api.Comments), body)
	}
	for _, c := range api.Comments {
		if c.Text != "My caseload is far too high" || len(c.Themes) != 1 || c.Themes[0] != "workload" || c.Safeguarding {
			t.Errorf("API comment %+v", c)
		}
	}
}

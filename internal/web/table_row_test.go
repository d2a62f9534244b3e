package web

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// tableRow is the row of a page's table headed (th scope="row") by
// header: the cells after its header, read from the parsed page.
type tableRow struct {
	cells []*html.Node
}

// rowHeaded finds the table row headed by header, failing the test when
// there is none.
func rowHeaded(t *testing.T, page, header string) tableRow {
	t.Helper()
	for th := range parsePage(t, page).Descendants() {
		if th.DataAtom != atom.Th || attrOf(th, "scope") != "row" || textOf(th) != header {
			continue
		}
		var row tableRow
		for cell := th.NextSibling; cell != nil; cell = cell.NextSibling {
			if cell.Type == html.ElementNode {
				row.cells = append(row.cells, cell)
			}
		}
		return row
	}
	t.Fatalf("no row headed %q in:\n%s", header, page)
	return tableRow{}
}

// shows says whether some element of the row's cells holds exactly text.
func (r tableRow) shows(text string) bool {
	return slices.Contains(r.pieces(), text)
}

// showsEnding says whether some element of the row's cells has text
// ending in suffix.
func (r tableRow) showsEnding(suffix string) bool {
	return slices.ContainsFunc(r.pieces(), func(p string) bool { return strings.HasSuffix(p, suffix) })
}

// pieces are the texts of the row's cells as the markup splits them.
func (r tableRow) pieces() []string {
	var out []string
	for _, cell := range r.cells {
		for n := range cell.Descendants() {
			if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
				out = append(out, n.Data)
			}
		}
	}
	return out
}

// text is the row's cells as read aloud, one after another.
func (r tableRow) text() string {
	var read []string
	for _, cell := range r.cells {
		read = append(read, textOf(cell))
	}
	return strings.Join(strings.Fields(strings.Join(read, " ")), " ")
}

// link is the text of the row's link to href, and whether it has one.
func (r tableRow) link(href string) (string, bool) {
	for _, cell := range r.cells {
		for n := range cell.Descendants() {
			if n.DataAtom == atom.A && attrOf(n, "href") == href {
				return textOf(n), true
			}
		}
	}
	return "", false
}

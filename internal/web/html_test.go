package web

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Reading pages as a browser would: every test that looks at markup parses
// it (golang.org/x/net/html) and finds what it wants with these.

// parsePage parses a page as a browser would.
func parsePage(t *testing.T, page string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// findAll is every element under n that match says yes to, in document order.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var found []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			found = append(found, d)
		}
	}
	return found
}

// attr is an element's attribute, and whether it has it.
func attr(n *html.Node, key string) (string, bool) {
	i := slices.IndexFunc(n.Attr, func(a html.Attribute) bool { return a.Key == key })
	if i < 0 {
		return "", false
	}
	return n.Attr[i].Val, true
}

// attrOf is an element's attribute, "" when it has none.
func attrOf(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return v
}

func hasAttr(n *html.Node, key string) bool {
	_, ok := attr(n, key)
	return ok
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attrOf(n, "class")), class)
}

// byID is the one element with the id, nil when there is none or more.
func byID(doc *html.Node, id string) *html.Node {
	found := findAll(doc, func(n *html.Node) bool { return attrOf(n, "id") == id })
	if len(found) != 1 {
		return nil
	}
	return found[0]
}

// elements lists the elements with a class, in document order.
func elements(doc *html.Node, class string) []*html.Node {
	return findAll(doc, func(n *html.Node) bool { return hasClass(n, class) })
}

// elementsByAtom lists the elements of a kind, in document order.
func elementsByAtom(doc *html.Node, a atom.Atom) []*html.Node {
	return findAll(doc, func(n *html.Node) bool { return n.DataAtom == a })
}

// elementAt finds an element by its id, and says where it stands among the
// document's elements.
func elementAt(doc *html.Node, id string) (*html.Node, int) {
	i := 0
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		i++
		if attrOf(n, "id") == id {
			return n, i
		}
	}
	return nil, -1
}

// textOf is a node's text as read aloud, visually hidden text included
// and charts left out, with each line break and run of white space made
// one space.
func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		switch {
		case d.Type == html.ElementNode && d.DataAtom == atom.Br:
			b.WriteString(" ")
		case d.Type == html.TextNode && d.Parent.DataAtom != atom.Script && d.Parent.DataAtom != atom.Style && d.Parent.DataAtom != atom.Svg:
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// rowCells finds the first table row whose header cell reads header and
// returns the text of the cells after it.
func rowCells(doc *html.Node, header string) ([]string, bool) {
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.DataAtom != atom.Tr {
			continue
		}
		var cells []*html.Node
		for c := range n.ChildNodes() {
			if c.Type == html.ElementNode && (c.DataAtom == atom.Th || c.DataAtom == atom.Td) {
				cells = append(cells, c)
			}
		}
		if len(cells) == 0 || textOf(cells[0]) != header {
			continue
		}
		out := make([]string, 0, len(cells)-1)
		for _, c := range cells[1:] {
			out = append(out, textOf(c))
		}
		return out, true
	}
	return nil, false
}

// headingAbove is the text of the last h2 or h3 before the row whose
// header reads exactly header, or "" when there is no such row.
func headingAbove(doc *html.Node, header string) string {
	heading := ""
	for n := range doc.Descendants() {
		switch {
		case n.DataAtom == atom.H2 || n.DataAtom == atom.H3:
			heading = textOf(n)
		case n.DataAtom == atom.Th && n.Parent != nil && n.Parent.FirstChild == n && textOf(n) == header:
			return heading
		}
	}
	return ""
}

// summaryValue reads a row of the page's summary list.
func summaryValue(t *testing.T, page, key string) string {
	t.Helper()
	for n := range parsePage(t, page).Descendants() {
		if n.Type == html.ElementNode && n.Data == "dt" && textOf(n) == key {
			for dd := n.NextSibling; dd != nil; dd = dd.NextSibling {
				if dd.Type == html.ElementNode && dd.Data == "dd" {
					return textOf(dd)
				}
			}
		}
	}
	t.Fatalf("no %q row on the page", key)
	return ""
}

// errorSummary lists the links of a page's error summary.
func errorSummary(t *testing.T, page string) []string {
	t.Helper()
	var items []string
	for n := range parsePage(t, page).Descendants() {
		if n.DataAtom == atom.A && n.Parent != nil && n.Parent.Parent != nil && hasClass(n.Parent.Parent, "govuk-error-summary__list") {
			items = append(items, textOf(n))
		}
	}
	return items
}

// svgText is the text an SVG chart writes, its labels one after another.
func svgText(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data + " ")
		}
	}
	return b.String()
}

// csrfOf reads the CSRF token from a page's form.
func csrfOf(t *testing.T, page string) string {
	t.Helper()
	return inputValue(t, page, "_csrf")
}

// tokenOf reads the submission token from the check page.
func tokenOf(t *testing.T, page string) string {
	t.Helper()
	return inputValue(t, page, "_token")
}

// inputValue is the value of the page's first input of the name, failing
// the test when there is none or it is empty.
func inputValue(t *testing.T, page, name string) string {
	t.Helper()
	inputs := findAll(parsePage(t, page), func(n *html.Node) bool { return n.DataAtom == atom.Input && attrOf(n, "name") == name })
	if len(inputs) == 0 || attrOf(inputs[0], "value") == "" {
		t.Fatalf("no %s in page:\n%s", name, page)
	}
	return attrOf(inputs[0], "value")
}

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

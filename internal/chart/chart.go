// Package chart draws Sayso's charts as SVG (inline in pages) and PNG (to
// download). It is the only importer of go-chart, whose renderers and font
// it uses; the layout is its own, so that every chart has text of at least
// 12 px, titled axes, a score axis for scores, a linear axis for numbers,
// and colours that only repeat what a pattern or text already says.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"math"
	"regexp"
	"strings"

	"github.com/golang/freetype/truetype"
	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"golang.org/x/image/font"
)

// Format is what a chart is drawn as.
type Format string

const (
	SVG Format = "svg"
	PNG Format = "png"
)

// ParseFormat reads a format from a file extension.
func ParseFormat(ext string) (Format, error) {
	switch f := Format(strings.TrimPrefix(ext, ".")); f {
	case SVG, PNG:
		return f, nil
	}
	return "", fmt.Errorf("charts are drawn as svg or png, not %q", ext)
}

// Warm parses the chart font, so that the first request does not pay for it.
func Warm() error {
	_, err := gochart.GetDefaultFont()
	return err
}

// Charts are drawn in CSS pixels, Wide (bars with a column of labels) or
// Narrow (to sit in two thirds of a page). A PNG is drawn at PNGScale
// times that, so that a download stays sharp on a slide or in print.
const (
	Wide     = 720
	Narrow   = 600
	PNGScale = 2
)

// Text sizes in CSS pixels at 100% zoom; none is under 12.
const (
	titleSize    = 17
	subtitleSize = 14
	axisSize     = 14
	tickSize     = 13
	labelSize    = 14
)

// Heading is what a chart says of itself above the plot: what it shows,
// and for a download, which survey, wave and responses it is from.
type Heading struct {
	Title    string
	Subtitle string
}

// Colours from the GOV.UK palette. Direction is told by colour and
// repeated by a pattern (unfavourable answers are hatched) and by words.
var (
	blue      = hex("1d70b8")
	darkBlue  = hex("003078")
	lightGrey = hex("dddddd")
	midGrey   = hex("b1b4b6")
	darkGrey  = hex("505a5f")
	text      = hex("0b0c0c")
	red       = hex("d4351c")
	orange    = hex("f47738")
	white     = drawing.ColorWhite
	hatchInk  = drawing.Color{R: 11, G: 12, B: 12, A: 110}
)

func hex(s string) drawing.Color { return drawing.ColorFromHex(s) }

// canvas draws in CSS pixels on one of go-chart's renderers, scaled for a
// PNG; text is escaped for SVG, which go-chart writes out as it is given.
type canvas struct {
	r      gochart.Renderer
	font   *truetype.Font
	widths *measurer
	format Format
	scale  float64
	w, h   float64
}

// measurer measures text in CSS pixels with one face for each size:
// go-chart's own measuring makes a face, and its glyph cache, every time.
type measurer struct {
	font  *truetype.Font
	faces map[float64]font.Face
}

func (m *measurer) width(s string, size float64) float64 {
	face, ok := m.faces[size]
	if !ok {
		// Advances need no glyph images: the smallest cache will do.
		face = truetype.NewFace(m.font, &truetype.Options{Size: size * 72 / 96, DPI: 96, GlyphCacheEntries: 1})
		m.faces[size] = face
	}
	return float64(font.MeasureString(face, s)) / 64
}

func newCanvas(w, h float64, f Format, widths *measurer) (*canvas, error) {
	scale := 1.0
	provider := gochart.SVG
	if f == PNG {
		scale, provider = PNGScale, gochart.PNG
	}
	r, err := provider(int(math.Ceil(w*scale)), int(math.Ceil(h*scale)))
	if err != nil {
		return nil, err
	}
	r.SetDPI(96 * scale) // CSS pixels: 96 to the inch
	c := &canvas{r: r, font: widths.font, widths: widths, format: f, scale: scale, w: w, h: h}
	c.rect(0, 0, w, h, white)
	return c, nil
}

func (c *canvas) at(v float64) int { return int(math.Round(v * c.scale)) }

func (c *canvas) path(points [][2]float64) {
	for i, p := range points {
		if i == 0 {
			c.r.MoveTo(c.at(p[0]), c.at(p[1]))
		} else {
			c.r.LineTo(c.at(p[0]), c.at(p[1]))
		}
	}
}

func (c *canvas) rect(x0, y0, x1, y1 float64, fill drawing.Color) {
	c.polygon([][2]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, fill, drawing.Color{}, 0)
}

// polygon fills a closed shape, and outlines it when stroke is set.
func (c *canvas) polygon(points [][2]float64, fill, stroke drawing.Color, width float64) {
	c.r.ResetStyle()
	c.r.SetFillColor(fill)
	if width > 0 {
		c.r.SetStrokeColor(stroke)
		c.r.SetStrokeWidth(width * c.scale)
	}
	c.path(append(points, points[0]))
	c.r.Close()
	if width > 0 {
		c.r.FillStroke()
	} else {
		c.r.Fill()
	}
}

func (c *canvas) line(x0, y0, x1, y1 float64, colour drawing.Color, width float64, dash ...float64) {
	c.r.ResetStyle()
	c.r.SetStrokeColor(colour)
	c.r.SetStrokeWidth(width * c.scale)
	if len(dash) > 0 {
		scaled := make([]float64, len(dash))
		for i, d := range dash {
			scaled[i] = d * c.scale
		}
		c.r.SetStrokeDashArray(scaled)
	}
	c.path([][2]float64{{x0, y0}, {x1, y1}})
	c.r.Stroke()
}

// hatch draws diagonal lines over a rectangle: the pattern that marks an
// unfavourable part, so that it does not rest on colour alone.
func (c *canvas) hatch(x0, y0, x1, y1 float64) {
	const gap = 6
	for k := x0 - (y1 - y0); k < x1; k += gap {
		// The line x − k = y1 − y, clipped to the rectangle.
		ax, ay := k, y1
		if ax < x0 {
			ax, ay = x0, y1-(x0-k)
		}
		bx, by := k+(y1-y0), y0
		if bx > x1 {
			bx, by = x1, y0+(bx-x1)
		}
		if ay <= by || ax >= bx {
			continue
		}
		c.line(ax, ay, bx, by, hatchInk, 1)
	}
}

type anchor int

const (
	left anchor = iota
	centre
	right
)

func (c *canvas) setFont(size float64, colour drawing.Color) {
	c.r.ResetStyle()
	c.r.SetFont(c.font)
	c.r.SetFontColor(colour)
	points := size * 72 / 96 // at 96 dpi, size CSS pixels
	if c.format == PNG {
		// go-chart's raster takes a point as 1/64 inch, not 1/72.
		points = size * 64 / 96
	}
	c.r.SetFontSize(points)
}

// measure is the width of a text in CSS pixels.
func (c *canvas) measure(s string, size float64) float64 {
	return c.widths.width(s, size)
}

// text writes one line with its baseline at y.
func (c *canvas) text(s string, x, y, size float64, colour drawing.Color, a anchor) {
	w := c.measure(s, size)
	switch a {
	case centre:
		x -= w / 2
	case right:
		x -= w
	}
	c.setFont(size, colour)
	c.r.Text(c.escape(s), c.at(x), c.at(y))
}

// upright writes a text turned a quarter left, centred on y, for a
// vertical axis's title.
func (c *canvas) upright(s string, x, y, size float64) {
	w := c.measure(s, size)
	c.setFont(size, text)
	c.r.SetTextRotation(-math.Pi / 2)
	c.r.Text(c.escape(s), c.at(x), c.at(y+w/2))
	c.r.ClearTextRotation()
}

func (c *canvas) escape(s string) string {
	if c.format == SVG {
		return html.EscapeString(s)
	}
	return s
}

// wrap splits a text into lines no wider than width.
func (c *canvas) wrap(s string, width, size float64) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		next := strings.TrimSpace(line + " " + word)
		if line != "" && c.measure(next, size) > width {
			lines = append(lines, line)
			next = word
		}
		line = next
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// heading writes the title and subtitle and says where the plot may start.
func (c *canvas) heading(h Heading) float64 {
	y := 8.0
	for _, part := range []struct {
		text   string
		size   float64
		colour drawing.Color
	}{{h.Title, titleSize, text}, {h.Subtitle, subtitleSize, darkGrey}} {
		if part.text == "" {
			continue
		}
		for _, line := range c.wrap(part.text, c.w-32, part.size) {
			y += part.size + 5
			c.text(line, 16, y, part.size, part.colour, left)
		}
	}
	return y + 12
}

// render lays a chart out twice: once to learn its height, and once on a
// canvas of that height.
func render(f Format, width float64, draw func(c *canvas) float64) ([]byte, error) {
	roboto, err := gochart.GetDefaultFont()
	if err != nil {
		return nil, err
	}
	widths := &measurer{font: roboto, faces: map[float64]font.Face{}}
	// The first pass draws nowhere: an SVG is the cheapest.
	measure, err := newCanvas(width, 1, SVG, widths)
	if err != nil {
		return nil, err
	}
	c, err := newCanvas(width, math.Ceil(draw(measure)), f, widths)
	if err != nil {
		return nil, err
	}
	draw(c)
	return c.finish()
}

// swatch is one entry of a legend: a drawn key and its words.
type swatch struct {
	label string
	draw  func(c *canvas, x, y float64) // in a 14 × 14 box from (x, y)
}

// legend writes the swatches in rows from y and says where it ends.
func (c *canvas) legend(items []swatch, y float64) float64 {
	x := 16.0
	for _, s := range items {
		w := 20 + c.measure(s.label, tickSize)
		if x > 16 && x+w > c.w-16 {
			x, y = 16, y+22
		}
		s.draw(c, x, y)
		c.text(s.label, x+20, y+12, tickSize, text, left)
		x += w + 18
	}
	return y + 26
}

func box(fill drawing.Color, hatched bool) func(c *canvas, x, y float64) {
	return func(c *canvas, x, y float64) {
		c.rect(x, y, x+14, y+14, fill)
		if hatched {
			c.hatch(x, y, x+14, y+14)
		}
	}
}

// finish writes the drawing out; an SVG gets its size in pixels, so that a
// page shows its text at the size it was drawn, and presentation
// attributes in place of style ones.
func (c *canvas) finish() ([]byte, error) {
	var buf bytes.Buffer
	if err := c.r.Save(&buf); err != nil {
		return nil, fmt.Errorf("drawing a chart: %w", err)
	}
	if c.format == PNG {
		return buf.Bytes(), nil
	}
	size := fmt.Sprintf(`width="%d" height="%d" viewBox=`, c.at(c.w), c.at(c.h))
	return presentational(bytes.Replace(buf.Bytes(), []byte("viewBox="), []byte(size), 1)), nil
}

var styleAttr = regexp.MustCompile(`style="([^"]*)"`)

// presentational turns go-chart's style attributes into SVG presentation
// attributes, which a Content-Security-Policy without 'unsafe-inline'
// leaves alone, so the chart can sit inline in a page.
func presentational(svg []byte) []byte {
	return styleAttr.ReplaceAllFunc(svg, func(attr []byte) []byte {
		var out []string
		for _, decl := range strings.Split(string(styleAttr.FindSubmatch(attr)[1]), ";") {
			name, value, ok := strings.Cut(decl, ":")
			if !ok {
				continue
			}
			out = append(out, strings.TrimSpace(name)+`="`+strings.TrimSpace(value)+`"`)
		}
		return []byte(strings.Join(out, " "))
	})
}

// niceStep is a step of 1, 2 or 5 times a power of ten that cuts span into
// at most n parts.
func niceStep(span float64, n int, smallest float64) float64 {
	for step := smallest; ; {
		for _, m := range []float64{1, 2, 5} {
			if span/(step*m) <= float64(n) {
				return step * m
			}
		}
		step *= 10
	}
}

var errNoBars = errors.New("a chart needs at least one bar")

// circle fills a circle and outlines it. An SVG gets a circle element;
// a polygon there would be set on whole pixels and come out ragged.
func (c *canvas) circle(x, y, r float64, fill, stroke drawing.Color, width float64) {
	c.r.ResetStyle()
	c.r.SetFillColor(fill)
	c.r.SetStrokeColor(stroke)
	c.r.SetStrokeWidth(width * c.scale)
	c.r.Circle(r*c.scale, c.at(x), c.at(y))
	if c.format == PNG {
		c.r.FillStroke()
	}
}

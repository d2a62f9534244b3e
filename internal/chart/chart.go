// Package chart draws Sayso's charts as SVG (inline in pages) and PNG (to
// download). It is the only importer of go-chart, whose pitfalls it keeps
// inside: a zero range fails, a line needs two points, stacked bars are
// normalised to 100%, and the font is parsed on first use.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
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

// Bar is one labelled value.
type Bar struct {
	Label string
	Value float64
}

// StackedBar is one bar split into parts, in the order of the legend.
type StackedBar struct {
	Label string
	Parts []float64
}

// Colours from the GOV.UK palette; the agreement scale runs from red to blue
// through grey, and every chart has its numbers in a table beside it.
var (
	blue      = hex("1d70b8")
	darkBlue  = hex("003078")
	lightGrey = hex("dddddd")
	midGrey   = hex("b1b4b6")
	text      = hex("0b0c0c")
	red       = hex("d4351c")
	orange    = hex("f47738")
	lightBlue = hex("5694ca")
	// AgreementColours colour the five answers, strongly disagree first.
	AgreementColours = []drawing.Color{red, orange, midGrey, lightBlue, blue}
)

func hex(s string) drawing.Color { return drawing.ColorFromHex(s) }

// Scores draws scores out of 100 as horizontal bars, one per label.
func Scores(title string, bars []Bar, f Format) ([]byte, error) {
	title, bars = escapeTitle(title, f), escapeBars(bars, f)
	stacked := make([]gochart.StackedBar, 0, len(bars))
	for _, b := range bars {
		score := math.Max(0, math.Min(100, b.Value))
		stacked = append(stacked, gochart.StackedBar{Name: b.Label, Width: 26, Values: rightToLeft([]gochart.Value{
			{Value: score, Label: strconv.FormatFloat(math.Round(b.Value), 'f', 0, 64), Style: gochart.Style{FillColor: blue, StrokeColor: blue, FontColor: drawing.ColorWhite}},
			{Value: 100 - score, Style: gochart.Style{FillColor: lightGrey, StrokeColor: lightGrey}},
		})})
	}
	return stackedChart(title, stacked, 560, f)
}

// Stacked draws bars split into parts that add up to the whole, such as the
// shares of each answer; colours follow the parts' order. A bar with no
// parts above zero is drawn empty.
func Stacked(title string, colours []drawing.Color, bars []StackedBar, f Format) ([]byte, error) {
	title = escapeTitle(title, f)
	stacked := make([]gochart.StackedBar, 0, len(bars))
	for _, b := range bars {
		bar := gochart.StackedBar{Name: escapeTitle(b.Label, f), Width: 26}
		total := 0.0
		for _, p := range b.Parts {
			total += p
		}
		if total <= 0 {
			// go-chart divides by the total; an empty bar is one grey part.
			bar.Values = []gochart.Value{{Value: 1, Style: gochart.Style{FillColor: lightGrey, StrokeColor: lightGrey}}}
		}
		for i, p := range b.Parts {
			if total <= 0 || p <= 0 {
				continue
			}
			c := colours[i%len(colours)]
			bar.Values = append(bar.Values, gochart.Value{Value: p, Style: gochart.Style{FillColor: c, StrokeColor: c}})
		}
		bar.Values = rightToLeft(bar.Values)
		stacked = append(stacked, bar)
	}
	return stackedChart(title, stacked, 560, f)
}

// rightToLeft orders a horizontal bar's parts as go-chart draws them:
// from the right edge, each part painted from the left edge over the last.
func rightToLeft(parts []gochart.Value) []gochart.Value {
	slices.Reverse(parts)
	return parts
}

func stackedChart(title string, bars []gochart.StackedBar, width int, f Format) ([]byte, error) {
	if len(bars) == 0 {
		return nil, errors.New("a chart needs at least one bar")
	}
	longest := 0
	for _, b := range bars {
		longest = max(longest, utf8.RuneCountInString(b.Name))
	}
	c := gochart.StackedBarChart{
		Title:        title,
		TitleStyle:   gochart.Style{FontSize: 11, FontColor: text},
		IsHorizontal: true,
		Width:        width,
		Height:       60 + 34*len(bars),
		BarSpacing:   8,
		// Room on the left for the bars' names, which go-chart does not make.
		Background: gochart.Style{Padding: gochart.Box{Top: 40, Left: min(240, 12+6*longest), Right: 20, Bottom: 10}},
		XAxis:      gochart.Style{FontSize: 9, FontColor: text},
		YAxis:      gochart.Style{FontSize: 9, FontColor: text},
		Bars:       bars,
	}
	return render(c, f)
}

// Distribution draws counts by value as columns; the values above a
// threshold, when there is one, are dark and the rest light.
func Distribution(title string, bars []Bar, threshold *float64, f Format) ([]byte, error) {
	if len(bars) == 0 {
		return nil, errors.New("a chart needs at least one bar")
	}
	title, bars = escapeTitle(title, f), escapeBars(bars, f)
	values := make([]gochart.Value, len(bars))
	top := 1.0 // a range from 0 to 0 fails
	for i, b := range bars {
		colour := blue
		if threshold != nil {
			colour = midGrey
			if v, err := strconv.ParseFloat(b.Label, 64); err == nil && v > *threshold {
				colour = darkBlue
			}
		}
		values[i] = gochart.Value{Label: b.Label, Value: b.Value, Style: gochart.Style{FillColor: colour, StrokeColor: colour}}
		top = math.Max(top, b.Value)
	}
	// Whole-number ticks: these are counts of people.
	step := math.Max(1, math.Ceil(top/5))
	var ticks []gochart.Tick
	for v := 0.0; v < top+step; v += step {
		ticks = append(ticks, gochart.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
	}
	barWidth := max(8, min(36, 560/len(bars)))
	c := gochart.BarChart{
		Title:      title,
		TitleStyle: gochart.Style{FontSize: 11, FontColor: text},
		Width:      max(320, 80+(barWidth+6)*len(bars)),
		Height:     300,
		BarWidth:   barWidth,
		BarSpacing: 6,
		Background: gochart.Style{Padding: gochart.Box{Top: 40, Left: 10, Right: 10, Bottom: 30}},
		XAxis:      gochart.Style{FontSize: 8, FontColor: text},
		YAxis: gochart.YAxis{
			Style: gochart.Style{FontSize: 8, FontColor: text},
			Range: &gochart.ContinuousRange{Min: 0, Max: ticks[len(ticks)-1].Value},
			Ticks: ticks,
		},
		Bars: values,
	}
	return render(c, f)
}

// Trend draws values over waves as a line with a dot at each wave. The
// y axis runs from low to high; one wave draws a dot alone.
func Trend(title string, labels []string, values []float64, low, high float64, f Format) ([]byte, error) {
	if len(values) == 0 || len(labels) != len(values) {
		return nil, errors.New("a trend needs one label per value, and at least one value")
	}
	title = escapeTitle(title, f)
	xs := make([]float64, len(values))
	// go-chart takes the x range from the ticks: unlabelled ones half a
	// wave out either side keep the dots off the edges, and keep one wave
	// from being a zero range.
	ticks := []gochart.Tick{{Value: -0.5}}
	for i := range xs {
		xs[i] = float64(i)
		ticks = append(ticks, gochart.Tick{Value: float64(i), Label: escapeTitle(labels[i], f)})
	}
	ticks = append(ticks, gochart.Tick{Value: float64(len(values)) - 0.5})
	if high <= low {
		high = low + 1
	}
	points, ys := xs, values
	if len(values) == 1 {
		// go-chart draws no series of one point: two points a hair apart
		// draw the one dot.
		points, ys = []float64{-0.001, 0.001}, []float64{values[0], values[0]}
	}
	top := 40
	if title == "" {
		top = 15 // a caption beside the chart names it
	}
	c := gochart.Chart{
		Title:      title,
		TitleStyle: gochart.Style{FontSize: 11, FontColor: text},
		Width:      max(280, 140*len(values)),
		Height:     180,
		Background: gochart.Style{Padding: gochart.Box{Top: top, Left: 20, Right: 30, Bottom: 10}},
		XAxis: gochart.XAxis{
			Style: gochart.Style{FontSize: 8, FontColor: text},
			Ticks: ticks,
		},
		YAxis: gochart.YAxis{
			Style:          gochart.Style{FontSize: 8, FontColor: text},
			Range:          &gochart.ContinuousRange{Min: low, Max: high},
			ValueFormatter: wholeNumber,
		},
		Series: []gochart.Series{gochart.ContinuousSeries{
			XValues: points, YValues: ys,
			Style: gochart.Style{StrokeColor: blue, StrokeWidth: 2, DotColor: blue, DotWidth: 4},
		}},
	}
	return render(c, f)
}

// wholeNumber labels an axis without go-chart's two decimals.
func wholeNumber(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return ""
}

// escapeTitle escapes text for SVG, which go-chart writes out as it is
// given; a PNG draws the text itself.
func escapeTitle(s string, f Format) string {
	if f == SVG {
		return html.EscapeString(s)
	}
	return s
}

func escapeBars(bars []Bar, f Format) []Bar {
	out := make([]Bar, len(bars))
	for i, b := range bars {
		out[i] = Bar{Label: escapeTitle(b.Label, f), Value: b.Value}
	}
	return out
}

type renderable interface {
	Render(gochart.RendererProvider, io.Writer) error
}

func render(c renderable, f Format) ([]byte, error) {
	var buf bytes.Buffer
	provider := gochart.PNG
	if f == SVG {
		provider = gochart.SVG
	}
	if err := c.Render(provider, &buf); err != nil {
		return nil, fmt.Errorf("drawing a chart: %w", err)
	}
	if f == SVG {
		return presentational(buf.Bytes()), nil
	}
	return buf.Bytes(), nil
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

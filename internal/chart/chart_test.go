package chart

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	gochart "github.com/wcharczuk/go-chart/v2"
	"golang.org/x/image/font"
)

// drawn is an SVG chart as read back: its size, its texts and the
// colours it fills and strokes with.
type drawn struct {
	width, height float64
	texts         []drawnText
	fills         []string
	strokes       []string
}

type drawnText struct {
	body     string
	fontSize float64
}

func (d drawn) has(body string) bool {
	return slices.ContainsFunc(d.texts, func(t drawnText) bool { return t.body == body })
}

func (d drawn) bodies() []string {
	var out []string
	for _, t := range d.texts {
		out = append(out, t.body)
	}
	return out
}

func readSVG(t *testing.T, out []byte) drawn {
	t.Helper()
	if bytes.Contains(out, []byte("style=")) || bytes.Contains(out, []byte("NaN")) {
		t.Fatalf("the SVG has a style attribute or NaN: %s", out)
	}
	var d drawn
	dec := xml.NewDecoder(bytes.NewReader(out))
	var in *drawnText
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not XML: %v\n%s", err, out)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			attrs := map[string]string{}
			for _, a := range e.Attr {
				attrs[a.Name.Local] = a.Value
			}
			switch e.Name.Local {
			case "svg":
				d.width, _ = strconv.ParseFloat(attrs["width"], 64)
				d.height, _ = strconv.ParseFloat(attrs["height"], 64)
				if want := "0 0 " + attrs["width"] + " " + attrs["height"]; attrs["viewBox"] != want {
					t.Errorf("viewBox %q, want %q", attrs["viewBox"], want)
				}
			case "text":
				size, err := strconv.ParseFloat(strings.TrimSuffix(attrs["font-size"], "px"), 64)
				if err != nil {
					t.Errorf("a text with no font size in px: %v", e.Attr)
				}
				in = &drawnText{fontSize: size}
			case "path", "circle":
				d.fills, d.strokes = append(d.fills, attrs["fill"]), append(d.strokes, attrs["stroke"])
			}
		case xml.CharData:
			if in != nil {
				in.body += string(e)
			}
		case xml.EndElement:
			if e.Name.Local == "text" && in != nil {
				d.texts = append(d.texts, *in)
				in = nil
			}
		}
	}
	if d.width == 0 || d.height == 0 {
		t.Fatalf("the SVG has no size in pixels: %.200s", out)
	}
	if len(d.texts) == 0 {
		t.Fatal("the SVG has no text")
	}
	return d
}

func svgOf(t *testing.T, draw func(Format) ([]byte, error)) drawn {
	t.Helper()
	out, err := draw(SVG)
	if err != nil {
		t.Fatal(err)
	}
	return readSVG(t, out)
}

var (
	was58, was61, now63, now56 = 58.0, 61.0, 63.0, 56.0
	safeLevel                  = 15.0
)

func scoreChart(f Format) ([]byte, error) {
	return Scores(ScoreChart{
		Heading: Heading{Title: "Theme scores out of 100", Subtitle: "Social work health check · Health check 2025 · 167 responses"},
		Rows:    "Theme", Current: "Health check 2025", Earlier: []string{"Health check 2024", "Health check 2023"},
		Bars: []ScoreBar{
			{Label: "Strong and clear social work framework", Value: &now63, Earlier: []*float64{&was58, &was61}},
			{Label: "Wellbeing", Value: &now56, Earlier: []*float64{nil, &was61}},
			{Label: "Workloads", Value: nil},
		},
	}, f)
}

func agreementChart(f Format) ([]byte, error) {
	return Agreement(Heading{Title: "Answers to each statement"}, []AgreementBar{
		{Label: "My workload is manageable.", Counts: [5]float64{10, 30, 20, 40, 17}},
		{Label: "I have more cases than is safe.", Counts: [5]float64{30, 40, 20, 10, 5}, Reverse: true},
	}, f)
}

var caseloads = []Count{{10, 2}, {12, 1}, {15, 3}, {16, 1}, {29, 1}, {32, 1}, {33, 2}}

func histogramChart(f Format) ([]byte, error) {
	return Histogram(HistogramChart{Heading: Heading{Title: "How many cases are allocated to you today?"}, Unit: "cases",
		Threshold: &safeLevel, ThresholdName: "the safe level", Counts: caseloads}, f)
}

func trendChart(f Format) ([]byte, error) {
	return Trend(TrendChart{Heading: Heading{Title: "Overall satisfaction by wave"}, Axis: Axis{Title: "Mean, out of 10", High: 10, Decimals: 1},
		Labels: []string{"Health check 2023", "Health check 2024", "Health check 2025"}, Values: []float64{6.1, 5.6, 6.4}}, f)
}

var charts = map[string]func(Format) ([]byte, error){
	"scores": scoreChart, "agreement": agreementChart, "histogram": histogramChart, "trend": trendChart,
}

func TestEveryTextIsAtLeast12PixelsAtItsDrawnSize(t *testing.T) {
	for name, draw := range charts {
		d := svgOf(t, draw)
		for _, text := range d.texts {
			if text.fontSize < 12 {
				t.Errorf("%s: %q is %.1f px", name, text.body, text.fontSize)
			}
		}
		if d.width != Wide && d.width != Narrow {
			t.Errorf("%s: %v px wide", name, d.width)
		}
	}
}

func TestPNGIsTwiceTheSVG(t *testing.T) {
	for name, draw := range charts {
		d := svgOf(t, draw)
		out, err := draw(PNG)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("%s: the PNG does not decode: %v", name, err)
		}
		if got := img.Bounds().Size(); float64(got.X) != 2*d.width || float64(got.Y) != 2*d.height {
			t.Errorf("%s: the PNG is %v, the SVG %v × %v", name, got, d.width, d.height)
		}
	}
}

func TestScoresAreOnAScoreAxisWithTheEarlierWavesMarked(t *testing.T) {
	d := svgOf(t, scoreChart)
	for _, want := range []string{"Theme scores out of 100", "Social work health check · Health check 2025 · 167 responses",
		ScoreAxisTitle, "Theme", "Health check 2024", "Health check 2023", "63, was 58", "56", "withheld"} {
		if !d.has(want) {
			t.Errorf("no text %q in %q", want, d.bodies())
		}
	}
	for _, tick := range scoreTicks {
		if !d.has(strconv.Itoa(int(tick))) {
			t.Errorf("no tick %v", tick)
		}
	}
	for _, text := range d.texts {
		if strings.Contains(text.body, "%") {
			t.Errorf("a score chart writes %q: scores are not percentages", text.body)
		}
	}
}

func TestAgreementColoursFollowTheWording(t *testing.T) {
	plain, reverse := Answers(false), Answers(true)
	for i := range 5 {
		if plain[i] != reverse[4-i] {
			t.Errorf("answer %d: a negatively worded statement's colours are not the mirror of a plain one's", i+1)
		}
	}
	if !plain[4].Favourable || !plain[0].Unfavourable || !reverse[0].Favourable || !reverse[4].Unfavourable || plain[2].Favourable || plain[2].Unfavourable {
		t.Errorf("which answers are favourable: plain %+v, reverse %+v", plain, reverse)
	}
	// Everyone strongly disagrees: hatched (unfavourable) for a plain
	// statement, not for one worded negatively.
	hatches := func(reverse bool) int {
		out, err := Agreement(Heading{Title: "x"}, []AgreementBar{{Label: "s", Counts: [5]float64{9}, Reverse: reverse}}, SVG)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Count(string(out), `stroke="`+hatchInk.String()+`"`)
	}
	legend := hatches(true)
	if legend == 0 || hatches(false) <= legend {
		t.Errorf("hatch lines: %d for a plain statement all disagreeing, %d for a negative one", hatches(false), legend)
	}
	d := svgOf(t, agreementChart)
	for _, want := range []string{"Favourable", "Unfavourable (hatched)", "Share of answers", "Statement", "100%"} {
		if !d.has(want) {
			t.Errorf("no text %q in %q", want, d.bodies())
		}
	}
	if !strings.Contains(strings.Join(d.bodies(), " "), "disagreeing is") {
		t.Errorf("the negatively worded statement is not marked: %q", d.bodies())
	}
}

func TestBinsLeaveNoGap(t *testing.T) {
	bins, whole := Bins(caseloads, &safeLevel)
	if !whole || len(bins) != 24 {
		t.Fatalf("bins of 10 to 33: whole %v, %d bins: %+v", whole, len(bins), bins)
	}
	want := map[float64]int{10: 2, 12: 1, 15: 3, 16: 1, 29: 1, 32: 1, 33: 2}
	for i, b := range bins {
		if b.High-b.Low != 1 || (i > 0 && b.Low != bins[i-1].High) {
			t.Errorf("bin %d is %v to %v, after %+v", i, b.Low, b.High, bins[max(0, i-1)])
		}
		if b.Count != want[b.High] {
			t.Errorf("answer %v: %d people, want %d", b.High, b.Count, want[b.High])
		}
	}

	// Answers 0 to 99: wider bins, one of which ends at the threshold.
	var spread []Count
	for v := range 100 {
		spread = append(spread, Count{float64(v), 1})
	}
	bins, _ = Bins(spread, &safeLevel)
	total := 0
	for _, b := range bins {
		total += b.Count
		if b.Low < safeLevel && b.High > safeLevel {
			t.Errorf("bin %v to %v holds answers on both sides of %v", b.Low, b.High, safeLevel)
		}
	}
	if len(bins) > maxBins || bins[0].High-bins[0].Low != 5 || total != 100 {
		t.Errorf("answers 0 to 99: %d bins of %v, %d people", len(bins), bins[0].High-bins[0].Low, total)
	}

	// Hours with halves: an answer on the threshold is not above it.
	hours, limit := []Count{{37.5, 4}, {40, 2}, {41.25, 1}}, 37.5
	bins, whole = Bins(hours, &limit)
	for _, b := range bins {
		if b.High == limit && b.Count != 4 {
			t.Errorf("the bin ending at %v has %d, want the 4 who answered %v", limit, b.Count, limit)
		}
	}
	if whole {
		t.Error("37.5 read as a whole number")
	}
}

func TestHistogramAxesAreTitled(t *testing.T) {
	d := svgOf(t, histogramChart)
	for _, want := range []string{PeopleAxisTitle, "Answer (cases)", "At or below 15 (safe level)", "Above 15 (hatched)", "Above safe level: right of the line", "30"} {
		if !d.has(want) {
			t.Errorf("no text %q in %q", want, d.bodies())
		}
	}
}

func TestTrendAxesAreTitled(t *testing.T) {
	d := svgOf(t, trendChart)
	for _, want := range []string{"Mean, out of 10", WaveAxisTitle, "0", "10", "6.1", "5.6", "6.4", "Health check 2024"} {
		if !d.has(want) {
			t.Errorf("no text %q in %q", want, d.bodies())
		}
	}
	enps := svgOf(t, func(f Format) ([]byte, error) {
		return Trend(TrendChart{Axis: Axis{Title: "eNPS", Low: -100, High: 100}, Labels: []string{"2025"}, Values: []float64{-35}}, f)
	})
	if !enps.has("−35") || !enps.has("−100") {
		t.Errorf("negative values are not written with a minus sign: %q", enps.bodies())
	}
}

func TestChartsDrawEdgeCases(t *testing.T) {
	zero, hundred := 0.0, 100.0
	cases := map[string]func(Format) ([]byte, error){
		"score of zero": func(f Format) ([]byte, error) {
			return Scores(ScoreChart{Rows: "Theme", Bars: []ScoreBar{{Label: "Workloads", Value: &zero}}}, f)
		},
		"scores all 100": func(f Format) ([]byte, error) {
			return Scores(ScoreChart{Rows: "Theme", Bars: []ScoreBar{{Label: "A", Value: &hundred}, {Label: "B", Value: &hundred}}}, f)
		},
		"agreement, no answers": func(f Format) ([]byte, error) {
			return Agreement(Heading{}, []AgreementBar{{Label: "Q1"}}, f)
		},
		"histogram of one answer": func(f Format) ([]byte, error) {
			return Histogram(HistogramChart{Threshold: &safeLevel, Counts: []Count{{12, 7}}}, f)
		},
		"histogram of one fraction": func(f Format) ([]byte, error) {
			return Histogram(HistogramChart{Counts: []Count{{0.5, 9}}}, f)
		},
		"histogram below zero": func(f Format) ([]byte, error) {
			return Histogram(HistogramChart{Threshold: &safeLevel, Counts: []Count{{-40, 1}, {-3, 2}, {120, 1}}}, f)
		},
		"histogram of fractions": func(f Format) ([]byte, error) {
			return Histogram(HistogramChart{Counts: []Count{{0.25, 1}, {0.5, 2}, {0.75, 3}}}, f)
		},
		"trend of one wave": func(f Format) ([]byte, error) {
			return Trend(TrendChart{Axis: Axis{High: 100}, Labels: []string{"2026"}, Values: []float64{58}}, f)
		},
		"trend all equal": func(f Format) ([]byte, error) {
			return Trend(TrendChart{Axis: Axis{Low: 5, High: 5}, Labels: []string{"a", "b"}, Values: []float64{5, 5}}, f)
		},
	}
	for name, draw := range cases {
		svgOf(t, draw)
		if _, err := draw(PNG); err != nil {
			t.Errorf("%s as PNG: %v", name, err)
		}
	}
	for name, draw := range map[string]func() ([]byte, error){
		"no bars":        func() ([]byte, error) { return Scores(ScoreChart{}, SVG) },
		"no statements":  func() ([]byte, error) { return Agreement(Heading{}, nil, SVG) },
		"no answers":     func() ([]byte, error) { return Histogram(HistogramChart{}, SVG) },
		"no trend":       func() ([]byte, error) { return Trend(TrendChart{}, SVG) },
		"labels missing": func() ([]byte, error) { return Trend(TrendChart{Labels: []string{"a"}, Values: []float64{1, 2}}, SVG) },
	} {
		if _, err := draw(); err == nil {
			t.Errorf("%s: drawn without complaint", name)
		}
	}
}

func TestTextIsEscaped(t *testing.T) {
	hostile := `<script>alert(1)</script> & "quotes"`
	for name, draw := range map[string]func() ([]byte, error){
		"scores": func() ([]byte, error) {
			return Scores(ScoreChart{Heading: Heading{hostile, hostile}, Rows: hostile, Current: hostile, Earlier: []string{hostile}, Bars: []ScoreBar{{Label: hostile, Value: &now63}}}, SVG)
		},
		"agreement": func() ([]byte, error) {
			return Agreement(Heading{Title: hostile}, []AgreementBar{{Label: hostile, Counts: [5]float64{1}}}, SVG)
		},
		"histogram": func() ([]byte, error) {
			return Histogram(HistogramChart{Heading: Heading{Title: hostile}, Unit: hostile, Threshold: &safeLevel, ThresholdName: hostile, Counts: caseloads}, SVG)
		},
		"trend": func() ([]byte, error) {
			return Trend(TrendChart{Heading: Heading{Title: hostile}, Axis: Axis{Title: hostile, High: 2}, Labels: []string{hostile}, Values: []float64{1}}, SVG)
		},
	} {
		out, err := draw()
		if err != nil || strings.Contains(string(out), "<script") {
			t.Errorf("%s: text is not escaped: %v %s", name, err, out)
			continue
		}
		readSVG(t, out)
	}
	if _, err := ParseFormat("gif"); err == nil {
		t.Error("gif accepted")
	}
}

// A chart is laid out by measuring its text once; both renderers must then
// draw the text as wide as it was measured, or labels run into bars.
func TestTextIsDrawnAsWideAsMeasured(t *testing.T) {
	roboto, err := gochart.GetDefaultFont()
	if err != nil {
		t.Fatal(err)
	}
	widths := &measurer{font: roboto, faces: map[float64]font.Face{}}
	const s = "Strong and clear social work framework"
	for _, f := range []Format{SVG, PNG} {
		c, err := newCanvas(Wide, 10, f, widths)
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range []float64{tickSize, labelSize, titleSize} {
			c.setFont(size, text)
			drawn, measured := float64(c.r.MeasureText(s).Width())/c.scale, c.measure(s, size)
			if math.Abs(drawn-measured) > 2 {
				t.Errorf("%s at %v px: drawn %.1f px wide, measured %.1f", f, size, drawn, measured)
			}
		}
	}
}

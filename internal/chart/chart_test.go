package chart

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"strings"
	"testing"
)

func checkDrawn(t *testing.T, name string, draw func(Format) ([]byte, error)) {
	t.Helper()
	for _, f := range []Format{SVG, PNG} {
		out, err := draw(f)
		if err != nil {
			t.Errorf("%s as %s: %v", name, f, err)
			continue
		}
		switch f {
		case PNG:
			img, err := png.Decode(bytes.NewReader(out))
			if err != nil || img.Bounds().Dx() < 100 {
				t.Errorf("%s: the PNG does not decode: %v", name, err)
			}
		case SVG:
			d := xml.NewDecoder(bytes.NewReader(out))
			for {
				_, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Errorf("%s: the SVG is not XML: %v\n%s", name, err, out)
					break
				}
			}
			if bytes.Contains(out, []byte("style=")) || bytes.Contains(out, []byte("NaN")) {
				t.Errorf("%s: the SVG has a style attribute or NaN: %s", name, out)
			}
		}
	}
}

func TestChartsDrawEdgeCases(t *testing.T) {
	threshold := 15.0
	cases := map[string]func(Format) ([]byte, error){
		"scores": func(f Format) ([]byte, error) {
			return Scores("Theme scores", []Bar{{"Workloads", 58}, {"Wellbeing", 71.4}}, f)
		},
		"scores of zero": func(f Format) ([]byte, error) { return Scores("Theme scores", []Bar{{"Workloads", 0}}, f) },
		"scores all 100": func(f Format) ([]byte, error) { return Scores("Theme scores", []Bar{{"A", 100}, {"B", 100}}, f) },
		"stacked": func(f Format) ([]byte, error) {
			return Stacked("Answers", AgreementColours, []StackedBar{{"Q1", []float64{1, 2, 3, 4, 5}}}, f)
		},
		"stacked, no parts": func(f Format) ([]byte, error) {
			return Stacked("Answers", AgreementColours, []StackedBar{{"Q1", []float64{0, 0, 0, 0, 0}}}, f)
		},
		"distribution": func(f Format) ([]byte, error) {
			return Distribution("Caseload", []Bar{{"10", 3}, {"16", 5}}, &threshold, f)
		},
		"distribution of zeros": func(f Format) ([]byte, error) {
			return Distribution("Caseload", []Bar{{"10", 0}, {"16", 0}}, nil, f)
		},
		"distribution, one value": func(f Format) ([]byte, error) { return Distribution("Caseload", []Bar{{"12", 7}}, &threshold, f) },
		"trend": func(f Format) ([]byte, error) {
			return Trend("Trend", []string{"2024", "2025", "2026"}, []float64{50, 61, 58}, 0, 100, f)
		},
		"trend of one wave": func(f Format) ([]byte, error) { return Trend("Trend", []string{"2026"}, []float64{58}, 0, 100, f) },
		"trend all equal":   func(f Format) ([]byte, error) { return Trend("Trend", []string{"a", "b"}, []float64{5, 5}, 5, 5, f) },
	}
	for name, draw := range cases {
		checkDrawn(t, name, draw)
	}
	for name, draw := range map[string]func() ([]byte, error){
		"no bars":        func() ([]byte, error) { return Scores("x", nil, SVG) },
		"no trend":       func() ([]byte, error) { return Trend("x", nil, nil, 0, 1, SVG) },
		"labels missing": func() ([]byte, error) { return Trend("x", []string{"a"}, []float64{1, 2}, 0, 1, SVG) },
	} {
		if _, err := draw(); err == nil {
			t.Errorf("%s: drawn without complaint", name)
		}
	}
}

func TestSVGKeepsItsStylesAsAttributes(t *testing.T) {
	out, err := Scores("Theme scores", []Bar{{"Workloads", 58}}, SVG)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `fill="rgba(29,112,184,1.0)"`) {
		t.Errorf("the bar's colour is lost: %s", out)
	}
	hostile := `<script>alert(1)</script> & "quotes"`
	for name, draw := range map[string]func() ([]byte, error){
		"scores": func() ([]byte, error) { return Scores(hostile, []Bar{{hostile, 50}}, SVG) },
		"stacked": func() ([]byte, error) {
			return Stacked(hostile, AgreementColours, []StackedBar{{hostile, []float64{1}}}, SVG)
		},
		"distribution": func() ([]byte, error) { return Distribution(hostile, []Bar{{hostile, 1}}, nil, SVG) },
		"trend":        func() ([]byte, error) { return Trend(hostile, []string{hostile}, []float64{1}, 0, 2, SVG) },
	} {
		out, err := draw()
		if err != nil || strings.Contains(string(out), "<script") {
			t.Errorf("%s: text is not escaped: %v %s", name, err, out)
		}
	}
	if _, err := ParseFormat("gif"); err == nil {
		t.Error("gif accepted")
	}
}

package results

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/sayso/sayso/internal/survey"
)

// TestDriversMatchAnIndependentReference reads the answers in
// testdata/drivers.csv and checks each correlation and its interval
// against the values testdata/drivers_reference.py worked out with
// Python's standard library.
func TestDriversMatchAnIndependentReference(t *testing.T) {
	def := ownFixture(t, "drivers.yaml")
	file, err := os.Open("testdata/drivers.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	records, err := csv.NewReader(file).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var answers []survey.Answers
	whole := NewTally()
	for _, rec := range records[1:] {
		a := survey.Answers{}
		for i, id := range records[0] {
			if rec[i] == "" {
				continue
			}
			v, err := strconv.ParseFloat(rec[i], 64)
			if err != nil {
				t.Fatal(err)
			}
			a[id] = survey.Answer{Number: v}
		}
		answers = append(answers, a)
		whole.Add(def, a)
	}
	var reference map[string]struct {
		N            int
		R, Low, High float64
	}
	data, err := os.ReadFile("testdata/drivers_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &reference); err != nil {
		t.Fatal(err)
	}
	outs, themes := ComputeDrivers(def, whole, answers)
	if len(outs) != 2 || len(themes) != 1 || len(themes[0].Associations) != 2 {
		t.Fatalf("drivers: %+v %+v", outs, themes)
	}
	for _, a := range themes[0].Associations {
		want := reference[a.Outcome]
		if a.N != want.N || a.R == nil || math.Abs(*a.R-want.R) > 1e-12 || math.Abs(*a.Low-want.Low) > 1e-9 || math.Abs(*a.High-want.High) > 1e-9 {
			t.Errorf("%s: n %d r %v [%v, %v]; the reference n %d r %v [%v, %v]", a.Outcome, a.N, deref(a.R), deref(a.Low), deref(a.High), want.N, want.R, want.Low, want.High)
		}
	}

	// Under 30 answering both, nothing; a withheld statement is left out
	// of every person's theme score, and a withheld outcome is not used.
	_, few := ComputeDrivers(def, whole, answers[:29])
	if few[0].Associations[0].R != nil {
		t.Errorf("under 30: %+v", few[0].Associations[0])
	}
	withheld := whole.Clone()
	withheld.suppress(def, "s1")
	withheld.suppress(def, "satisfaction")
	outs, themes = ComputeDrivers(def, withheld, answers)
	if len(outs) != 1 || outs[0].ID != "stay" {
		t.Errorf("a withheld outcome is still used: %+v", outs)
	}
	onlyS2 := make([]survey.Answers, len(answers))
	for i, a := range answers {
		onlyS2[i] = survey.Answers{}
		for id, v := range a {
			if id != "s1" {
				onlyS2[i][id] = v
			}
		}
	}
	_, without := ComputeDrivers(def, whole, onlyS2)
	if got, want := themes[0].Associations[0].R, without[0].Associations[0].R; got == nil || want == nil || *got != *want {
		t.Errorf("with s1 withheld, r is %v; with nobody answering s1 it is %v", deref(got), deref(want))
	}
}

func deref(v *float64) float64 {
	if v == nil {
		return math.NaN()
	}
	return *v
}

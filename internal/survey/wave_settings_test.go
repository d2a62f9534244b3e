package survey

import (
	"slices"
	"strings"
	"testing"
)

// TestWaveSettingsFaultsByField: each setting out of its range is one
// fault keyed by the admin form's name for it; a good set has none.
func TestWaveSettingsFaultsByField(t *testing.T) {
	const today = "2026-06-01"
	good := WaveSettings{Name: strings.Repeat("n", MaxWaveName), Access: AccessBoth, Headcount: MaxHeadcount, MaxResponses: MaxResponsesCap, ClosesOn: today}
	if err := good.Validate(today); err != nil {
		t.Fatalf("settings at every limit are refused: %v", err)
	}
	bad := WaveSettings{Name: strings.Repeat("n", MaxWaveName+1), Access: "post", Headcount: MaxHeadcount + 1, MaxResponses: -1, ClosesOn: "2026-05-31"}
	var fields []string
	for _, f := range Fields(bad.Validate(today)) {
		fields = append(fields, f.Field)
	}
	if want := []string{"name", "headcount", "max_responses", "access", "closes"}; !slices.Equal(fields, want) {
		t.Errorf("faults in %v, want %v", fields, want)
	}
	if f := Fields(WaveSettings{Name: "x", Access: AccessLink, ClosesOn: "2026-02-30"}.Validate(today)); len(f) != 1 || f[0].Message != "Enter the closing date as a real date, like 31/12/2026" {
		t.Errorf("a closing day that is not a day: %+v", f)
	}
	if err := CheckCodeBatch(MaxCodeBatch); err != nil {
		t.Errorf("a full batch is refused: %v", err)
	}
	for _, n := range []int{0, MaxCodeBatch + 1} {
		if f := Fields(CheckCodeBatch(n)); len(f) != 1 || f[0].Message != "The number of codes must be a whole number from 1 to 10,000" {
			t.Errorf("a batch of %d: %+v", n, f)
		}
	}
	if got := CheckHeadcount(-1).Message; got != "Headcount must be a whole number from 0 to 1,000,000" {
		t.Errorf("headcount message %q", got)
	}
}

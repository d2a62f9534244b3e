package report

import (
	"testing"

	"github.com/sayso/sayso/internal/results"
)

func TestCoverageSaysWhichPublicationInWords(t *testing.T) {
	interim := &results.PublicationInfo{Seq: 2, Interim: true, On: "2026-12-01"}
	final := &results.PublicationInfo{Seq: 3, On: "2026-12-01"}
	tests := []struct {
		name     string
		coverage Coverage
		sentence string
		short    string
	}{
		{"none yet, under k", Coverage{Received: 4, MinGroupSize: 5},
			"4 people have answered so far. Results show once at least 5 people have answered, so that nobody can be picked out.", "Not published yet"},
		{"none yet, one person", Coverage{Received: 1, MinGroupSize: 5},
			"1 person has answered so far. Results show once at least 5 people have answered, so that nobody can be picked out.", "Not published yet"},
		{"none yet, the audit refused", Coverage{Received: 7, MinGroupSize: 5},
			"7 people have answered so far. Results show once they can be published without risking anyone's anonymity.", "Not published yet"},
		{"closed under k", Coverage{Received: 3, MinGroupSize: 5, Closed: true},
			"3 people answered. Results show only when at least 5 people have answered, so that nobody can be picked out: nothing of this wave is shown.", "Not published"},
		{"interim with some not shown", Coverage{Received: 124, Published: 120, Publication: interim, MinGroupSize: 5},
			"Interim results published on 1 December 2026, from 120 of the 124 responses received so far; 4 are not shown yet and will be in a later publication.", "Interim, 1 December 2026: from 120 of 124"},
		{"interim with one not shown", Coverage{Received: 121, Published: 120, Publication: interim, MinGroupSize: 5},
			"Interim results published on 1 December 2026, from 120 of the 121 responses received so far; 1 is not shown yet and will be in a later publication.", "Interim, 1 December 2026: from 120 of 121"},
		{"interim of everything", Coverage{Received: 40, Published: 40, Publication: interim, MinGroupSize: 5},
			"Interim results published on 1 December 2026, from all 40 responses received so far. The wave is still open: later responses will show in a later publication.", "Interim, 1 December 2026: from all 40"},
		{"final of everything", Coverage{Received: 167, Published: 167, Publication: final, MinGroupSize: 5, Closed: true},
			"Final results published on 1 December 2026, from all 167 responses.", "Final, 1 December 2026: from all 167"},
		{"final with some withheld", Coverage{Received: 167, Published: 165, Publication: final, MinGroupSize: 5, Closed: true},
			"Final results published on 1 December 2026, from 165 of 167 responses; 2 responses could not be published without risking someone's anonymity.", "Final, 1 December 2026: from 165 of 167"},
		{"opened again after a final one", Coverage{Received: 170, Published: 167, Publication: final, MinGroupSize: 5},
			"Results published on 1 December 2026, from 167 of the 170 responses received so far; 3 are not shown yet and will be in a later publication.", "Published, 1 December 2026: from 167 of 170"},
		{"closed after an interim one", Coverage{Received: 23, Published: 20, Publication: interim, MinGroupSize: 5, Closed: true},
			"Results published on 1 December 2026, from 20 of 23 responses; 3 responses could not be published without risking someone's anonymity.", "Published, 1 December 2026: from 20 of 23"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.coverage.Sentence(); got != tt.sentence {
				t.Errorf("Sentence:\n got %q\nwant %q", got, tt.sentence)
			}
			if got := tt.coverage.Short(); got != tt.short {
				t.Errorf("Short: got %q, want %q", got, tt.short)
			}
		})
	}
}

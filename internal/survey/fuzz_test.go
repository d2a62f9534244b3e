package survey

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

// FuzzParse feeds the loader arbitrary bytes: it must never panic, and must
// answer either a definition that holds together or problems with positions.
func FuzzParse(f *testing.F) {
	f.Add(documentedExample(f))
	f.Add([]byte(header + oneSection))
	f.Add([]byte("id: t\ntitle: [unclosed\n"))
	f.Add([]byte("id: &a t\ntitle: *a\nsections: [{id: s, title: S, questions: [{id: q, type: yesno, text: Q, show_if: {question: q, equals: true}}]}]\n"))
	f.Add([]byte(header + oneSection + "breakdowns: [[a, b], q, {x: y}]\nindicators: [{id: i, title: I, kind: above, question: q, threshold: {default: 1, by: q, values: {a: 1}}}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		def, err := Parse("fuzz.yaml", data)
		if err != nil {
			var problems Problems
			if !errors.As(err, &problems) || len(problems) == 0 {
				t.Fatalf("error is not a list of problems: %v", err)
			}
			for _, p := range problems {
				if p.Line < 1 || p.Column < 1 || p.Message == "" {
					t.Fatalf("problem without a position or message: %+v", p)
				}
			}
			return
		}
		if def.MinGroupSize < MinMinGroupSize || len(def.Sections) == 0 {
			t.Fatalf("accepted a definition with k %d and %d sections", def.MinGroupSize, len(def.Sections))
		}
		for _, q := range def.Questions() {
			if found, ok := def.Question(q.ID); !ok || found != q {
				t.Fatalf("question %q is not indexed", q.ID)
			}
			if q.Theme != "" {
				if _, ok := def.Theme(q.Theme); !ok {
					t.Fatalf("question %q scores towards missing theme %q", q.ID, q.Theme)
				}
			}
		}
	})
}

// FuzzDecodeAnswers feeds arbitrary JSON answers to the documented example:
// decoding and checking must never panic, and whatever passes both must be
// stored and read back as the same answers.
func FuzzDecodeAnswers(f *testing.F) {
	def, err := Parse("example.yaml", documentedExample(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"workload-manageable": 4, "team": "assessment", "training": ["safeguarding"], "has-supervisor": true, "supervisor-support": 2}`))
	f.Add([]byte(`{"workload-manageable": 1e400, "caseload": -0.5, "change-one-thing": "\u00e9"}`))
	f.Add([]byte(`{"workload-manageable": "4", "satisfaction": 10.0, "recommend": null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var raw map[string]any
		if dec.Decode(&raw) != nil {
			return
		}
		answers, errs := def.DecodeJSON(raw)
		if len(errs) > 0 {
			return
		}
		if def.Check(def.Questions(), answers) != nil {
			return
		}
		encoded := def.EncodeAnswers(answers)
		decoded, err := def.DecodeStored(encoded)
		if err != nil {
			t.Fatalf("accepted answers do not read back once stored: %s: %v", encoded, err)
		}
		if def.Check(def.Questions(), decoded) != nil || !bytes.Equal(def.EncodeAnswers(decoded), encoded) {
			t.Fatalf("stored answers read back differently: %s", encoded)
		}
	})
}

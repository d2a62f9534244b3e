package disclosure

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestTheProbeTellsTheSpanApart adds random 0/±1 vectors, many of them
// combinations of those before, to an echelon with a probe, and checks
// after each that the probe is orthogonal to every vector kept, and that
// the probe's product is zero exactly for the vectors an echelon without
// a probe finds in the span.
func TestTheProbeTellsTheSpanApart(t *testing.T) {
	novel, spanned := 0, 0
	for seed := range uint64(200) {
		rng := rand.New(rand.NewPCG(seed, 11))
		dim := 2 + rng.IntN(30)
		probed := newProbedEchelon(dim, rand.New(rand.NewPCG(seed, 12)))
		plain := newEchelon(dim)
		var kept [][]uint64
		for range 3 * dim {
			v := make([]uint64, dim)
			if len(kept) > 0 && rng.IntN(2) == 0 {
				// A combination of vectors kept: in the span.
				for range 1 + rng.IntN(3) {
					w := kept[rng.IntN(len(kept))]
					f := uint64(1 + rng.IntN(3))
					for j := range v {
						v[j] = add(v[j], mul(f, w[j]))
					}
				}
			} else {
				for j := range v {
					if rng.IntN(3) == 0 {
						v[j] = []uint64{1, prime - 1}[rng.IntN(2)]
					}
				}
			}
			product := uint64(0)
			for j, x := range v {
				product = add(product, mul(x, probed.probe[j]))
			}
			original := slices.Clone(v)
			adds := plain.add(slices.Clone(v))
			if adds == (product == 0) {
				t.Fatalf("seed %d: a vector that adds to the span: %v; the probe's product with it: %d", seed, adds, product)
			}
			if adds {
				novel++
				kept = append(kept, original)
				if !probed.add(v) {
					t.Fatalf("seed %d: the probed echelon refused a vector the plain one kept", seed)
				}
			} else {
				spanned++
			}
			for _, row := range probed.rows {
				dot := uint64(0)
				for j, x := range row {
					dot = add(dot, mul(x, probed.probe[j]))
				}
				if dot != 0 {
					t.Fatalf("seed %d: the probe is not orthogonal to a kept row", seed)
				}
			}
		}
	}
	if novel < 500 || spanned < 500 {
		t.Fatalf("%d vectors added to the span and %d in it: the test sees too little of one", novel, spanned)
	}
}

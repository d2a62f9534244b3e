package disclosure

import (
	"cmp"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestFindsTheClassicLeaks(t *testing.T) {
	tests := []struct {
		name    string
		system  System
		query   Query
		leaks   bool
		respond int
	}{
		{
			// A hidden group read as the total minus the shown ones.
			name:   "complement of the shown groups",
			system: System{Weights: []int{6, 7, 2}, Rows: [][]int{{0, 1, 2}, {0}, {1}}},
			query:  Query{K: 5}, leaks: true, respond: 2,
		},
		{
			// Two hidden groups together hold 6: nothing to read.
			name:   "hidden groups that add up to k",
			system: System{Weights: []int{6, 7, 2, 4}, Rows: [][]int{{0, 1, 2, 3}, {0}, {1}}},
			query:  Query{K: 5},
		},
		{
			// Team A = cells 0,1; role R = cells 0,2; role S = cells 1,3 (team B
			// holds 2 and 3). Role R lies wholly in team A when cell 2 is empty:
			// team A − role R = cell 1.
			name:   "subtraction across breakdowns",
			system: System{Weights: []int{7, 3, 8}, Rows: [][]int{{0, 1, 2}, {0, 1}, {2}, {0}, {1, 2}}},
			query:  Query{K: 5}, leaks: true, respond: 3,
		},
		{
			// A group of 6, then of 7: the newcomer is the difference.
			name:   "time differencing",
			system: System{Weights: []int{6, 1}, Rows: [][]int{{0}, {0, 1}}},
			query:  Query{K: 5}, leaks: true, respond: 1,
		},
		{
			// Cells 0,1 answered the question; 2 did not. Shown group of 10
			// whose question was answered by 3: the answerers are determined.
			name:   "few answerers in a shown group",
			system: System{Weights: []int{2, 1, 7}, Rows: [][]int{{0, 1, 2}, {0, 1}}},
			query:  Query{K: 5, Allowed: []bool{true, true, false}}, leaks: true, respond: 3,
		},
		{
			// The same group with the question's figures suppressed.
			name:   "few answerers suppressed",
			system: System{Weights: []int{2, 1, 7}, Rows: [][]int{{0, 1, 2}}},
			query:  Query{K: 5, Allowed: []bool{true, true, false}},
		},
		{
			// A group of 6, then of 7, both rows settled by an earlier
			// audit: not searched again.
			name:   "rows an earlier audit settled",
			system: System{Weights: []int{6, 1}, Rows: [][]int{{0}, {0, 1}}, Audited: []bool{true, true}},
			query:  Query{K: 5},
		},
		{
			// The same, with the later group new: the newcomer is read.
			name:   "a new row beside settled ones",
			system: System{Weights: []int{6, 1}, Rows: [][]int{{0}, {0, 1}}, Audited: []bool{true, false}},
			query:  Query{K: 5}, leaks: true, respond: 1,
		},
		{
			// A settled block beside a new one that holds the leak: the
			// search of the new block alone finds it.
			name: "a settled block beside a new one",
			system: System{Weights: []int{6, 1, 8, 2}, Rows: [][]int{{0}, {0, 1}, {2, 3}, {2}},
				Audited: []bool{true, true, false, false}},
			query: Query{K: 5}, leaks: true, respond: 2,
		},
		{
			// Classes tie a profile's answerers (0) and non-answerers (1):
			// only whole profiles count. Row {0} alone pins 2 answerers, which
			// is no profile.
			name:   "classes keep sets to whole profiles",
			system: System{Weights: []int{2, 3, 9}, Rows: [][]int{{0, 1, 2}, {0}}},
			query:  Query{K: 5, Class: []int{0, 0, 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, err := first(tt.system.FindSome(tt.query, 1))
			if err != nil {
				t.Fatal(err)
			}
			if (f != nil) != tt.leaks {
				t.Fatalf("finding %+v, want a leak: %v", f, tt.leaks)
			}
			if f != nil && f.Respondents != tt.respond {
				t.Fatalf("finding %+v holds %d respondents, want %d", f, f.Respondents, tt.respond)
			}
			if f != nil && len(f.Rows) == 0 {
				t.Fatalf("finding %+v names no row it comes from", f)
			}
		})
	}
}

// TestAgreesWithBruteForce checks the audit, with each of its two ways of
// searching, against an independent search: every subset of cells, each
// tested for membership of the rows' span by exact rational elimination.
func TestAgreesWithBruteForce(t *testing.T) {
	chosen := preferSums
	t.Cleanup(func() { preferSums = chosen })
	for _, way := range []struct {
		name string
		sums bool
	}{{"combinations of W", false}, {"meeting in the middle", true}} {
		t.Run(way.name, func(t *testing.T) {
			preferSums = func(int, int, int) bool { return way.sums }
			agreesWithBruteForce(t)
		})
	}
}

func agreesWithBruteForce(t *testing.T) {
	leaks, blocked, several := 0, 0, 0
	for seed := range uint64(3000) {
		rng := rand.New(rand.NewPCG(seed, 7))
		cells := 2 + rng.IntN(8)
		s := System{Weights: make([]int, cells)}
		for i := range s.Weights {
			s.Weights[i] = 1 + rng.IntN(7)
		}
		// A third of the systems fall into two blocks of cells no row
		// links, as publications written as differences do.
		split := 0
		if rng.IntN(3) == 0 {
			split = 1 + rng.IntN(cells-1)
		}
		for range 1 + rng.IntN(6) {
			var row []int
			second := split > 0 && rng.IntN(2) == 0
			for c := range cells {
				if split > 0 && (c >= split) != second {
					continue
				}
				if rng.IntN(2) == 0 {
					row = append(row, c)
				}
			}
			if len(row) > 0 {
				s.Rows = append(s.Rows, row)
			}
		}
		q := Query{K: 3 + rng.IntN(4)}
		if rng.IntN(3) == 0 {
			q.Allowed = make([]bool, cells)
			for i := range q.Allowed {
				q.Allowed[i] = rng.IntN(4) > 0
			}
		}
		if rng.IntN(3) == 0 {
			q.Class = make([]int, cells)
			for i := range q.Class {
				q.Class[i] = rng.IntN(cells)
			}
			q.Class = compact(q.Class)
		}
		if len(s.blocks(q.Class)) > 1 {
			blocked++
		}
		want := bruteForce(s, q)
		got, _, err := first(s.FindSome(q, 1))
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		some, _, err := s.FindSome(q, 4)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if (len(some) > 0) != (want != nil) || len(some) > 4 {
			t.Fatalf("seed %d: FindSome found %d sets, brute force %v", seed, len(some), want)
		}
		sets := map[string]bool{}
		for _, f := range some {
			if !inSpan(s, f.Cells) || f.Respondents < 1 || f.Respondents >= q.K {
				t.Fatalf("seed %d: FindSome's set %v (%d respondents) is no disclosure", seed, f.Cells, f.Respondents)
			}
			if key := fmt.Sprint(f.Cells); sets[key] {
				t.Fatalf("seed %d: FindSome gave the set %v twice", seed, f.Cells)
			} else {
				sets[key] = true
			}
		}
		if len(some) > 1 {
			several++
		}
		if seed%3 == 0 {
			checkEverySet(t, seed, s, q, rng)
		}
		if (got != nil) != (want != nil) {
			t.Fatalf("seed %d: system %+v query %+v: audit found %+v, brute force %v", seed, s, q, got, want)
		}
		if got != nil {
			leaks++
			if !inSpan(s, got.Cells) {
				t.Fatalf("seed %d: the audit's set %v is not determined", seed, got.Cells)
			}
			if got.Respondents < 1 || got.Respondents >= q.K {
				t.Fatalf("seed %d: the audit's set holds %d", seed, got.Respondents)
			}
			if len(got.Rows) == 0 || !slices.IsSorted(got.Rows) {
				t.Fatalf("seed %d: rows %v", seed, got.Rows)
			}
			for _, r := range got.Rows {
				without := System{Weights: s.Weights, Rows: slices.Delete(slices.Clone(s.Rows), r, r+1)}
				essential := slices.Contains(got.Essential, r)
				if determined := inSpan(without, got.Cells); determined == essential {
					t.Fatalf("seed %d: row %d called essential: %v, but the set is determined without it: %v", seed, r, essential, determined)
				}
			}
		}
	}
	if leaks < 300 || leaks > 2700 {
		t.Fatalf("%d of 3000 random systems leak: the generator tests too little", leaks)
	}
	if several < 100 {
		t.Fatalf("only %d of 3000 random systems gave FindSome more than one set", several)
	}
	if blocked < 300 {
		t.Fatalf("only %d of 3000 random systems fall into blocks: the generator tests too little of them", blocked)
	}
}

// checkEverySet checks that FindSome, with room for them all, finds every
// disclosed set and says so; and that after a row is withheld, the sets
// found are suspects it checks rightly: all the disclosed sets, when they
// were all known, and otherwise some of them, or a search's.
func checkEverySet(t *testing.T, seed uint64, s System, q Query, rng *rand.Rand) {
	t.Helper()
	setsOf := func(found []*Finding) [][]int {
		var sets [][]int
		for _, f := range found {
			sets = append(sets, f.Cells)
		}
		slices.SortFunc(sets, slices.Compare)
		return sets
	}
	every := bruteForceAll(s, q, 1<<len(s.Weights))
	slices.SortFunc(every, slices.Compare)
	found, all, err := s.FindSome(q, len(every)+1)
	if err != nil || !all || !slices.EqualFunc(setsOf(found), every, slices.Equal) {
		t.Fatalf("seed %d: FindSome found %v (all: %v, %v), brute force %v", seed, setsOf(found), all, err, every)
	}
	if len(s.Rows) < 2 {
		return
	}
	withheld := rng.IntN(len(s.Rows))
	fewer := System{Weights: s.Weights, Rows: slices.Delete(slices.Clone(s.Rows), withheld, withheld+1)}
	left := bruteForceAll(fewer, q, 1<<len(s.Weights))
	slices.SortFunc(left, slices.Compare)
	suspected := q
	suspected.Suspects, suspected.AllKnown = setsOf(found), true
	again, all, err := fewer.FindSome(suspected, len(every)+1)
	if err != nil || !all || !slices.EqualFunc(setsOf(again), left, slices.Equal) {
		t.Fatalf("seed %d: with every set known, FindSome found %v (all: %v, %v) after a row was withheld, brute force %v", seed, setsOf(again), all, err, left)
	}
	suspected.AllKnown = false
	again, _, err = fewer.FindSome(suspected, len(every)+1)
	if err != nil || (len(again) > 0) != (len(left) > 0) {
		t.Fatalf("seed %d: with some sets suspected, FindSome found %v (%v) after a row was withheld, brute force %v", seed, setsOf(again), err, left)
	}
	for _, f := range again {
		if !slices.ContainsFunc(left, func(set []int) bool { return slices.Equal(set, f.Cells) }) {
			t.Fatalf("seed %d: with some sets suspected, FindSome found %v, not disclosed after a row was withheld", seed, f.Cells)
		}
	}
}

// compact renumbers classes 0..n−1.
func compact(cls []int) []int {
	seen := map[int]int{}
	for i, c := range cls {
		if _, ok := seen[c]; !ok {
			seen[c] = len(seen)
		}
		cls[i] = seen[c]
	}
	return cls
}

func bruteForce(s System, q Query) []int {
	if sets := bruteForceAll(s, q, 1); len(sets) > 0 {
		return sets[0]
	}
	return nil
}

// bruteForceAll lists the disclosed sets, up to limit, trying every
// subset of cells.
func bruteForceAll(s System, q Query, limit int) [][]int {
	n := len(s.Weights)
	var sets [][]int
	for mask := 1; mask < 1<<n && len(sets) < limit; mask++ {
		var set []int
		total, ok := 0, true
		for c := range n {
			if mask&(1<<c) == 0 {
				continue
			}
			set = append(set, c)
			total += s.Weights[c]
			if q.Allowed != nil && !q.Allowed[c] {
				ok = false
			}
		}
		if q.Class != nil {
			for a := range n {
				for b := range n {
					if q.Class[a] == q.Class[b] && (mask&(1<<a) == 0) != (mask&(1<<b) == 0) {
						ok = false
					}
				}
			}
		}
		if ok && total >= 1 && total < q.K && inSpan(s, set) {
			sets = append(sets, set)
		}
	}
	return sets
}

// inSpan says whether the set's indicator is a rational combination of the
// rows, by Gaussian elimination on the rows with the indicator appended as
// a last column: it is in the span iff the ranks agree.
func inSpan(s System, set []int) bool {
	n := len(s.Weights)
	matrix := func(withSet bool) [][]*big.Rat {
		var m [][]*big.Rat
		for _, row := range s.Rows {
			v := make([]*big.Rat, n)
			for i := range v {
				v[i] = new(big.Rat)
			}
			for _, c := range row {
				v[c].SetInt64(1)
			}
			m = append(m, v)
		}
		if withSet {
			v := make([]*big.Rat, n)
			for i := range v {
				v[i] = new(big.Rat)
			}
			for _, c := range set {
				v[c].SetInt64(1)
			}
			m = append(m, v)
		}
		return m
	}
	return rank(matrix(false)) == rank(matrix(true))
}

func rank(m [][]*big.Rat) int {
	r := 0
	for col := 0; len(m) > 0 && col < len(m[0]) && r < len(m); col++ {
		pivot := -1
		for i := r; i < len(m); i++ {
			if m[i][col].Sign() != 0 {
				pivot = i
				break
			}
		}
		if pivot < 0 {
			continue
		}
		m[r], m[pivot] = m[pivot], m[r]
		for i := range m {
			if i == r || m[i][col].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Quo(m[i][col], m[r][col])
			for j := range m[i] {
				m[i][j].Sub(m[i][j], new(big.Rat).Mul(f, m[r][j]))
			}
		}
		r++
	}
	return r
}

func TestModularArithmetic(t *testing.T) {
	for _, a := range []uint64{1, 2, 3, 12345, prime - 1, prime - 2, 1 << 60} {
		if got := mul(a, inverse(a)); got != 1 {
			t.Fatalf("%d · %d⁻¹ = %d", a, a, got)
		}
		if add(a, neg(a)) != 0 || sub(a, a) != 0 {
			t.Fatalf("%d: negation or subtraction wrong", a)
		}
	}
	for _, tt := range []struct{ num, den int64 }{{1, 2}, {-3, 7}, {5, 1}, {-1, 1}, {2, 3}} {
		x := mul(toMod(tt.num), inverse(toMod(tt.den)))
		q, ok := reconstruct(x)
		if !ok || q.Cmp(big.NewRat(tt.num, tt.den)) != 0 {
			t.Fatalf("reconstruct(%d/%d) = %v, %v", tt.num, tt.den, q, ok)
		}
	}
}

func toMod(v int64) uint64 {
	if v < 0 {
		return neg(uint64(-v))
	}
	return uint64(v)
}

// first is the first finding of a search, or nil.
func first(found []*Finding, all bool, err error) (*Finding, bool, error) {
	if len(found) == 0 {
		return nil, all, err
	}
	return found[0], all, err
}

func TestSortBySumSortsManyAndFew(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 100, 1 << 12, 50_000} {
		halves := make([]half, n)
		for i := range halves {
			halves[i] = half{sum: rng.Uint64N(prime), index: int32(i)}
		}
		sortBySum(halves)
		if !slices.IsSortedFunc(halves, func(x, y half) int { return cmp.Compare(x.sum, y.sum) }) {
			t.Fatalf("%d halves are not sorted by sum", n)
		}
		seen := make([]bool, n)
		for _, h := range halves {
			seen[h.index] = true
		}
		if slices.Contains(seen, false) {
			t.Fatalf("%d halves sorted lost some", n)
		}
	}
}

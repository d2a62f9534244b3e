// Package disclosure is Sayso's exact disclosure audit: given every count
// ever published about a population, it finds any set of fewer than k
// respondents whose number those counts determine, however they are
// combined. It knows nothing of surveys: the results package describes what
// it publishes as a System and acts on what the audit finds.
//
// The model: respondents fall into cells, the finest groups an insider can
// tell apart (their answers to the segment questions, when they first
// appeared, whether they answered a question...). A cell holds at least one
// respondent: an empty cell is left out, as if the insider knew it empty,
// which only makes the audit stricter. Every published count is the number
// of respondents in a set of cells, one linear equation. A set of cells T is
// determined when its indicator vector lies in the span of the published
// rows, over the rationals: then some combination of published counts equals
// T's count whatever the other cells hold. The audit looks for such a T
// holding 1 to k−1 respondents.
package disclosure

import (
	"errors"
	"maps"
	"math/big"
	mrand "math/rand/v2"
	"slices"
)

// System is what has been published about a population.
type System struct {
	// Weights is how many respondents each cell holds; each at least 1.
	Weights []int
	// Rows are the published counts, each the list of cells it adds up.
	Rows [][]int
}

// Query says which sets count as disclosures.
type Query struct {
	// K is the minimum group size: a determined set of 1 to K−1
	// respondents is a disclosure.
	K int
	// Allowed, when set, says which cells may be in a disclosed set; the
	// others may appear in the published rows but never in the set (the
	// respondents of a shown group who did not answer a question, say).
	Allowed []bool
	// Class, when set, ties cells together: a set takes every cell of a
	// class or none (one person's profile, whether or not they answered).
	Class []int
}

// Finding is a disclosure: a set of cells whose count the published rows
// determine.
type Finding struct {
	Cells       []int
	Respondents int
	// Rows are the published rows one combination giving the set uses.
	Rows []int
	// Essential are those of Rows that every combination giving the set
	// needs: suppressing one of them surely removes it. It may be empty,
	// when the set can be had in several ways.
	Essential []int
}

// ErrTooComplex is returned when the search would take longer than the
// audit allows. The caller must then publish less, never more.
var ErrTooComplex = errors.New("disclosure: the published tables are too intricate to audit in time; suppress more")

// maxNodes bounds the search for one query.
const maxNodes = 4_000_000

// Find returns a disclosure, or nil when there is none.
func (s *System) Find(q Query) (*Finding, error) {
	if q.K < 2 || len(s.Rows) == 0 {
		return nil, nil
	}
	cls := q.Class
	if cls == nil {
		cls = make([]int, len(s.Weights))
		for i := range cls {
			cls[i] = i
		}
	}
	// Coordinates of a candidate set are classes; a class is small when it
	// is allowed and holds fewer than K respondents. A disclosed set is
	// made of small classes only.
	classes := 0
	for _, c := range cls {
		classes = max(classes, c+1)
	}
	weight := make([]int, classes)
	allowed := make([]bool, classes)
	for i := range allowed {
		allowed[i] = true
	}
	members := make([][]int, classes)
	for cell, c := range cls {
		weight[c] += s.Weights[cell]
		members[c] = append(members[c], cell)
		if q.Allowed != nil && !q.Allowed[cell] {
			allowed[c] = false
		}
	}
	small := func(c int) bool { return allowed[c] && weight[c] < q.K }

	// Which rows hold each cell.
	m := len(s.Rows)
	holders := make([][]int, len(s.Weights))
	for r, row := range s.Rows {
		for _, cell := range row {
			holders[cell] = append(holders[cell], r)
		}
	}
	column := func(cell int) []uint64 {
		v := make([]uint64, m)
		for _, r := range holders[cell] {
			v[r] = add(v[r], 1)
		}
		return v
	}

	// A combination c of rows gives a disclosed set only if it is zero on
	// every cell outside small classes and equal on the cells of each
	// class: linear constraints on c. The biggest cells go first, as they
	// pin the most.
	cons := newEchelon(m)
	order := make([]int, len(s.Weights))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return s.Weights[b] - s.Weights[a] })
	stalled, check := 0, 32
	for _, cell := range order {
		if cons.full() {
			return nil, nil
		}
		c := cls[cell]
		var v []uint64
		switch rep := members[c][0]; {
		case !small(c):
			v = column(cell)
		case rep != cell:
			v = column(cell)
			w := column(rep)
			for i := range v {
				v[i] = sub(v[i], w[i])
			}
		default:
			continue
		}
		if cons.add(v) {
			stalled = 0
			continue
		}
		// The rows may depend on one another, so the constraints never
		// reach full rank. When they stop growing, see whether every
		// combination left is such a dependency: then W is empty.
		if stalled++; stalled == check {
			if s.onlyDependencies(cons.nullSpace()) {
				return nil, nil
			}
			stalled, check = 0, 2*check
		}
	}
	if cons.full() {
		return nil, nil
	}

	// The combinations left span W, the published vectors that live on
	// small classes alone. Write each as a vector over those classes.
	var smallClasses []int
	index := make([]int, classes)
	for c := range classes {
		index[c] = -1
		if small(c) {
			index[c] = len(smallClasses)
			smallClasses = append(smallClasses, c)
		}
	}
	combos := cons.nullSpace()
	basis := newEchelon(len(smallClasses) + m)
	for _, z := range combos {
		v := make([]uint64, len(smallClasses)+m)
		for _, c := range smallClasses {
			cell := members[c][0]
			x := uint64(0)
			for _, r := range holders[cell] {
				x = add(x, z[r])
			}
			v[index[c]] = x
		}
		// The combination rides along after the class coordinates, so
		// each basis vector remembers which rows make it.
		copy(v[len(smallClasses):], z)
		basis.add(v)
	}
	// Vectors whose class part is zero are dependencies among the rows:
	// they come last in echelon order and are not sets.
	n := len(smallClasses)
	var vecs [][]uint64
	var pivots []int
	for i, row := range basis.rows {
		if basis.pivots[i] < n {
			vecs = append(vecs, row)
			pivots = append(pivots, basis.pivots[i])
		}
	}
	if len(vecs) == 0 {
		return nil, nil
	}
	classWeight := make([]int, n)
	for i, c := range smallClasses {
		classWeight[i] = weight[c]
	}
	// Fully reduced, each vector is 1 at its own pivot and the others 0
	// there, so a 0/1 vector of W is the sum of the vectors whose pivots
	// it holds.
	(&echelon{dim: len(vecs[0]), rows: vecs, pivots: pivots}).nullSpace()
	// Few vectors: try their combinations. Many: meet in the middle over
	// the classes they touch. Whichever has less to look at.
	var found *candidate
	var err error
	ok := false
	if preferSums(len(vecs), touchedClasses(vecs, n), q.K) {
		found, ok = sumSearch(vecs, pivots, n, classWeight, q.K)
	}
	if !ok {
		found, err = search(vecs, pivots, n, classWeight, q.K)
	}
	if err != nil || found == nil {
		return nil, err
	}
	f := &Finding{}
	for _, i := range found.classes {
		c := smallClasses[i]
		f.Respondents += weight[c]
		f.Cells = append(f.Cells, members[c]...)
	}
	slices.Sort(f.Cells)
	if !s.verify(f.Cells, found.combination[n:]) {
		return nil, ErrTooComplex
	}
	for r, x := range found.combination[n:] {
		if x != 0 {
			f.Rows = append(f.Rows, r)
		}
	}
	f.Essential = s.essential(f.Rows)
	return f, nil
}

// onlyDependencies says whether every combination of rows given adds up to
// zero on every cell.
func (s *System) onlyDependencies(combos [][]uint64) bool {
	total := make([]uint64, len(s.Weights))
	for _, z := range combos {
		clear(total)
		for r, row := range s.Rows {
			if z[r] == 0 {
				continue
			}
			for _, cell := range row {
				total[cell] = add(total[cell], z[r])
			}
		}
		for _, x := range total {
			if x != 0 {
				return false
			}
		}
	}
	return true
}

type candidate struct {
	classes     []int
	combination []uint64
}

// maxHalves bounds the half-sets sumSearch keeps in memory.
const maxHalves = 2_000_000

// sumSearch finds a set by meeting in the middle. A set T is in W exactly
// when its indicator is orthogonal to every vector orthogonal to W, so a
// set in W sums to zero under any such vector h; a set not in W almost
// never does (the chance is one in 2^61), and each hit is checked. Every
// class holds at least one respondent, so a set holds at most k−1 classes:
// it is two halves of at most ⌈(k−1)/2⌉ classes each, found by looking each
// half's sum up among the others'. ok is false when there are too many
// halves; search then does the work.
func sumSearch(vecs [][]uint64, pivots []int, n int, weight []int, k int) (*candidate, bool) {
	isPivot := make([]bool, n)
	for _, p := range pivots {
		isPivot[p] = true
	}
	// h: random on the free coordinates, and at each pivot what makes its
	// vector's sum zero. Only coordinates some vector touches can be in T.
	rng := mrand.New(mrand.NewPCG(0x5a7e, 0x5a50))
	h := make([]uint64, n)
	touched := make([]bool, n)
	for _, v := range vecs {
		for j := range n {
			if v[j] != 0 {
				touched[j] = true
			}
		}
	}
	for j := range n {
		if touched[j] && !isPivot[j] {
			h[j] = rng.Uint64N(prime)
		}
	}
	for t, v := range vecs {
		sum := uint64(0)
		for j := range n {
			if j != pivots[t] && v[j] != 0 {
				sum = add(sum, mul(v[j], h[j]))
			}
		}
		h[pivots[t]] = neg(sum)
	}
	var units []int
	for j := range n {
		if touched[j] && weight[j] < k {
			units = append(units, j)
		}
	}
	type half struct {
		units  []int
		weight int
	}
	halves := map[uint64][]half{}
	count := 0
	check := func(set []int) *candidate {
		in := make(map[int]bool, len(set))
		for _, j := range set {
			in[j] = true
		}
		sum := make([]uint64, len(vecs[0]))
		for t, v := range vecs {
			if in[pivots[t]] {
				for j, x := range v {
					sum[j] = add(sum[j], x)
				}
			}
		}
		for j := range n {
			if (sum[j] == 1) != in[j] || (sum[j] != 0 && sum[j] != 1) {
				return nil
			}
		}
		c := &candidate{classes: slices.Sorted(maps.Keys(in)), combination: sum}
		return c
	}
	var walk func(from int, set []int, total uint64, w int) (*candidate, bool)
	size := k / 2 // ⌈(k−1)/2⌉
	walk = func(from int, set []int, total uint64, w int) (*candidate, bool) {
		if len(set) > 0 {
			if total == 0 {
				if c := check(set); c != nil {
					return c, true
				}
			}
			for _, other := range halves[neg(total)] {
				if w+other.weight < k && !overlaps(set, other.units) {
					if c := check(append(slices.Clone(set), other.units...)); c != nil {
						return c, true
					}
				}
			}
			if count++; count > maxHalves {
				return nil, false
			}
			halves[total] = append(halves[total], half{slices.Clone(set), w})
		}
		if len(set) == size {
			return nil, true
		}
		for i := from; i < len(units); i++ {
			j := units[i]
			if w+weight[j] < k {
				if c, ok := walk(i+1, append(set, j), add(total, h[j]), w+weight[j]); c != nil || !ok {
					return c, ok
				}
			}
		}
		return nil, true
	}
	return walk(0, nil, 0, 0)
}

// preferSums chooses meeting in the middle over trying combinations of W's
// vectors when it has fewer sets to look at. Tests set it to try each.
var preferSums = func(vectors, classes, k int) bool {
	return subsets(vectors, k-1) > subsets(classes, k/2)
}

// subsets counts the subsets of 1 to size of n things, up to a ceiling.
func subsets(n, size int) int {
	total, c := 0, 1
	for i := 1; i <= size && i <= n; i++ {
		c = c * (n - i + 1) / i
		if total += c; total > maxNodes {
			return maxNodes
		}
	}
	return total
}

func touchedClasses(vecs [][]uint64, n int) int {
	count := 0
	for j := range n {
		for _, v := range vecs {
			if v[j] != 0 {
				count++
				break
			}
		}
	}
	return count
}

func overlaps(a, b []int) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// search looks for a 0/1 combination of the reduced basis vectors, at most
// one of each (each has a pivot where the others are zero, so a 0/1 vector
// takes each with coefficient 0 or 1), whose sum is 0 or 1 everywhere and
// holds 1 to k−1 respondents. Vectors that share no coordinate are
// searched apart: a set spanning two such groups splits into two smaller
// sets.
func search(vecs [][]uint64, pivots []int, n int, weight []int, k int) (*candidate, error) {
	parent := make([]int, len(vecs))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	owner := make([]int, n)
	for j := range owner {
		owner[j] = -1
	}
	for i, v := range vecs {
		for j := range n {
			if v[j] == 0 {
				continue
			}
			if owner[j] < 0 {
				owner[j] = i
			} else {
				parent[find(i)] = find(owner[j])
			}
		}
	}
	groups := map[int][]int{}
	for i := range vecs {
		groups[find(i)] = append(groups[find(i)], i)
	}
	roots := make([]int, 0, len(groups))
	for r := range groups {
		roots = append(roots, r)
	}
	slices.Sort(roots)
	nodes := 0
	for _, r := range roots {
		c, err := searchGroup(vecs, pivots, groups[r], n, weight, k, &nodes)
		if c != nil || err != nil {
			return c, err
		}
	}
	return nil, nil
}

func searchGroup(vecs [][]uint64, pivots []int, group []int, n int, weight []int, k int, nodes *int) (*candidate, error) {
	// The coordinates this group touches, and for each the last vector
	// (in search order) touching it: once past it, its value is final.
	var coords []int
	last := map[int]int{}
	nonzero := make([][]int, len(group)) // each vector's non-zero coordinates
	for pos, i := range group {
		for j := range n {
			if vecs[i][j] != 0 {
				if _, seen := last[j]; !seen {
					coords = append(coords, j)
				}
				last[j] = pos
				nonzero[pos] = append(nonzero[pos], j)
			}
		}
	}
	closing := make([][]int, len(group))
	for _, j := range coords {
		closing[last[j]] = append(closing[last[j]], j)
	}
	sum := make([]uint64, n)
	var chosen []int
	var walk func(pos, respondents int) (*candidate, error)
	walk = func(pos, respondents int) (*candidate, error) {
		*nodes++
		if *nodes > maxNodes {
			return nil, ErrTooComplex
		}
		if pos == len(group) {
			if len(chosen) == 0 || respondents < 1 || respondents >= k {
				return nil, nil
			}
			c := &candidate{combination: make([]uint64, len(vecs[0]))}
			for _, i := range chosen {
				for j, x := range vecs[i] {
					c.combination[j] = add(c.combination[j], x)
				}
			}
			for _, j := range coords {
				if sum[j] == 1 {
					c.classes = append(c.classes, j)
				}
			}
			return c, nil
		}
		for _, take := range []bool{false, true} {
			i := group[pos]
			if take {
				if respondents+weight[pivots[i]] >= k {
					continue
				}
				for _, j := range nonzero[pos] {
					sum[j] = add(sum[j], vecs[i][j])
				}
				chosen = append(chosen, i)
			}
			// Coordinates now final must be 0 or 1; those at 1 count.
			extra, ok := 0, true
			for _, j := range closing[pos] {
				switch sum[j] {
				case 0:
				case 1:
					extra += weight[j]
				default:
					ok = false
				}
			}
			if ok && respondents+extra < k {
				if c, err := walk(pos+1, respondents+extra); c != nil || err != nil {
					return c, err
				}
			}
			if take {
				for _, j := range nonzero[pos] {
					sum[j] = sub(sum[j], vecs[i][j])
				}
				chosen = chosen[:len(chosen)-1]
			}
		}
		return nil, nil
	}
	return walk(0, 0)
}

// verify checks, in exact rational arithmetic, that the combination of rows
// found modulo p adds up to the set's indicator. Each coefficient is read
// back as the fraction it stands for (rational reconstruction).
func (s *System) verify(cells []int, combination []uint64) bool {
	coef := make([]*big.Rat, len(combination))
	for r, x := range combination {
		if x == 0 {
			continue
		}
		q, ok := reconstruct(x)
		if !ok {
			return false
		}
		coef[r] = q
	}
	total := make([]*big.Rat, len(s.Weights))
	for r, row := range s.Rows {
		if coef[r] == nil {
			continue
		}
		for _, cell := range row {
			if total[cell] == nil {
				total[cell] = new(big.Rat)
			}
			total[cell].Add(total[cell], coef[r])
		}
	}
	in := make([]bool, len(s.Weights))
	for _, c := range cells {
		in[c] = true
	}
	one := big.NewRat(1, 1)
	for cell, t := range total {
		want := in[cell]
		switch {
		case t == nil && want, t != nil && want && t.Cmp(one) != 0, t != nil && !want && t.Sign() != 0:
			return false
		}
	}
	return true
}

// reconstruct finds the fraction a/b with |a|, b below √(p/2) that is x
// modulo p, by the extended Euclidean algorithm.
func reconstruct(x uint64) (*big.Rat, bool) {
	p := new(big.Int).SetUint64(prime)
	bound := new(big.Int).Sqrt(new(big.Int).Rsh(p, 1))
	r0, r1 := p, new(big.Int).SetUint64(x)
	t0, t1 := big.NewInt(0), big.NewInt(1)
	for r1.Cmp(bound) > 0 {
		q := new(big.Int).Quo(r0, r1)
		r0, r1 = r1, new(big.Int).Sub(r0, new(big.Int).Mul(q, r1))
		t0, t1 = t1, new(big.Int).Sub(t0, new(big.Int).Mul(q, t1))
	}
	if t1.Sign() == 0 || new(big.Int).Abs(t1).Cmp(bound) > 0 {
		return nil, false
	}
	return new(big.Rat).SetFrac(r1, t1), true
}

// essential lists the rows of a combination that every other combination
// giving the same set also needs: those no dependency among the rows
// touches.
func (s *System) essential(used []int) []int {
	m := len(s.Rows)
	holders := make([][]int, len(s.Weights))
	for r, row := range s.Rows {
		for _, cell := range row {
			holders[cell] = append(holders[cell], r)
		}
	}
	cons := newEchelon(m)
	for cell := range s.Weights {
		if cons.full() {
			break
		}
		v := make([]uint64, m)
		for _, r := range holders[cell] {
			v[r] = add(v[r], 1)
		}
		cons.add(v)
	}
	free := make([]bool, m) // touched by some dependency
	for _, z := range cons.nullSpace() {
		for r, x := range z {
			if x != 0 {
				free[r] = true
			}
		}
	}
	var rows []int
	for _, r := range used {
		if !free[r] {
			rows = append(rows, r)
		}
	}
	return rows
}

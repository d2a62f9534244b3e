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
	"cmp"
	"errors"
	"fmt"
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
	// Audited, when set, marks the rows an earlier audit of the same
	// cells found safe together: a block of such rows alone is not
	// searched again.
	Audited []bool
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
	// Suspects are sets of cells an earlier search of the same cells
	// found, before some rows were withheld: those still determined are
	// returned without a search, which is left for when none is.
	Suspects [][]int
	// AllKnown says that the Suspects are every set that earlier search
	// found and that it found them all (see FindSome), and that the rows
	// are those it searched less some withheld. The rows' span has only
	// shrunk since, so no set is determined now that was not then: the
	// suspects still determined are all there are, and none is searched.
	AllKnown bool
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

// FindSome returns up to limit disclosures of different sets (none when
// there is none), so that a caller suppressing one row for each needs
// fewer searches, and whether they are all the disclosed sets there are.
// Every set it returns is determined; it stops looking at limit.
//
// Cells that no row (or class) links are independent: the published rows
// split into blocks on disjoint cells, a set determined by all of them is
// a union of sets each block determines, and a disclosed set that spans
// blocks holds a smaller one within a block. So each block is searched on
// its own, which keeps the search to the size of one block (a publication
// and its predecessors, written as differences, fall apart by when their
// respondents came).
func (s *System) FindSome(q Query, limit int) (found []*Finding, all bool, err error) {
	if q.K < 2 || len(s.Rows) == 0 {
		return nil, true, nil
	}
	blocks := s.blocks(q.Class)
	if s.Audited != nil {
		blocks = slices.DeleteFunc(blocks, func(b block) bool {
			return !slices.ContainsFunc(b.rows, func(r int) bool { return !s.Audited[r] })
		})
	}
	if len(blocks) == 1 && len(blocks[0].rows) == len(s.Rows) {
		return s.find(q, limit)
	}
	all = true
	var blockOf [][]int // by finding: the blocks it spans
	for at, b := range blocks {
		if len(found) == limit {
			return found, false, nil
		}
		sub, subQuery := s.restrict(b, q)
		some, allInBlock, err := sub.find(subQuery, limit-len(found))
		if err != nil {
			return nil, false, err
		}
		for _, f := range some {
			for i, c := range f.Cells {
				f.Cells[i] = b.cells[c]
			}
			for i, r := range f.Rows {
				f.Rows[i] = b.rows[r]
			}
			for i, r := range f.Essential {
				f.Essential[i] = b.rows[r]
			}
		}
		for range some {
			blockOf = append(blockOf, []int{at})
		}
		found, all = append(found, some...), all && allInBlock
	}
	if all {
		found, all = unionsAcrossBlocks(found, blockOf, q.K, limit)
	}
	return found, all, nil
}

// unionsAcrossBlocks adds the unions of findings of different blocks that
// hold fewer than k respondents together, unions of unions included, up to
// limit, and reports whether it added them all. The blocks share no row: a
// union's rows are its parts', and a row every combination giving a part
// needs, every combination giving the union needs.
func unionsAcrossBlocks(found []*Finding, blockOf [][]int, k, limit int) ([]*Finding, bool) {
	seen := map[string]bool{}
	for _, f := range found {
		seen[fmt.Sprint(f.Cells)] = true
	}
	merge := func(a, b []int) []int { return slices.Sorted(slices.Values(append(slices.Clone(a), b...))) }
	for i := 0; i < len(found); i++ {
		for j := range i {
			a, b := found[j], found[i]
			if a.Respondents+b.Respondents >= k || slices.ContainsFunc(blockOf[j], func(x int) bool { return slices.Contains(blockOf[i], x) }) {
				continue
			}
			union := &Finding{Cells: merge(a.Cells, b.Cells), Respondents: a.Respondents + b.Respondents, Rows: merge(a.Rows, b.Rows), Essential: merge(a.Essential, b.Essential)}
			if key := fmt.Sprint(union.Cells); !seen[key] {
				if len(found) == limit {
					return found, false
				}
				seen[key] = true
				found, blockOf = append(found, union), append(blockOf, merge(blockOf[j], blockOf[i]))
			}
		}
	}
	return found, true
}

// block is a set of cells linked by rows or classes, and the rows on them.
type block struct {
	cells, rows []int
}

// blocks splits the system into blocks that share no cell, in order of
// their first cell.
func (s *System) blocks(class []int) []block {
	parent := make([]int, len(s.Weights))
	for i := range parent {
		parent[i] = i
	}
	root := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		if ra, rb := root(a), root(b); ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	for _, row := range s.Rows {
		for _, cell := range row[min(1, len(row)):] {
			union(row[0], cell)
		}
	}
	if class != nil {
		first := map[int]int{}
		for cell, c := range class {
			if f, seen := first[c]; seen {
				union(f, cell)
			} else {
				first[c] = cell
			}
		}
	}
	at := map[int]int{} // root → block index
	var out []block
	for cell := range s.Weights {
		r := root(cell)
		b, ok := at[r]
		if !ok {
			b = len(out)
			at[r] = b
			out = append(out, block{})
		}
		out[b].cells = append(out[b].cells, cell)
	}
	for r, row := range s.Rows {
		if len(row) > 0 {
			b := at[root(row[0])]
			out[b].rows = append(out[b].rows, r)
		}
	}
	// A block no row touches publishes nothing about its cells.
	return slices.DeleteFunc(out, func(b block) bool { return len(b.rows) == 0 })
}

// restrict is the system and query on one block, its cells and rows
// renumbered in order.
func (s *System) restrict(b block, q Query) (*System, Query) {
	index := make(map[int]int, len(b.cells))
	sub := &System{Weights: make([]int, len(b.cells))}
	subQuery := Query{K: q.K, AllKnown: q.AllKnown}
	if q.Allowed != nil {
		subQuery.Allowed = make([]bool, len(b.cells))
	}
	if q.Class != nil {
		subQuery.Class = make([]int, len(b.cells))
	}
	classes := map[int]int{}
	for i, cell := range b.cells {
		index[cell] = i
		sub.Weights[i] = s.Weights[cell]
		if q.Allowed != nil {
			subQuery.Allowed[i] = q.Allowed[cell]
		}
		if q.Class != nil {
			c, seen := classes[q.Class[cell]]
			if !seen {
				c = len(classes)
				classes[q.Class[cell]] = c
			}
			subQuery.Class[i] = c
		}
	}
suspects:
	for _, cells := range q.Suspects {
		mapped := make([]int, len(cells))
		for i, cell := range cells {
			at, ok := index[cell]
			if !ok {
				continue suspects // a set spanning blocks holds a smaller one the search finds
			}
			mapped[i] = at
		}
		subQuery.Suspects = append(subQuery.Suspects, mapped)
	}
	for _, r := range b.rows {
		row := make([]int, len(s.Rows[r]))
		for i, cell := range s.Rows[r] {
			row[i] = index[cell]
		}
		sub.Rows = append(sub.Rows, row)
	}
	return sub, subQuery
}

func (s *System) find(q Query, limit int) ([]*Finding, bool, error) {
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
	members := membersOf(cls, classes)
	for cell, c := range cls {
		weight[c] += s.Weights[cell]
		if q.Allowed != nil && !q.Allowed[cell] {
			allowed[c] = false
		}
	}
	small := func(c int) bool { return allowed[c] && weight[c] < q.K }

	// Which rows hold each cell.
	m := len(s.Rows)
	holders := s.holders()
	// column writes a cell's column, the rows holding it, into v, adding
	// sign times one to each.
	column := func(v []uint64, cell int, sign uint64) {
		for _, r := range holders[cell] {
			v[r] = add(v[r], sign)
		}
	}

	// A combination c of rows gives a disclosed set only if it is zero on
	// every cell outside small classes and equal on the cells of each
	// class: linear constraints on c. Of the many constraints (one per
	// cell) at most one per row adds anything; the echelon's probe tells
	// the others apart at the cost of one product each.
	cons := newProbedEchelon(m, mrand.New(mrand.NewPCG(0x5a7e, 0xc0de)))
	v := make([]uint64, m)
	for cell := range s.Weights {
		if cons.full() {
			return nil, true, nil
		}
		c := cls[cell]
		// A constraint the probe finds orthogonal is almost surely in the
		// span already; were it not, the constraints would allow more
		// combinations than they should, and a set they give would fail
		// its exact check (verify): the audit withholds more, never less.
		var support []int
		switch rep := members[c][0]; {
		case !small(c):
			if cons.probeAt(holders[cell]) != 0 {
				column(v, cell, 1)
				support = holders[cell]
			}
		case rep != cell:
			if cons.probeAt(holders[cell]) != cons.probeAt(holders[rep]) {
				column(v, cell, 1)
				column(v, rep, prime-1)
				support = append(slices.Clone(holders[cell]), holders[rep]...)
			}
		default:
			continue
		}
		// v is left zero when it adds nothing.
		if support != nil && cons.addSparse(v, support) {
			v = make([]uint64, m)
		}
	}
	if cons.full() {
		return nil, true, nil
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
	// A combination's value on a class is its value on the class's first
	// cell; combinations are sparse, so it is added up row by row.
	first := make([]bool, len(s.Weights))
	for _, c := range smallClasses {
		first[members[c][0]] = true
	}
	for _, z := range combos {
		v := make([]uint64, len(smallClasses)+m)
		for r, x := range z {
			if x == 0 {
				continue
			}
			for _, cell := range s.Rows[r] {
				if first[cell] {
					at := index[cls[cell]]
					v[at] = add(v[at], x)
				}
			}
		}
		// The combination rides along after the class coordinates, so
		// each basis vector remembers which rows make it.
		copy(v[len(smallClasses):], z)
		basis.add(v)
	}
	// Vectors whose class part is zero are dependencies among the rows:
	// they come last in echelon order and are not sets. Together they span
	// every dependency (each is zero on every cell, and every dependency
	// meets the constraints), so a row none of them uses is in none: every
	// combination giving a set needs it.
	n := len(smallClasses)
	var vecs [][]uint64
	var pivots []int
	dependent := make([]bool, m)
	for i, row := range basis.rows {
		if basis.pivots[i] < n {
			vecs = append(vecs, row)
			pivots = append(pivots, basis.pivots[i])
			continue
		}
		for r, x := range row[n:] {
			dependent[r] = dependent[r] || x != 0
		}
	}
	if len(vecs) == 0 {
		return nil, true, nil
	}
	classWeight := make([]int, n)
	for i, c := range smallClasses {
		classWeight[i] = weight[c]
	}
	// Fully reduced, each vector is 1 at its own pivot and the others 0
	// there, so a 0/1 vector of W is the sum of the vectors whose pivots
	// it holds.
	// Few vectors: try their combinations. Many: meet in the middle over
	// the classes they touch. Whichever has less to look at.
	col := newCollector(limit)
	for _, cells := range q.Suspects {
		if set, ok := classesOf(cells, cls, members, index); ok {
			if c := fromBasis(vecs, pivots, n, set); c != nil && col.add(c) {
				break
			}
		}
	}
	// complete says whether col holds every set of W, up to its limit.
	complete := q.AllKnown
	if !q.AllKnown && len(col.found) == 0 {
		complete = preferSums(len(vecs), touchedClasses(vecs, n), q.K) && sumSearch(vecs, pivots, n, classWeight, q.K, col)
		if !complete && len(col.found) == 0 {
			err := search(vecs, pivots, n, classWeight, q.K, col)
			if err != nil && len(col.found) == 0 {
				return nil, false, err
			}
			complete = err == nil
		}
		if complete {
			col.addUnions(classWeight, q.K)
		}
	}
	if len(col.found) == 0 {
		return nil, true, nil
	}
	total := make([]int64, len(s.Weights))
	var out []*Finding
	for _, found := range col.found {
		f := &Finding{}
		for _, i := range found.classes {
			c := smallClasses[i]
			f.Respondents += weight[c]
			f.Cells = append(f.Cells, members[c]...)
		}
		slices.Sort(f.Cells)
		if !s.verify(f.Cells, found.combination[n:], total) {
			return nil, false, ErrTooComplex
		}
		for r, x := range found.combination[n:] {
			if x != 0 {
				f.Rows = append(f.Rows, r)
				if !dependent[r] {
					f.Essential = append(f.Essential, r)
				}
			}
		}
		out = append(out, f)
	}
	return out, complete && len(out) < limit, nil
}

// membersOf lists the cells of each class, in order, in one backing array.
func membersOf(cls []int, classes int) [][]int {
	count := make([]int, classes)
	for _, c := range cls {
		count[c]++
	}
	flat := make([]int, len(cls))
	out := make([][]int, classes)
	for c, n := range count {
		out[c], flat = flat[:0:n], flat[n:]
	}
	for cell, c := range cls {
		out[c] = append(out[c], cell)
	}
	return out
}

// holders lists, for each cell, the rows that hold it, in one backing
// array.
func (s *System) holders() [][]int {
	count := make([]int, len(s.Weights))
	total := 0
	for _, row := range s.Rows {
		for _, cell := range row {
			count[cell]++
		}
		total += len(row)
	}
	flat := make([]int, total)
	out := make([][]int, len(s.Weights))
	for cell, n := range count {
		out[cell], flat = flat[:0:n], flat[n:]
	}
	for r, row := range s.Rows {
		for _, cell := range row {
			out[cell] = append(out[cell], r)
		}
	}
	return out
}

// collector keeps the different sets a search finds, up to a limit.
type collector struct {
	limit int
	seen  map[string]bool
	found []*candidate
}

func newCollector(limit int) *collector {
	return &collector{limit: limit, seen: map[string]bool{}}
}

// add keeps c unless the same set was found before, and reports whether
// the search may stop.
func (col *collector) add(c *candidate) bool {
	key := fmt.Sprint(c.classes)
	if !col.seen[key] {
		col.seen[key] = true
		col.found = append(col.found, c)
	}
	return len(col.found) >= col.limit
}

// addUnions adds the unions of sets found that share no class and hold
// fewer than k respondents together, unions of unions included, so that
// the sets found are every set there is: a search finds a set only when
// no part of it is in W on its own (meeting in the middle pairs halves
// whose sums are not zero; searching by groups of vectors keeps to one
// group). Two such sets of W add up to their union, and so do the
// combinations that give them.
func (col *collector) addUnions(weight []int, k int) {
	respondents := func(c *candidate) int {
		total := 0
		for _, j := range c.classes {
			total += weight[j]
		}
		return total
	}
	for i := 0; i < len(col.found) && len(col.found) < col.limit; i++ {
		for j := range i {
			a, b := col.found[j], col.found[i]
			if respondents(a)+respondents(b) >= k || slices.ContainsFunc(a.classes, func(c int) bool {
				_, in := slices.BinarySearch(b.classes, c)
				return in
			}) {
				continue
			}
			union := &candidate{classes: slices.Sorted(slices.Values(append(slices.Clone(a.classes), b.classes...))), combination: make([]uint64, len(a.combination))}
			for x := range union.combination {
				union.combination[x] = add(a.combination[x], b.combination[x])
			}
			if col.add(union) {
				return
			}
		}
	}
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
// it is two halves of at most ⌈(k−1)/2⌉ classes each, whose sums add up
// to zero: the halves are sorted by sum, and walked from both ends at once.
// It reports false when there were too many halves to look at them all.
func sumSearch(vecs [][]uint64, pivots []int, n int, weight []int, k int, col *collector) bool {
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
	// The halves, flat: the units of half i are pool[start[i]:start[i+1]].
	// Halves are many and small; one slice each costs more than the search.
	size := k / 2 // ⌈(k−1)/2⌉
	count := subsets(len(units), size)
	halves := make([]half, 0, min(count, maxHalves))
	pool := make([]int32, 0, min(count, maxHalves)*size)
	start := make([]int32, 1, min(count, maxHalves)+1)
	// walk lists the halves, and checks those that sum to zero on their
	// own; it reports false when the search stops: enough found, or too
	// many halves.
	tooMany := false
	var walk func(from int, set []int, total uint64, w int) bool
	walk = func(from int, set []int, total uint64, w int) bool {
		if len(set) > 0 {
			if total == 0 {
				if c := fromBasis(vecs, pivots, n, set); c != nil && col.add(c) {
					return false
				}
			}
			if len(halves) >= maxHalves {
				tooMany = true
				return false
			}
			halves = append(halves, half{total, int32(len(halves)), int32(w)})
			for _, j := range set {
				pool = append(pool, int32(j))
			}
			start = append(start, int32(len(pool)))
		}
		if len(set) == size {
			return true
		}
		for i := from; i < len(units); i++ {
			j := units[i]
			if w+weight[j] < k && !walk(i+1, append(set, j), add(total, h[j]), w+weight[j]) {
				return false
			}
		}
		return true
	}
	if !walk(0, make([]int, 0, size), 0, 0) {
		return !tooMany
	}
	// Two halves make a set when their sums add up to p (sums of zero were
	// checked alone). Sorted by sum, the partner of a small sum is large:
	// lo climbs while hi falls.
	sortBySum(halves)
	lo, hi := 0, len(halves)-1
	for lo < len(halves) && halves[lo].sum == 0 {
		lo++
	}
	for lo < hi {
		switch total := halves[lo].sum + halves[hi].sum; {
		case total < prime:
			lo++
		case total > prime:
			hi--
		default:
			loEnd, hiStart := lo, hi
			for loEnd < hi && halves[loEnd].sum == halves[lo].sum {
				loEnd++
			}
			for hiStart > lo && halves[hiStart].sum == halves[hi].sum {
				hiStart--
			}
			for _, a := range halves[lo:loEnd] {
				for _, b := range halves[hiStart+1 : hi+1] {
					if int(a.weight+b.weight) >= k {
						continue
					}
					set := pool[start[a.index]:start[a.index+1]]
					other := pool[start[b.index]:start[b.index+1]]
					if overlaps(set, other) {
						continue
					}
					joined := make([]int, 0, len(set)+len(other))
					for _, j := range set {
						joined = append(joined, int(j))
					}
					for _, j := range other {
						joined = append(joined, int(j))
					}
					if c := fromBasis(vecs, pivots, n, joined); c != nil && col.add(c) {
						return true
					}
				}
			}
			lo, hi = loEnd, hiStart
		}
	}
	return true
}

// fromBasis returns the set of classes as a candidate when it lies in W:
// when the vectors of the reduced basis whose pivots it holds add up to it
// (no other combination can, as each vector alone is non-zero at its
// pivot), with the combination of rows that gives it.
func fromBasis(vecs [][]uint64, pivots []int, n int, set []int) *candidate {
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
	return &candidate{classes: slices.Sorted(maps.Keys(in)), combination: sum}
}

// classesOf writes a set of cells as a set of small classes, by their
// place among the small classes (index), when it is one: every cell of
// each class it touches, and only small classes.
func classesOf(cells, cls []int, members [][]int, index []int) ([]int, bool) {
	in := make(map[int]bool, len(cells))
	for _, cell := range cells {
		in[cell] = true
	}
	var set []int
	seen := map[int]bool{}
	for _, cell := range cells {
		c := cls[cell]
		if index[c] < 0 {
			return nil, false
		}
		if seen[c] {
			continue
		}
		seen[c] = true
		for _, m := range members[c] {
			if !in[m] {
				return nil, false
			}
		}
		set = append(set, index[c])
	}
	return set, true
}

// half is a set of classes meeting in the middle looks at: its sum under
// h, its place in the list of halves, and the respondents it holds.
type half struct {
	sum    uint64
	index  int32
	weight int32
}

// sortBySum sorts halves by sum, 16 bits at a time from the lowest: a
// radix sort, as the halves are many and comparing them cost most of the
// search. Four passes leave them where they were given. A few are sorted
// by comparing.
func sortBySum(halves []half) {
	if len(halves) < 1<<12 {
		slices.SortFunc(halves, func(x, y half) int { return cmp.Compare(x.sum, y.sum) })
		return
	}
	from, to := halves, make([]half, len(halves))
	count := make([]int, 1<<16)
	for shift := 0; shift < 64; shift += 16 {
		clear(count)
		for _, x := range from {
			count[x.sum>>shift&0xffff]++
		}
		at := 0
		for d, c := range count {
			count[d], at = at, at+c
		}
		for _, x := range from {
			d := x.sum >> shift & 0xffff
			to[count[d]] = x
			count[d]++
		}
		from, to = to, from
	}
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

func overlaps(a, b []int32) bool {
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
func search(vecs [][]uint64, pivots []int, n int, weight []int, k int, col *collector) error {
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
		if stop, err := searchGroup(vecs, pivots, groups[r], n, weight, k, &nodes, col); stop || err != nil {
			return err
		}
	}
	return nil
}

// searchGroup reports whether the search may stop: enough found.
func searchGroup(vecs [][]uint64, pivots []int, group []int, n int, weight []int, k int, nodes *int, col *collector) (bool, error) {
	// The coordinates this group touches, and for each the last vector
	// (in search order) touching it: once past it, its value is final.
	var coords []int
	last := map[int]int{}
	for pos, i := range group {
		for j := range n {
			if vecs[i][j] != 0 {
				if _, seen := last[j]; !seen {
					coords = append(coords, j)
				}
				last[j] = pos
			}
		}
	}
	closing := make([][]int, len(group))
	for _, j := range coords {
		closing[last[j]] = append(closing[last[j]], j)
	}
	// A set holds fewer than k classes, so fewer than k vectors are ever
	// chosen: a coordinate's sum is added up when it is final, from the
	// few chosen, rather than kept up to date over every coordinate a
	// chosen vector touches.
	var chosen []int
	sumAt := func(j int) uint64 {
		sum := uint64(0)
		for _, i := range chosen {
			sum = add(sum, vecs[i][j])
		}
		return sum
	}
	var walk func(pos, respondents int) (bool, error)
	walk = func(pos, respondents int) (bool, error) {
		*nodes++
		if *nodes > maxNodes {
			return false, ErrTooComplex
		}
		if pos == len(group) {
			if len(chosen) == 0 || respondents < 1 || respondents >= k {
				return false, nil
			}
			c := &candidate{combination: make([]uint64, len(vecs[0]))}
			for _, i := range chosen {
				for j, x := range vecs[i] {
					c.combination[j] = add(c.combination[j], x)
				}
			}
			for _, j := range coords {
				if c.combination[j] == 1 {
					c.classes = append(c.classes, j)
				}
			}
			slices.Sort(c.classes)
			return col.add(c), nil
		}
		for _, take := range []bool{false, true} {
			i := group[pos]
			if take {
				if respondents+weight[pivots[i]] >= k {
					continue
				}
				chosen = append(chosen, i)
			}
			// Coordinates now final must be 0 or 1; those at 1 count.
			extra, ok := 0, true
			if len(chosen) > 0 {
				for _, j := range closing[pos] {
					switch sumAt(j) {
					case 0:
					case 1:
						extra += weight[j]
					default:
						ok = false
					}
					if !ok {
						break
					}
				}
			}
			if ok && respondents+extra < k {
				if stop, err := walk(pos+1, respondents+extra); stop || err != nil {
					return stop, err
				}
			}
			if take {
				chosen = chosen[:len(chosen)-1]
			}
		}
		return false, nil
	}
	return walk(0, 0)
}

// verify checks, exactly, that the combination of rows found modulo p adds
// up to the set's indicator. Each coefficient is read back as the fraction
// it stands for (rational reconstruction), and all are brought to a common
// denominator d: the check is then that the integer coefficients add up to
// d on the set's cells and to 0 elsewhere. Every partial sum is bounded by
// d plus the sum of the coefficients' sizes, so when that bound fits in 62
// bits the sums are exact in int64; a combination beyond it is too
// intricate to check, and counts as not verified.
func (s *System) verify(cells []int, combination []uint64, total []int64) bool {
	fractions := map[int]*big.Rat{}
	den := big.NewInt(1)
	for r, x := range combination {
		if x == 0 {
			continue
		}
		q, ok := reconstruct(x)
		if !ok {
			return false
		}
		fractions[r] = q
		gcd := new(big.Int).GCD(nil, nil, den, q.Denom())
		den.Mul(den, new(big.Int).Quo(q.Denom(), gcd))
	}
	bound := new(big.Int).Set(den)
	coef := make(map[int]int64, len(fractions))
	for r, q := range fractions {
		c := new(big.Int).Mul(q.Num(), new(big.Int).Quo(den, q.Denom()))
		if bound.Add(bound, new(big.Int).Abs(c)); bound.BitLen() > 62 {
			return false
		}
		coef[r] = c.Int64()
	}
	// total is zero on entry and is left so: only the set's cells and the
	// cells of the rows used are touched, and they are cleared after.
	touched := slices.Clone(cells)
	for _, c := range cells {
		total[c] -= den.Int64()
	}
	for r, c := range coef {
		for _, cell := range s.Rows[r] {
			total[cell] += c
		}
		touched = append(touched, s.Rows[r]...)
	}
	ok := true
	for _, cell := range touched {
		ok = ok && total[cell] == 0
		total[cell] = 0
	}
	return ok
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

package disclosure

import mrand "math/rand/v2"

// echelon keeps vectors of a fixed length in reduced row echelon form: each
// kept vector is 1 at its pivot, its first non-zero entry, and every kept
// vector is 0 at the others' pivots. A new vector is then reduced by
// subtracting, for each pivot where it is non-zero, that pivot's vector
// once: the others are 0 there, so no subtraction undoes another. Sparse
// vectors (a cell's column, say) cost only the pivots they touch.
type echelon struct {
	dim    int
	rows   [][]uint64
	pivots []int
	rowAt  []int // by column: the row whose pivot it is, or −1
	// probe, when set, is a random vector orthogonal to every kept row
	// (see newProbedEchelon).
	probe []uint64
}

func newEchelon(dim int) *echelon {
	rowAt := make([]int, dim)
	for i := range rowAt {
		rowAt[i] = -1
	}
	return &echelon{dim: dim, rowAt: rowAt}
}

// newProbedEchelon is an echelon that keeps a probe: a random vector of
// the space orthogonal to its rows, moved back into that space as each row
// is added. A vector in the rows' span is orthogonal to the probe; one
// outside it is not, but for one chance in p (the probe is uniform over a
// space the vector is not orthogonal to). So one product tells apart most
// vectors that would add nothing, without reducing them (see probeAt).
func newProbedEchelon(dim int, rng *mrand.Rand) *echelon {
	e := newEchelon(dim)
	e.probe = make([]uint64, dim)
	for j := range e.probe {
		e.probe[j] = rng.Uint64N(prime)
	}
	return e
}

// probeAt is the product of the probe with a vector that is one at the
// given coordinates and zero elsewhere.
func (e *echelon) probeAt(coordinates []int) uint64 {
	sum := uint64(0)
	for _, j := range coordinates {
		sum = add(sum, e.probe[j])
	}
	return sum
}

func (e *echelon) full() bool { return len(e.rows) == e.dim }

// add keeps what v adds to the span, and reports whether it added anything.
// v is taken over by the echelon when it adds something; otherwise it is
// left zero, and the caller may reuse it.
func (e *echelon) add(v []uint64) bool { return e.addSparse(v, e.pivots) }

// addSparse is add for a v that is zero outside support: only the pivots
// among those columns need subtracting.
func (e *echelon) addSparse(v []uint64, support []int) bool {
	for _, p := range support {
		if i := e.rowAt[p]; i >= 0 && v[p] != 0 {
			subtract(v, e.rows[i], v[p], p)
		}
	}
	return e.keep(v)
}

// subtract sets x to x − f·y, from column from on (y is zero before it).
func subtract(x, y []uint64, f uint64, from int) {
	for j := from; j < len(y); j++ {
		if y[j] != 0 {
			x[j] = sub(x[j], mul(f, y[j]))
		}
	}
}

// keep adds a reduced v, zero at every pivot, when it is not zero.
func (e *echelon) keep(v []uint64) bool {
	p := -1
	for j, x := range v {
		if x != 0 {
			p = j
			break
		}
	}
	if p < 0 {
		return false
	}
	if v[p] != 1 {
		f := inverse(v[p])
		for j := p; j < e.dim; j++ {
			v[j] = mul(v[j], f)
		}
	}
	if e.probe != nil {
		e.moveProbe(v, p)
	}
	// Clear the new pivot from the rows kept before, so that every row
	// stays zero at every other row's pivot.
	for _, row := range e.rows {
		if row[p] != 0 {
			subtract(row, v, row[p], p)
		}
	}
	e.rowAt[p] = len(e.rows)
	e.rows = append(e.rows, v)
	e.pivots = append(e.pivots, p)
	return true
}

// nullSpace returns a basis of the vectors orthogonal to every kept row:
// one for each column that is no row's pivot.
func (e *echelon) nullSpace() [][]uint64 {
	isPivot := make([]bool, e.dim)
	for _, p := range e.pivots {
		isPivot[p] = true
	}
	var basis [][]uint64
	for free := range e.dim {
		if isPivot[free] {
			continue
		}
		z := make([]uint64, e.dim)
		z[free] = 1
		for i, row := range e.rows {
			z[e.pivots[i]] = neg(row[free])
		}
		basis = append(basis, z)
	}
	return basis
}

// moveProbe keeps the probe orthogonal to the rows as v, reduced and one
// at its new pivot p, joins them. The vector z that is one at p, minus
// each row's entry at p at that row's pivot, and zero elsewhere is
// orthogonal to every row kept and has product one with v: the probe less
// its product with v times z is orthogonal to all of them, and as random
// over the smaller space as the probe was over the larger.
func (e *echelon) moveProbe(v []uint64, p int) {
	t := uint64(0)
	for j := p; j < e.dim; j++ {
		if v[j] != 0 {
			t = add(t, mul(v[j], e.probe[j]))
		}
	}
	if t == 0 {
		return
	}
	e.probe[p] = sub(e.probe[p], t)
	for i, row := range e.rows {
		if row[p] != 0 {
			e.probe[e.pivots[i]] = add(e.probe[e.pivots[i]], mul(t, row[p]))
		}
	}
}

package disclosure

// echelon keeps vectors of a fixed length in reduced form: each new vector
// is reduced against those kept, and kept when something remains, scaled so
// that its first non-zero entry (its pivot) is 1.
type echelon struct {
	dim    int
	rows   [][]uint64
	pivots []int
}

func newEchelon(dim int) *echelon { return &echelon{dim: dim} }

func (e *echelon) full() bool { return len(e.rows) == e.dim }

// reduce subtracts the kept rows from v in place. Each kept row is zero at
// the pivots of the rows kept before it, so one pass leaves v zero at every
// pivot.
func (e *echelon) reduce(v []uint64) {
	for i, row := range e.rows {
		p := e.pivots[i]
		f := v[p]
		if f == 0 {
			continue
		}
		for j := p; j < e.dim; j++ {
			if row[j] != 0 {
				v[j] = sub(v[j], mul(f, row[j]))
			}
		}
	}
}

// add keeps what v adds to the span, and reports whether it added anything.
// v is taken over by the echelon.
func (e *echelon) add(v []uint64) bool {
	e.reduce(v)
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
	e.rows = append(e.rows, v)
	e.pivots = append(e.pivots, p)
	return true
}

// nullSpace returns a basis of the vectors orthogonal to every kept row:
// one for each column that is no row's pivot.
func (e *echelon) nullSpace() [][]uint64 {
	// Make the kept rows fully reduced: zero at every other row's pivot.
	for i := len(e.rows) - 1; i >= 0; i-- {
		p := e.pivots[i]
		for j := range i {
			row := e.rows[j]
			if f := row[p]; f != 0 {
				for c := p; c < e.dim; c++ {
					if e.rows[i][c] != 0 {
						row[c] = sub(row[c], mul(f, e.rows[i][c]))
					}
				}
			}
		}
	}
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

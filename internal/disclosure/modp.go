package disclosure

import "math/bits"

// The audit's linear algebra is done modulo the Mersenne prime 2^61 − 1:
// exact, fast, and with no growth of numbers. A combination over the
// rationals is lost modulo p only when p divides a determinant of the
// system, which for tables of counts means never in practice (see
// docs/anonymity.md); a set found is checked again in exact rational
// arithmetic before it is reported.
const prime = 1<<61 - 1

func add(a, b uint64) uint64 {
	s := a + b
	if s >= prime {
		s -= prime
	}
	return s
}

func sub(a, b uint64) uint64 {
	if a >= b {
		return a - b
	}
	return a + prime - b
}

func mul(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	// a·b = hi·2^64 + lo, and 2^61 ≡ 1, so 2^64 ≡ 8.
	s := (hi<<3 | lo>>61) + lo&prime
	for s >= prime {
		s -= prime
	}
	return s
}

// inverse is a^(p−2), by Fermat; a must not be 0.
func inverse(a uint64) uint64 {
	result, base, e := uint64(1), a, uint64(prime-2)
	for e > 0 {
		if e&1 == 1 {
			result = mul(result, base)
		}
		base = mul(base, base)
		e >>= 1
	}
	return result
}

func neg(a uint64) uint64 {
	if a == 0 {
		return 0
	}
	return prime - a
}

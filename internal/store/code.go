package store

import (
	"crypto/rand"
	"crypto/sha256"
	"strings"
)

// Codes are written in Crockford's base 32: no I, L, O or U, so a code read
// aloud or typed from paper is hard to get wrong.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// Invitation codes carry 60 random bits (12 characters); the shared link
// code 100 (20 characters). Neither can be guessed within any wave's life.
const (
	invitationCodeLength = 12
	linkCodeLength       = 20
)

func newCode(length int) string {
	random := make([]byte, length)
	rand.Read(random) // never fails: crypto/rand crashes the program rather than return weak bytes
	var b strings.Builder
	for i, r := range random {
		if i > 0 && i%4 == 0 && length == invitationCodeLength {
			b.WriteByte('-')
		}
		b.WriteByte(codeAlphabet[r&31])
	}
	return b.String()
}

// normaliseCode reads a code as people type it: any case, with or without
// hyphens and spaces, and with the letters base 32 leaves out read as the
// digits they look like.
func normaliseCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		switch r {
		case '-', ' ':
		case 'O':
			b.WriteByte('0')
		case 'I', 'L':
			b.WriteByte('1')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hashCode is how an invitation code is stored: the codes are random
// enough that a plain SHA-256 cannot be reversed by guessing.
func hashCode(code string) []byte {
	sum := sha256.Sum256([]byte("sayso invitation code\x00" + normaliseCode(code)))
	return sum[:]
}

// Package progress seals a respondent's unfinished answers so that only the
// respondent can read them. The respondent holds a random secret (in a
// cookie, and in a resume link if they keep one); the server derives from
// it an id to file the sealed answers under and, separately, the key that
// seals them. The server stores only the id and the ciphertext: neither
// gives back the secret, so whoever holds the database cannot open them.
package progress

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"strings"
)

// secretBytes is the secret's size: 120 random bits, written as 24
// characters of Crockford's base 32, far beyond guessing even offline.
const secretBytes = 15

// alphabet is Crockford's base 32: no I, L, O or U, so a resume code read
// from paper is hard to get wrong.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// Secret is what the respondent holds.
type Secret [secretBytes]byte

// ErrBadSecret is a secret that is not 24 characters of the alphabet.
var ErrBadSecret = errors.New("not a resume code")

// ErrCannotOpen is sealed answers that this secret did not seal, or that
// were changed.
var ErrCannotOpen = errors.New("the saved answers cannot be opened with this code")

// NewSecret makes a random secret.
func NewSecret() Secret {
	var s Secret
	rand.Read(s[:]) // never fails: crypto/rand crashes the program rather than return weak bytes
	return s
}

// String writes the secret in groups of four characters.
func (s Secret) String() string {
	var b strings.Builder
	var acc uint64
	bits := 0
	n := 0
	for _, c := range s {
		acc = acc<<8 | uint64(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			if n > 0 && n%4 == 0 {
				b.WriteByte('-')
			}
			b.WriteByte(alphabet[(acc>>bits)&31])
			n++
		}
	}
	return b.String()
}

// ParseSecret reads a secret as people type it: any case, with or without
// hyphens and spaces, and with the letters base 32 leaves out read as the
// digits they look like.
func ParseSecret(text string) (Secret, error) {
	var s Secret
	var acc uint64
	bits, n, chars := 0, 0, 0
	for _, r := range strings.ToUpper(text) {
		switch r {
		case '-', ' ':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		i := strings.IndexRune(alphabet, r)
		if i < 0 || chars >= secretBytes*8/5 {
			return Secret{}, ErrBadSecret
		}
		chars++
		acc = acc<<5 | uint64(i)
		bits += 5
		if bits >= 8 {
			bits -= 8
			s[n] = byte(acc >> bits)
			n++
		}
	}
	if n != secretBytes {
		return Secret{}, ErrBadSecret
	}
	return s, nil
}

// ID is what the sealed answers are filed under: a one-way hash of the
// secret, which says nothing of the key.
func (s Secret) ID() []byte {
	sum := sha256.Sum256(append([]byte("sayso progress id\x00"), s[:]...))
	return sum[:16]
}

// aead is AES-256-GCM under the key HKDF-SHA-256 derives from the secret.
func (s Secret) aead() (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, s[:], nil, "sayso progress key", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// minPadded is the smallest sealed size. Plain text is padded to a power
// of two from here, so the length of the ciphertext says nothing of which
// answers were given: at most that long comments were written.
const minPadded = 16 << 10

// Seal encrypts plain with AES-256-GCM under the secret's key, bound to
// its id, with a fresh random nonce each time.
func (s Secret) Seal(plain []byte) ([]byte, error) {
	size := minPadded
	for size < len(plain)+4 {
		size *= 2
	}
	padded := make([]byte, size)
	binary.BigEndian.PutUint32(padded, uint32(len(plain)))
	copy(padded[4:], plain)
	gcm, err := s.aead()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize(), gcm.NonceSize()+size+gcm.Overhead())
	rand.Read(nonce)
	return gcm.Seal(nonce, nonce, padded, s.ID()), nil
}

// Open decrypts what Seal sealed with the same secret.
func (s Secret) Open(sealed []byte) ([]byte, error) {
	gcm, err := s.aead()
	if err != nil {
		return nil, err
	}
	if len(sealed) < gcm.NonceSize() {
		return nil, ErrCannotOpen
	}
	padded, err := gcm.Open(nil, sealed[:gcm.NonceSize()], sealed[gcm.NonceSize():], s.ID())
	if err != nil || len(padded) < 4 {
		return nil, ErrCannotOpen
	}
	n := binary.BigEndian.Uint32(padded)
	if uint64(n) > uint64(len(padded)-4) {
		return nil, ErrCannotOpen
	}
	return padded[4 : 4+n], nil
}

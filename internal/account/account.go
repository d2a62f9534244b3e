// Package account is who may read results: accounts with a role, their
// passwords and their API tokens. Respondents never have accounts.
package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/mail"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/sayso/sayso/internal/survey"
)

// Role says what an account may do. Both roles read results.
type Role string

const (
	Viewer Role = "viewer" // reads results
	Admin  Role = "admin"  // also runs waves and manages accounts
)

// Account is a person who may sign in.
type Account struct {
	ID        int64
	Email     string
	Role      Role
	CreatedAt string
}

// Password lengths: bcrypt reads at most 72 bytes, and a short password is
// guessed too easily.
const (
	MinPasswordLength = 12
	MaxPasswordBytes  = 72
)

// bcryptCost is the work factor: about a quarter of a second a hash here,
// slow for a guesser and fine for a sign-in.
const bcryptCost = 12

// ParseRole reads a role as typed.
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.ToLower(strings.TrimSpace(s))); r {
	case Viewer, Admin:
		return r, nil
	}
	return "", survey.Errorf(survey.ErrInvalid, "role must be admin or viewer, not %q", s)
}

// NormaliseEmail checks an address and returns it in the one form it is
// stored and looked up in.
func NormaliseEmail(s string) (string, error) {
	addr, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil || addr.Name != "" || !strings.Contains(addr.Address, "@") || len(addr.Address) > 254 {
		return "", survey.Errorf(survey.ErrInvalid, "%q is not an email address", s)
	}
	return strings.ToLower(addr.Address), nil
}

// HashPassword checks a new password and hashes it with bcrypt.
func HashPassword(password string) (string, error) {
	switch {
	case !utf8.ValidString(password):
		return "", survey.Errorf(survey.ErrInvalid, "the password is not valid text")
	case utf8.RuneCountInString(password) < MinPasswordLength:
		return "", survey.Errorf(survey.ErrInvalid, "the password must be at least %d characters", MinPasswordLength)
	case len(password) > MaxPasswordBytes:
		return "", survey.Errorf(survey.ErrInvalid, "the password must be at most %d bytes", MaxPasswordBytes)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	return string(hash), err
}

// CheckPassword reports whether a password matches its hash.
func CheckPassword(hash, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// tokenPrefix marks Sayso tokens, so one pasted in the wrong place is
// recognisable (and findable by secret scanners).
const tokenPrefix = "sayso_"

// NewToken makes an API token: 256 random bits. It is shown once; only
// HashToken of it is stored.
func NewToken() string {
	random := make([]byte, 32)
	rand.Read(random) // never fails
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(random)
}

// errNotToken is returned for strings that cannot be tokens.
var errNotToken = errors.New("not a Sayso token")

// HashToken is how a token is stored and looked up. The token is random
// enough that SHA-256 needs no salt or stretching.
func HashToken(token string) ([]byte, error) {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) != len(tokenPrefix)+43 {
		return nil, errNotToken
	}
	sum := sha256.Sum256([]byte(token))
	return sum[:], nil
}

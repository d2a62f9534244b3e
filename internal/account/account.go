// Package account is who may read results: accounts with a role, their
// passwords and their API tokens. Respondents never have accounts.
package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode"
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
	// Disabled accounts cannot sign in or use a token until re-enabled.
	Disabled bool
}

// State says in a word whether an account may sign in.
func (a *Account) State() string {
	if a.Disabled {
		return "disabled"
	}
	return "active"
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

// HashPassword checks a new password against CheckNewPassword and hashes
// it with bcrypt.
func HashPassword(password string) (string, error) {
	if err := CheckNewPassword(password); err != nil {
		return "", err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	return string(hash), err
}

// CheckNewPassword is the one rule for a new password, wherever it is
// set: long enough to resist guessing, short enough for bcrypt, not made
// of blanks alone, and not one of the passwords guessers try first.
func CheckNewPassword(password string) error {
	switch {
	case !utf8.ValidString(password):
		return survey.Errorf(survey.ErrInvalid, "The password is not valid text")
	case utf8.RuneCountInString(password) < MinPasswordLength:
		return survey.Errorf(survey.ErrInvalid, "The password must be at least %d characters", MinPasswordLength)
	case len(password) > MaxPasswordBytes:
		return survey.Errorf(survey.ErrInvalid, "The password must be at most %d bytes", MaxPasswordBytes)
	case onlyBlank(password):
		return survey.Errorf(survey.ErrInvalid, "The password must not be only spaces or invisible characters")
	case isCommon(password):
		return survey.Errorf(survey.ErrInvalid, "The password is one of the most common passwords, which are tried first: choose another")
	}
	return nil
}

// onlyBlank reports whether a password has nothing a person can see:
// spaces, control characters, or invisible formatting such as zero-width
// spaces.
func onlyBlank(password string) bool {
	for _, r := range password {
		if !unicode.IsSpace(r) && !unicode.IsControl(r) && !unicode.Is(unicode.Cf, r) {
			return false
		}
	}
	return true
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

// Token is an API token as listed: never its secret, which is shown once
// when it is made.
type Token struct {
	ID         int64
	Email      string // of the account it belongs to
	CreatedAt  string
	LastUsedAt string // "" when never used
	ExpiresAt  string
}

// Expired reports whether a token's time has passed at now.
func (t *Token) Expired(now time.Time) bool {
	expires, err := time.Parse(time.RFC3339, t.ExpiresAt)
	return err != nil || !now.Before(expires)
}

// Token lifetimes: a token that leaks stops working on its own within
// DefaultTokenDays unless asked for longer, and never lasts past
// MaxTokenDays.
const (
	DefaultTokenDays = 90
	MaxTokenDays     = 365
)

// ParseTokenLifetime reads how long a token lasts, as a number of days
// such as "90d" or "30d".
func ParseTokenLifetime(s string) (time.Duration, error) {
	days, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), "d"))
	if err != nil || !strings.HasSuffix(strings.TrimSpace(s), "d") || days < 1 || days > MaxTokenDays {
		return 0, survey.Errorf(survey.ErrInvalid, "a token lasts 1d to %dd (days), not %q", MaxTokenDays, s)
	}
	return time.Duration(days) * 24 * time.Hour, nil
}

// Package account is who may read results: accounts with a role, their
// passwords and their API tokens. Respondents never have accounts.
package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
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

// The fields an account's faults are keyed by: the admin form's names,
// and what the command line's flags set.
const (
	FieldEmail    = "email"
	FieldRole     = "role"
	FieldPassword = "password"
)

// NewAccount is an account as an admin asks for it, on the Accounts page
// or with `sayso user add`.
type NewAccount struct {
	Email, Role, Password string
}

// Validate is the one rule for a new account: an email address, a role
// and a password that CheckNewPassword takes. Every fault is keyed by its
// field, in the form's order, in one survey.Invalid error; without one,
// it returns the email as stored, the role and the password's hash.
func (n NewAccount) Validate() (string, Role, PasswordHash, error) {
	var faults []survey.FieldError
	email, err := NormaliseEmail(n.Email)
	faults = append(faults, survey.Fields(err)...)
	role, err := ParseRole(n.Role)
	faults = append(faults, survey.Fields(err)...)
	faults = append(faults, survey.Fields(CheckNewPassword(n.Password))...)
	if err := survey.Invalid(faults); err != nil {
		return "", "", PasswordHash{}, err
	}
	hash, err := HashPassword(n.Password)
	return email, role, hash, err
}

// ParseRole reads a role as typed.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if r.Validate() != nil {
		return "", roleFault(s)
	}
	return r, nil
}

// Validate refuses a role that is neither admin nor viewer.
func (r Role) Validate() error {
	if r != Viewer && r != Admin {
		return roleFault(string(r))
	}
	return nil
}

// roleFault refuses a role, quoted as it was typed.
func roleFault(typed string) error {
	return survey.Invalid([]survey.FieldError{{Field: FieldRole, Message: fmt.Sprintf("The role must be admin or viewer, not %q", typed)}})
}

// NormaliseEmail checks an address and returns it in the one form it is
// stored and looked up in.
func NormaliseEmail(s string) (string, error) {
	addr, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil || addr.Name != "" || !strings.Contains(addr.Address, "@") || len(addr.Address) > 254 {
		return "", survey.Invalid([]survey.FieldError{{Field: FieldEmail, Message: fmt.Sprintf("%q is not an email address: enter one in the correct format, like name@example.org", s)}})
	}
	return strings.ToLower(addr.Address), nil
}

// CheckStored is the rule the store holds an account to as it writes
// it: an email address in the one form NormaliseEmail gives (which every
// lookup uses), a known role and a hash HashPassword made. Faults are keyed
// by field.
func CheckStored(email string, role Role, hash PasswordHash) error {
	var faults []survey.FieldError
	faults = append(faults, survey.Fields(checkStoredEmail(email))...)
	faults = append(faults, survey.Fields(role.Validate())...)
	faults = append(faults, survey.Fields(hash.Validate())...)
	return survey.Invalid(faults)
}

func checkStoredEmail(email string) error {
	normalised, err := NormaliseEmail(email)
	if err == nil && normalised != email {
		return survey.Invalid([]survey.FieldError{{Field: FieldEmail, Message: fmt.Sprintf("%q is not an email address as it is stored: write it as %s", email, normalised)}})
	}
	return err
}

// PasswordHash is a new password's bcrypt hash. Its field is unexported:
// only HashPassword makes one, after CheckNewPassword took the password,
// so whatever stores a PasswordHash knows the rule was applied.
type PasswordHash struct {
	hash string
}

// Stored is the hash as it is kept.
func (h PasswordHash) Stored() string { return h.hash }

// Validate refuses a PasswordHash that HashPassword did not make.
func (h PasswordHash) Validate() error {
	if h.hash == "" {
		return survey.Invalid([]survey.FieldError{{Field: FieldPassword, Message: "Enter a password"}})
	}
	return nil
}

// HashPassword checks a new password against CheckNewPassword and hashes
// it with bcrypt.
func HashPassword(password string) (PasswordHash, error) {
	if err := CheckNewPassword(password); err != nil {
		return PasswordHash{}, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	return PasswordHash{string(hash)}, err
}

// CheckNewPassword is the one rule for a new password, wherever it is
// set: long enough to resist guessing, short enough for bcrypt, not made
// of blanks alone, and not one of the passwords guessers try first. Its
// fault is keyed by FieldPassword.
func CheckNewPassword(password string) error {
	refuse := func(format string, args ...any) error {
		return survey.Invalid([]survey.FieldError{{Field: FieldPassword, Message: fmt.Sprintf(format, args...)}})
	}
	switch {
	case !utf8.ValidString(password):
		return refuse("The password is not valid text")
	case utf8.RuneCountInString(password) < MinPasswordLength:
		return refuse("The password must be at least %d characters", MinPasswordLength)
	case len(password) > MaxPasswordBytes:
		return refuse("The password must be at most %d bytes", MaxPasswordBytes)
	case onlyBlank(password):
		return refuse("The password must not be only spaces or invisible characters")
	case isCommon(password):
		return refuse("The password is one of the most common passwords, which are tried first: choose another")
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

package account

import (
	"strings"
	"testing"
	"time"

	"github.com/sayso/sayso/internal/survey"
)

func TestNormaliseEmail(t *testing.T) {
	for in, want := range map[string]string{
		"PSW@Council.gov.uk":    "psw@council.gov.uk",
		"  a.b@example.org ":    "a.b@example.org",
		"not an email":          "",
		"Ann <ann@example.org>": "",
		"":                      "",
		"@example.org":          "",
	} {
		got, err := NormaliseEmail(in)
		if got != want || (want == "" && survey.Code(err) != survey.ErrInvalid) {
			t.Errorf("NormaliseEmail(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestParseRole(t *testing.T) {
	for in, want := range map[string]Role{"admin": Admin, " Viewer ": Viewer, "owner": "", "": ""} {
		got, err := ParseRole(in)
		if got != want || (want == "" && err == nil) {
			t.Errorf("ParseRole(%q) = %q, %v", in, got, err)
		}
	}
}

func TestPasswords(t *testing.T) {
	hash, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash.Stored(), "$2a$12$") || strings.Contains(hash.Stored(), "horse") {
		t.Errorf("hash %q", hash.Stored())
	}
	if !CheckPassword(hash.Stored(), "correct horse battery") || CheckPassword(hash.Stored(), "correct horse batterY") || CheckPassword("garbage", "x") {
		t.Error("CheckPassword does not tell right from wrong")
	}
}

func TestNewPasswordRule(t *testing.T) {
	for _, c := range []struct {
		name, password, refusal string // refusal "" for a password taken
	}{
		{"a passphrase", "correct horse battery", ""},
		{"spaces inside words", "  tea at four, not three  ", ""},
		{"72 bytes", strings.Repeat("ab", 36), ""},
		{"too short", "short", "at least 12 characters"},
		{"too long for bcrypt", strings.Repeat("x", 73), "at most 72 bytes"},
		{"not UTF-8", "twelve chars\xff", "not valid text"},
		{"twelve spaces", strings.Repeat(" ", 12), "only spaces or invisible characters"},
		{"tabs and newlines", "\t\t\t\n\n\n\r\r\r\v\v\v", "only spaces or invisible characters"},
		{"control characters", strings.Repeat("\x01", 12), "only spaces or invisible characters"},
		{"zero-width and no-break spaces", strings.Repeat("\u200b\u00a0", 6), "only spaces or invisible characters"},
		{"common", "password1234", "most common passwords"},
		{"common in capitals", "PassWord1234", "most common passwords"},
		{"common keyboard walk", "1qaz2wsx3edc", "most common passwords"},
		{"common with a space after", "password1234 ", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := CheckNewPassword(c.password)
			_, hashErr := HashPassword(c.password)
			if c.refusal == "" {
				if err != nil || hashErr != nil {
					t.Errorf("refused: %v / %v", err, hashErr)
				}
				return
			}
			if survey.Code(err) != survey.ErrInvalid || !strings.Contains(err.Error(), c.refusal) {
				t.Errorf("CheckNewPassword = %v, want invalid with %q", err, c.refusal)
			}
			if hashErr == nil || hashErr.Error() != err.Error() {
				t.Errorf("HashPassword = %v, want the same refusal", hashErr)
			}
		})
	}
}

func TestCommonListIsWholeAndLowerCase(t *testing.T) {
	set := commonSet()
	if len(set) != 49233 {
		t.Errorf("the list has %d passwords, want the 49,233 published", len(set))
	}
	for _, p := range []string{"123456", "password", "qwertyuiop", "iloveyou"} {
		if _, ok := set[p]; !ok {
			t.Errorf("%q is not on the list", p)
		}
	}
	for p := range set {
		if p == "" || p != strings.ToLower(p) {
			t.Fatalf("the list holds %q, which lookups in lower case never find", p)
		}
	}
}

func TestTokenLifetime(t *testing.T) {
	for _, c := range []struct {
		in   string
		days int // 0 for refused
	}{
		{"90d", 90}, {"30d", 30}, {"1d", 1}, {" 365d ", 365},
		{"0d", 0}, {"366d", 0}, {"-5d", 0}, {"90", 0}, {"d", 0}, {"", 0}, {"3w", 0}, {"12h", 0}, {"1.5d", 0},
	} {
		got, err := ParseTokenLifetime(c.in)
		if c.days == 0 {
			if survey.Code(err) != survey.ErrInvalid || !strings.Contains(err.Error(), "1d to 365d") {
				t.Errorf("ParseTokenLifetime(%q) = %v, %v; want a refusal", c.in, got, err)
			}
			continue
		}
		if err != nil || got != time.Duration(c.days)*24*time.Hour {
			t.Errorf("ParseTokenLifetime(%q) = %v, %v; want %d days", c.in, got, err, c.days)
		}
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for expires, want := range map[string]bool{"2026-12-01T09:00:01Z": false, "2026-12-01T09:00:00Z": true, "2026-11-30T09:00:00Z": true, "garbage": true} {
		if got := (&Token{ExpiresAt: expires}).Expired(now); got != want {
			t.Errorf("a token expiring %s is expired at %s: %v, want %v", expires, now, got, want)
		}
	}
}

func TestTokens(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || !strings.HasPrefix(a, "sayso_") || len(a) != 49 {
		t.Fatalf("tokens %q %q", a, b)
	}
	ha, err := HashToken(a)
	hb, _ := HashToken(b)
	if err != nil || len(ha) != 32 || string(ha) == string(hb) {
		t.Fatalf("hashes %x %x %v", ha, hb, err)
	}
	for _, bad := range []string{"", "sayso_", a + "x", "bearer " + a, strings.TrimPrefix(a, "sayso_")} {
		if _, err := HashToken(bad); err == nil {
			t.Errorf("HashToken(%q) accepted", bad)
		}
	}
}

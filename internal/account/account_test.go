package account

import (
	"strings"
	"testing"

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
	if !strings.HasPrefix(hash, "$2a$12$") || strings.Contains(hash, "horse") {
		t.Errorf("hash %q", hash)
	}
	if !CheckPassword(hash, "correct horse battery") || CheckPassword(hash, "correct horse batterY") || CheckPassword("garbage", "x") {
		t.Error("CheckPassword does not tell right from wrong")
	}
	for _, bad := range []string{"short", strings.Repeat("x", 73), "twelve chars\xff"} {
		if _, err := HashPassword(bad); survey.Code(err) != survey.ErrInvalid {
			t.Errorf("HashPassword(%q) = %v, want invalid", bad, err)
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
